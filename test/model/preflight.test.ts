// Preflight on plans: valid plans pass; each targeted corruption is refused with the exact errors naming both ends.
import assert from "node:assert/strict";
import { preflight } from "../../model/verify/preflight";
import { checkStack } from "../../model/pipeline";
import { clone, stackConfig, withZone4 } from "../helpers/fixtures";
import { base, CASES } from "./preflight-cases";

const FORMAT = /^\S+: .+ \(got .+\); .+$/;

describe("preflight: session consistency", () => {
  const valid: [string, Record<string, unknown>][] = [
    ["prod", stackConfig("prod")],
    ["lab", stackConfig("lab")],
    [
      "prod with a password in every zone",
      {
        ...stackConfig("prod"),
        bgpPasswords: { az1: { secure: "a" }, az2: { secure: "b" }, az3: { secure: "c" } },
      },
    ],
    [
      "prod in reflector mode",
      { ...stackConfig("prod"), ingress: { mode: "reflector", version: "2.6.4" } },
    ],
    ["prod with a fourth zone", withZone4(stackConfig("prod"))],
  ];
  for (const [name, raw] of valid) {
    it(`passes ${name}, checking every session and command`, () => {
      const { plan, report } = checkStack(clone(raw), { requireSecrets: false });
      assert.deepEqual(report.errors, []);
      assert.equal(report.checked.sessions, plan.sessions.length);
      assert.equal(
        report.checked.commands,
        plan.switches.reduce((n, s) => n + s.commands.length, 0),
      );
    });
  }

  it("has distinct corruptions, each refused with well-formed errors", () => {
    assert.ok(CASES.length >= 30);
    assert.equal(new Set(CASES.map((c) => c.errors.join("\n"))).size, CASES.length);
    for (const c of CASES) {
      assert.ok(c.errors.length > 0, c.name);
      for (const e of c.errors) assert.match(e, FORMAT, c.name);
    }
  });

  for (const c of CASES) {
    it(`fails when ${c.name}`, () => {
      const plan = base(c.base);
      c.edit(plan);
      assert.deepEqual(preflight(plan).errors, c.errors);
    });
  }
});
