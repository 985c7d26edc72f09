// Every invalid config is refused with exactly its problems, each naming the path, the value and the fix: config
// rules (model/spec/spec.ts) and preflight rules on the plan (model/verify/preflight/), through the path the program takes.
import assert from "node:assert/strict";
import { ConfigError } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { INVALID, VALID } from "./invalid-cases";

describe("stack config validation", () => {
  it("accepts the valid base config", () => {
    const { plan } = checkStack(structuredClone(VALID), { requireSecrets: true });
    assert.deepEqual(
      plan.zones.map((z) => z.name),
      ["z1"],
    );
  });

  it("has at least 20 distinct invalid configs", () => {
    assert.ok(INVALID.length >= 20);
    assert.equal(new Set(INVALID.map((c) => c.expected.join("\n"))).size, INVALID.length);
  });

  for (const c of INVALID) {
    it(`fails when ${c.name}`, () => {
      const config = structuredClone(VALID);
      c.edit(config);
      assert.throws(
        () => checkStack(config, { requireSecrets: true }),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.deepEqual(e.problems, c.expected);
          return true;
        },
      );
    });
  }

  it("reports every problem of a config at once", () => {
    const config = structuredClone(VALID) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    config.zones.z1.nodeCidr = "10.0.0.5/24";
    config.zones.z1.masters.m2.address = "10.0.0.11";
    config.bgp = { holdSeconds: 2 };
    assert.throws(
      () => checkStack(config, { requireSecrets: true }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.problems, [
          "bgp.holdSeconds: is outside 3-65535 (got 2); use a hold time of at least 3 s (9 detects a dead ingress node within 10 s)",
          "zones.z1.masters.m2.address: address is already used by zones.z1.masters.m1.address (got 10.0.0.11); give every switch and node its own address",
          "zones.z1.nodeCidr: has host bits set (got 10.0.0.5/24); use the network address 10.0.0.0/24",
        ]);
        assert.match(e.message, /^invalid stack config \(3 problems\):\n {2}bgp\.holdSeconds/);
        return true;
      },
    );
  });
});
