// The package (`npm pack`): main and types point at compiled JavaScript built by `prepack`, and the packed entry
// loads and builds a Cluster with plain node: no ts-node, no TypeScript sources.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { readStackFile } from "../../model/spec/stack-file";
import { SSH_KEY } from "../helpers/cluster";
import ts from "typescript";

/**
 * Runs a program module under Pulumi's mocks in a node process of its own, its config as the engine hands it over
 * (the SSH key a secret), and returns every registration: type, name and inputs, in order.
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
      NODE_PATH: join(ROOT, "node_modules"),
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
  let dir: string;
  let pkg: string;
  let files: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "bgp-fabric-pack-"));
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const [packed] = JSON.parse(out.slice(out.indexOf("["))) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed.files.map((f) => f.path).sort();
    execFileSync("tar", ["-xzf", join(dir, packed.filename), "-C", dir]);
    pkg = join(dir, "package");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

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
    const source = readFileSync(join(ROOT, "examples/two-zones/index.ts"), "utf8");
    assert.match(source, /from "..\/..\/components";/);
    const js = ts.transpileModule(
      source.replace('from "../../components";', 'from "bgp-fabric";'),
      {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      },
    ).outputText;
    writeFileSync(
      join(dir, "example.js"),
      js.replace('require("bgp-fabric")', `require(${JSON.stringify(pkg)})`),
    );
    const packed = registrations(join(dir, "example.js"), dir, []);
    const fromSource = registrations(join(ROOT, "examples/two-zones"), ROOT, [
      "-r",
      join(ROOT, "node_modules", "ts-node", "register", "transpile-only"),
    ]);
    assert.ok(packed.length > 40, `${packed.length} resources`);
    assert.deepEqual(packed, fromSource);
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
