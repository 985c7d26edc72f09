// Planner invariants (docs/preflight.md): the checks only a planner bug can fail run here, not at run time. Every
// plan the planner builds from the committed stacks and their variants keeps them; the property test
// (property.test.ts) asserts the same over thousands of generated configs. That the checks can fail at all is
// shown by preflight.test.ts and lints.test.ts, which corrupt plans one way each.
import assert from "node:assert/strict";
import { invariantErrors } from "../../model/verify/preflight";
import { clone, planOf, stackConfig, withZone4 } from "../helpers/fixtures";

const STACKS: [string, Record<string, unknown>][] = [
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
  ["prod on Calico 3.30", { ...stackConfig("prod"), calico: { version: "3.30.7" } }],
];

describe("planner invariants", () => {
  for (const [name, raw] of STACKS) {
    it(`hold for ${name}`, () => {
      const plan = planOf(clone(raw));
      assert.ok(plan.sessions.length > 0 && plan.switches.length > 0);
      assert.deepEqual(invariantErrors(plan), []);
    });
  }
});
