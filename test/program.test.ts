// The program itself (index.ts) under mocks, with config handed in the way the Pulumi engine hands it.
import assert from "node:assert/strict";
import { GOLDEN } from "./components/cluster.test";
import { engineEnv, runProgram } from "./helpers/engine-config";

const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nprogram-test-key\n-----END OPENSSH PRIVATE KEY-----\n";

describe("index.ts under the engine's config protocol", function () {
  this.timeout(180_000);

  it("registers the golden resources of the prod stack", () => {
    const run = runProgram(engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY }));
    assert.equal(run.error, undefined);
    assert.deepEqual(
      run.resources!.map((r) => [r.key, r.parent]),
      GOLDEN,
    );
  });

  it("stops before registering anything when the config is invalid, listing every problem", () => {
    const run = runProgram(
      engineEnv(
        "Pulumi.prod.yaml",
        { bgpPasswords: { az1: "short", az9: "long-enough-password" } },
        (c) => {
          (c["bgp-fabric:zones"] as { az2: { asn: number } }).az2.asn = 65101;
        },
      ),
    );
    assert.equal(run.ok, false);
    assert.equal(
      run.error,
      [
        "invalid stack config (4 problems):",
        "  bgpPasswords.az1: is not 8-80 characters of letters, digits and !#%*+,./:=?@^_~- (got <secret>); choose a password of that form (no spaces or quotes)",
        "  bgpPasswords.az9: names no zone (got az9); use one of: az1, az2, az3",
        "  switchSshPrivateKey: is required to configure the core switches (got nothing); set it with `pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric`",
        "  zones.az2.asn: AS number is already used by zones.az1.asn (got 65101); give each zone its own AS",
      ].join("\n"),
    );
    assert.deepEqual(run.resources, undefined);
    assert.ok(!run.stdout.includes("short") && !run.stderr.includes("long-enough-password"));
  });
});
