// Preflight on plans: valid plans pass; each targeted corruption is refused with the exact errors naming both ends
// (by preflight at run time, or by the planner invariants the tests assert: docs/preflight.md).
import assert from "node:assert/strict";
import { everyCheck } from "../../model/verify/preflight";
import { ConfigError } from "../../model/core/errors";
import { checkStack } from "../../model/pipeline";
import { clone, stackConfig, withZone4 } from "../helpers/fixtures";
import { base, CASES } from "./preflight-cases";

const FORMAT = /^\S+: .+ \(got .+\); .+$/;

// The table's own shape, checked as it loads (a fact about the test data, not a test of preflight): at least 30
// corruptions, each expecting a different report.
if (CASES.length < 30 || new Set(CASES.map((c) => c.errors.join("\n"))).size !== CASES.length)
  throw new Error("preflight-cases.ts: needs at least 30 corruptions, each with its own errors");

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

  it("refuses lab workers that would get no AS: planned hosts under kubernetes.asAssignment external", () => {
    const lab = stackConfig("lab") as { kubernetes: Record<string, unknown> };
    const raw = { ...lab, kubernetes: { ...lab.kubernetes, asAssignment: "external" } };
    assert.throws(
      () => checkStack(raw, { requireSecrets: false }),
      (e: unknown) =>
        e instanceof ConfigError &&
        JSON.stringify(e.problems) ===
          JSON.stringify([
            "lab.workers.az1.lab-az1-w1: has no projectcalico.org/ASNumber annotation, so calico-node gives it the default AS 64512 and eBGP sessions to its reflectors (got nothing); annotate it with zone az1's AS 65201",
            "lab.workers.az2.lab-az2-w1: has no projectcalico.org/ASNumber annotation, so calico-node gives it the default AS 64512 and eBGP sessions to its reflectors (got nothing); annotate it with zone az2's AS 65202",
          ]),
    );
  });

  /** Preflight's errors for one corruption, computed once for the two tests that read them. */
  const reports = new Map<(typeof CASES)[number], string[]>();
  const reportOf = (c: (typeof CASES)[number]): string[] => {
    if (!reports.has(c)) {
      const plan = base(c.base);
      c.edit(plan);
      reports.set(c, everyCheck(plan).errors);
    }
    return reports.get(c)!;
  };

  for (const c of CASES) {
    it(`fails when ${c.name}`, () => {
      assert.deepEqual(reportOf(c), c.errors);
    });
  }

  // What preflight reports, not what the case table says it should (the table was counted and checked here before,
  // which no change in preflight could fail): every corruption is refused, in the one error form, and no two
  // corruptions get the same report, so each is told apart.
  it("tells every corruption apart, each refused with well-formed errors", () => {
    const all = CASES.map(reportOf);
    for (const [i, errors] of all.entries()) {
      assert.ok(errors.length > 0, CASES[i].name);
      for (const e of errors) assert.match(e, FORMAT, CASES[i].name);
    }
    assert.equal(new Set(all.map((e) => e.join("\n"))).size, CASES.length);
  });
});
