// The Calico selector evaluator (model/plan/selectors.ts) that preflight and the lab share: exactly the subset the model
// emits, with Calico's `!=` semantics, and a SelectorError for anything else.
import assert from "node:assert/strict";
import { matches, parseSelector, SelectorError } from "../../model/plan/selectors";

describe("selectors: the evaluator of the subset the model emits", () => {
  const labels = { "topology.kubernetes.io/zone": "az1", "bgp-fabric.io/ingress": "true" };
  const cases: [string, boolean][] = [
    ["topology.kubernetes.io/zone == 'az1'", true],
    ["topology.kubernetes.io/zone == 'az2'", false],
    ["topology.kubernetes.io/zone == 'az1' && bgp-fabric.io/ingress == 'true'", true],
    ["topology.kubernetes.io/zone == 'az1' && bgp-fabric.io/route-reflector != 'true'", true], // absent label
    ["bgp-fabric.io/ingress != 'true'", false],
    ['topology.kubernetes.io/zone == "az1"', true],
  ];
  for (const [selector, want] of cases)
    it(`${selector} -> ${want}`, () => assert.equal(matches(selector, labels), want));

  for (const bad of [
    "has(bgp-fabric.io/ingress)",
    "a == 'x' || b == 'y'",
    "a in {'x'}",
    "all()",
    "",
  ]) {
    it(`fails when given ${JSON.stringify(bad)}`, () =>
      assert.throws(() => parseSelector(bad), SelectorError));
  }

  it("fails with a message naming the term it does not understand", () => {
    assert.throws(() => matches("a == 'x' || b == 'y'", labels), {
      name: "SelectorError",
      message:
        "selector \"a == 'x' || b == 'y'\" has an unsupported operator at \"|| b == 'y'\"; only k == 'v', k != 'v' and && are understood (extend model/plan/selectors.ts)",
    });
  });
});
