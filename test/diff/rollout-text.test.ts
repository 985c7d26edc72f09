// The rollout order as the summary, the plan output and the diff print it.
import assert from "node:assert/strict";
import { summary } from "../../model/present/render";
import { rolloutText } from "../../model/present/rollout";
import { planOf, stackConfig } from "../helpers/fixtures";

describe("rollout text", () => {
  it("zone by zone, with and without the zones a change touches", () => {
    const r = { mode: "zone-by-zone" as const, order: ["az2", "az1", "az3"] };
    assert.equal(rolloutText(r), "zone by zone: az2 → az1 → az3");
    assert.equal(
      rolloutText(r, ["az3", "az2", "cluster-wide"]),
      "zone by zone: az2 → az1 → az3; this change: az2 → az3",
    );
    assert.equal(
      rolloutText(r, ["cluster-wide"]),
      "zone by zone: az2 → az1 → az3; this change: no zone",
    );
  });

  it("parallel: every zone at once", () => {
    const r = { mode: "parallel" as const, order: ["az1", "az2"] };
    assert.equal(rolloutText(r), "parallel: az1, az2 at once");
    assert.equal(rolloutText(r, ["az2"]), "parallel: az1, az2 at once; this change: az2");
  });

  it("SUMMARY.md states the order and what it means", () => {
    const lines = (raw: Record<string, unknown>) => {
      const text = summary(planOf(raw)).split("\n");
      const at = text.indexOf("## Rollout");
      return text.slice(at, at + 4);
    };
    assert.deepEqual(lines(stackConfig("prod")), [
      "## Rollout",
      "",
      "zone by zone: az1 → az2 → az3.",
      "Each zone's Kubernetes objects and switch commands wait for the health-checked switch commands of the zone before it: a zone whose check fails stops `pulumi up` before the next (docs/rollout.md).",
    ]);
    assert.deepEqual(lines({ ...stackConfig("prod"), rollout: "parallel" }).slice(2), [
      "parallel: az1, az2, az3 at once.",
      "No zone waits for another: a failing zone does not stop the others' changes (docs/rollout.md).",
    ]);
  });
});
