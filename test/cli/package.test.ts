// The package (`npm pack`): main and types point at compiled JavaScript built by `prepack`, and the packed entry
// loads and builds a Cluster with plain node: no ts-node, no TypeScript sources.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../helpers/fixtures";
import { readStackFile } from "../../model/spec/stack-file";

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
