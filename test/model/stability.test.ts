// Plan-level stability: a new zone leaves the plan of the old zones exactly as it was; order never matters.
import assert from "node:assert/strict";
import type { NetworkPlan } from "../../model/core/types";
import { planOf, reordered, stackConfig, withZone4 } from "../helpers/fixtures";

/** The plan restricted to zones az1-az3 (cluster-wide entries kept). */
function oldZones(plan: NetworkPlan): unknown {
  const keep = (zone?: string) => zone === undefined || zone !== "az4";
  return {
    zones: plan.zones.filter((z) => keep(z.name)),
    sessions: plan.sessions.filter((s) => keep(s.zone)),
    kubernetes: plan.kubernetes.filter((o) => keep(o.zone)),
    // A release's ordering edges to the new zone's objects belong to that zone's addition.
    helmReleases: plan.helmReleases.map((r) => ({
      ...r,
      dependsOn: r.dependsOn?.filter((d) => !d.startsWith("az4-")),
    })),
    switches: plan.switches.filter((s) => keep(s.zone)),
  };
}

describe("plan stability", () => {
  it("the plan of prod + az4, restricted to the old zones, deep-equals the plan of prod", () => {
    assert.deepEqual(
      oldZones(planOf(withZone4(stackConfig("prod")))),
      oldZones(planOf(stackConfig("prod"))),
    );
  });

  it("is independent of the order of every map in the config", () => {
    assert.deepEqual(planOf(reordered(stackConfig("prod"))), planOf(stackConfig("prod")));
  });
});
