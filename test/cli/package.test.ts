// The package (`npm pack`): main and types point at compiled JavaScript built by `prepack`, and the packed entry
// loads and builds a Cluster with plain node: no ts-node, no TypeScript sources.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { lstatSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { readStackFile } from "../../model/spec/stack-file";
import { SSH_KEY } from "../helpers/cluster";
import { packExample, sdkFrom, type PackedExample } from "../../e2e/packed-example";

/**
 * Runs a program module under Pulumi's mocks in a node process of its own, its config as the engine hands it over
 * (the SSH key a secret), and returns every registration: type, name and inputs, in order. The mocks are set on the
 * SDK `cwd` resolves, so a program registering through another copy of the SDK records nothing.
 */
function registrations(module: string, cwd: string, nodeArgs: string[]): string[] {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const seen = [];
    pulumi.runtime.setMocks({ newResource: (a) => { seen.push(JSON.stringify([a.type, a.name, a.inputs])); return { id: a.name, state: a.inputs }; }, call: () => ({}) }, "bgp-fabric", "lab", false);
    console.log = () => {};
    console.warn = () => {};
    require(${JSON.stringify(module)});
    process.once("beforeExit", () => process.stdout.write(JSON.stringify({ ts: Object.keys(require.extensions), seen })));
  `;
  const r = spawnSync(process.execPath, [...nodeArgs, "-e", script], {
    cwd,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      PULUMI_CONFIG: JSON.stringify({ "bgp-fabric:switchSshPrivateKey": SSH_KEY }),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["bgp-fabric:switchSshPrivateKey"]),
    },
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { ts: string[]; seen: string[] };
  // The packed program runs without TypeScript; the source one through ts-node.
  assert.equal(out.ts.includes(".ts"), nodeArgs.length > 0);
  return out.seen;
}

describe("the npm package", function () {
  this.timeout(600_000);
  // The e2e's own derivation (its example step deploys this module through the real engine).
  let packed: PackedExample;
  let dir: string;
  let pkg: string;
  let files: string[];
  before(() => {
    packed = packExample(tmpdir());
    ({ dir, packageDir: pkg, files } = packed);
  });
  after(() => packed?.remove());

  it("points main and types at compiled files and ships no TypeScript source", () => {
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {
      main: string;
      types: string;
    };
    assert.deepEqual(
      { main: manifest.main, types: manifest.types },
      { main: "dist/components/index.js", types: "dist/components/index.d.ts" },
    );
    assert.ok(files.includes(manifest.main) && files.includes(manifest.types));
    assert.deepEqual(
      files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      [],
    );
    // The schema's types are exported with the components.
    const types = readFileSync(join(pkg, "dist/components/types.d.ts"), "utf8");
    for (const t of ["StackConfig", "FabricConfig", "ZoneConfig", "ClusterArgs", "ZoneSummary"])
      assert.match(types, new RegExp(`export (type|interface) ${t}\\b`), t);
  });

  it("runs examples/two-zones against the packed package with plain node: what the example from source registers", () => {
    // The example as a program outside this repository has it: compiled, importing the package by name.
    const js = readFileSync(packed.module, "utf8");
    assert.match(js, /require\("bgp-fabric"\)/);
    assert.doesNotMatch(js, /components/);
    const packedRuns = registrations(packed.module, dirname(packed.module), []);
    const fromSource = registrations(join(ROOT, "examples/two-zones"), ROOT, [
      "-r",
      join(ROOT, "node_modules", "ts-node", "register", "transpile-only"),
    ]);
    assert.ok(packedRuns.length > 40, `${packedRuns.length} resources`);
    assert.deepEqual(packedRuns, fromSource);
  });

  it("lays the example out as a consumer's install would, on the project's one SDK, in a private directory", () => {
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(packed.name, "bgp-fabric");
    assert.equal(
      packed.version,
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    );
    const modules = join(dirname(packed.module), "node_modules");
    assert.ok(lstatSync(join(modules, "bgp-fabric")).isSymbolicLink());
    assert.equal(readlinkSync(join(modules, "bgp-fabric")), pkg);
    // The same file, so the same module instance in one process: the e2e's inline program depends on it.
    assert.equal(sdkFrom(dirname(packed.module)), sdkFrom(ROOT));
    assert.equal(sdkFrom(join(pkg, "dist", "components")), sdkFrom(ROOT));
  });

  it("loads with plain node and registers a datacenter under mocks", () => {
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const { Cluster } = require(${JSON.stringify(pkg)});
      const seen = [];
      pulumi.runtime.setMocks({ newResource: (a) => { seen.push(a.type + "::" + a.name); return { id: a.name, state: a.inputs }; }, call: () => ({}) }, "p", "lab", false);
      const config = ${JSON.stringify(readStackFile(join(ROOT, "Pulumi.lab.yaml")))};
      const key = "-----BEGIN OPENSSH PRIVATE KEY-----\\nk\\n-----END OPENSSH PRIVATE KEY-----\\n";
      console.log = () => {};
      console.warn = () => {};
      const c = new Cluster("lab", { config, switchSshPrivateKey: key });
      c.urn.apply(() => setTimeout(() => process.stdout.write(JSON.stringify({ ts: Object.keys(require.extensions), zones: Object.keys(c.zones), resources: seen.length })), 500));
    `;
    // NODE_PATH: the package's dependencies as a consumer's node_modules would hold them.
    const r = spawnSync(process.execPath, ["-e", script], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, NODE_PATH: join(ROOT, "node_modules") },
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { ts: string[]; zones: string[]; resources: number };
    assert.deepEqual(out.ts.sort(), [".js", ".json", ".node"]);
    assert.deepEqual(out.zones, ["az1", "az2"]);
    assert.ok(out.resources > 40, `${out.resources} resources`);
  });
});
