// The e2e's example step without the engine: the example, given the site facts the e2e gives it, registers what the
// stack-file program registers from the e2e's stack config (pinned host keys, local charts), under mocks.
import assert from "node:assert/strict";
import { join } from "node:path";
import { withEngineConfig } from "../../harness/engine-config";
import { CONFD_CALICO_VERSION } from "../../e2e/confd/confd-side";
import { exampleSiteConfig } from "../../e2e/example-step";
import { exampleAgainstPackage } from "../../e2e/packed-example";
import { localCharts, pinHostKeys } from "../../e2e/stack-config";
import { fabric } from "../../program";
import { runExample, SSH_KEY } from "../helpers/cluster";
import { ROOT, stackConfig } from "../helpers/fixtures";
import { key, record, reveal } from "../../harness/mocks";

const HOST_KEYS = {
  az1: {
    core1:
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz1core1xxxxxxxxxxxxxxx root@core1\n",
    core2: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz1core2xxxxxxxxxxxxxxx",
  },
  az2: {
    core1: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz2core1xxxxxxxxxxxxxxx",
    core2: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz2core2xxxxxxxxxxxxxxx",
  },
};
const CHARTS = {
  metallb: join(ROOT, "..", "shared", "charts", "metallb-0.16.1"),
  ingress: join(ROOT, "..", "shared", "charts", "nginx-ingress-2.6.4"),
};

/** A program run with config as the engine hands it over: every value as text, the SSH key a secret. */
async function run(config: Record<string, unknown>, program: () => unknown) {
  const text = Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const env = {
    PULUMI_CONFIG: JSON.stringify({ ...text, "bgp-fabric:switchSshPrivateKey": SSH_KEY }),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["bgp-fabric:switchSshPrivateKey"]),
  };
  const recs = await withEngineConfig(env, () => record(program, "lab"));
  return recs.map((r) => ({
    key: key(r),
    parent: r.parent,
    dependsOn: r.dependsOn,
    inputs: reveal(r.inputs),
  }));
}

describe("e2e example step", () => {
  const raw = localCharts(pinHostKeys(stackConfig("lab"), HOST_KEYS), CHARTS);

  it("hands the example the e2e's pinned host keys and chart paths", () => {
    assert.deepEqual(exampleSiteConfig(raw), {
      "example:sshHostKeys": {
        az1: {
          core1:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz1core1xxxxxxxxxxxxxxx",
          core2:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz1core2xxxxxxxxxxxxxxx",
        },
        az2: {
          core1:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz2core1xxxxxxxxxxxxxxx",
          core2:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKeyForTheTestOnlyaz2core2xxxxxxxxxxxxxxx",
        },
      },
      "example:chartPaths": CHARTS,
      "example:calicoVersion": "3.32.1",
    });
  });

  for (const calico of ["3.32.1", CONFD_CALICO_VERSION])
    it(`the example registers what the program registers from the e2e's stack config (Calico ${calico})`, async () => {
      const stack = { ...raw, calico: { version: calico } };
      const program = await run(
        Object.fromEntries(Object.entries(stack).map(([k, v]) => [`bgp-fabric:${k}`, v])),
        () => fabric(),
      );
      const example = await run(exampleSiteConfig(stack), runExample);
      const release = program.find((r) => r.key.endsWith("Release::metallb"))!;
      assert.equal((release.inputs as { chart: string }).chart, CHARTS.metallb);
      assert.deepEqual(example, program);
    });
});

describe("the example against the package (e2e/packed-example.ts)", () => {
  it("imports the library by the package's name, compiled to CommonJS", () => {
    const js = exampleAgainstPackage(
      'import { Cluster } from "../../components";\nexport const c: number = new Cluster("x", {}).n;\n',
    );
    assert.equal(
      js,
      '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.c = void 0;\nconst bgp_fabric_1 = require("bgp-fabric");\nexports.c = new bgp_fabric_1.Cluster("x", {}).n;\n',
    );
  });

  it("fails when the example no longer imports the library as the rewrite expects", () => {
    assert.throws(
      () => exampleAgainstPackage('import { Cluster } from "bgp-fabric/components";\n'),
      /examples\/two-zones\/index\.ts: no `from "\.\.\/\.\.\/components";` to rewrite to the package's name/,
    );
  });
});
