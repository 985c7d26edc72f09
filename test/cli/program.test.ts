// The program itself (index.ts) under mocks, with config handed in the way the Pulumi engine hands it.
import assert from "node:assert/strict";
import { engineEnv } from "../../harness/engine-config";
import { runProgram } from "../helpers/engine-config";
import { readGolden, resourceLines } from "../helpers/golden";

/** The resources test/components/cluster.test.ts registers in process (its golden file). */
const GOLDEN = readGolden("program/prod-resources.txt");

const KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nprogram-test-key\n-----END OPENSSH PRIVATE KEY-----\n";

describe("index.ts under the engine's config protocol", function () {
  this.timeout(180_000);

  it("registers the golden resources of the prod stack", () => {
    const run = runProgram(engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY }));
    assert.equal(run.error, undefined);
    assert.equal(resourceLines(run.resources!.map((r) => [r.key, r.parent])), GOLDEN);
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
        "  bgpPasswords.az1: is not 8-80 characters of letters, digits and !#%*+,./:=?@^_~- (not starting with -) (got <secret>); choose a password of that form (no spaces or quotes)",
        "  bgpPasswords.az9: names no zone (got az9); use one of: az1, az2, az3",
        "  switchSshPrivateKey: is required to configure the core switches (got nothing); set it with `pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric`",
        "  zones.az2.asn: AS number is already used by zones.az1.asn (got 65101); give each zone its own AS",
      ].join("\n"),
    );
    assert.deepEqual(run.resources, undefined);
    assert.ok(!run.stdout.includes("short") && !run.stderr.includes("long-enough-password"));
  });

  it("refuses a bgp-fabric:__proto__ key by name instead of applying it as the config's prototype", () => {
    const run = runProgram(
      engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY }, (c) => {
        c["bgp-fabric:__proto__"] = { strict: true };
      }),
    );
    assert.equal(run.ok, false);
    assert.equal(
      run.error,
      "invalid stack config (1 problem):\n  __proto__: is a reserved name (got __proto__); rename it (__proto__, constructor and prototype are JavaScript object properties)",
    );
    assert.deepEqual(run.resources, undefined);
  });

  it("prints the preflight report (summary, then warnings with fixes) and registers the golden resources", () => {
    const run = runProgram(engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY }));
    assert.equal(run.error, undefined);
    assert.match(
      run.stdout,
      /^info: \[runtime\] kubernetes: the current context of [^\n]*; pin one with pulumi config set kubernetes:context <context>\ninfo: \[runtime\] preflight: 0 errors, 7 warnings; 43 BGP sessions checked on both ends, 32 switch commands against the dialect grammar\n/,
    );
    assert.match(
      run.stderr,
      /^warning: \[runtime\] calico\.version: advertises a LoadBalancer \/32 .* \(got 3\.32\.1\); upgrade Calico/,
    );
    assert.equal(run.stderr.match(/^warning: \[runtime\] /gm)?.length, 7);
  });

  it("stops before registering anything when preflight finds an error, listing errors, then warnings", () => {
    const run = runProgram(
      engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY }, (c) => {
        (c["bgp-fabric:calico"] as { version: string }).version = "3.26.4";
      }),
    );
    assert.equal(run.ok, false);
    assert.deepEqual(run.resources, undefined);
    const lines = run.error!.split("\n");
    assert.deepEqual(lines.slice(0, 3), [
      "invalid stack config (1 problem):",
      "  calico.version: is older than 3.27.3: route reflectors do not pass on LoadBalancer /32s they host no endpoint for (calico #8358) (got 3.26.4); upgrade Calico to 3.27.3 or later",
      "and 8 warnings:",
    ]);
    assert.equal(lines.length, 11);
  });

  it("with bgp-fabric:strict, stops on warnings too", () => {
    const run = runProgram(
      engineEnv("Pulumi.prod.yaml", { switchSshPrivateKey: KEY }, (c) => {
        c["bgp-fabric:strict"] = true;
      }),
    );
    assert.equal(run.ok, false);
    assert.deepEqual(run.resources, undefined);
    assert.match(
      run.error!,
      /^invalid stack config \(7 problems\):\n {2}calico\.version: advertises/,
    );
    assert.doesNotMatch(run.error!, /warnings:/);
  });
});
