// Ordering lives in the plan: the exact edges of a small config, and an emit order that honours every edge.
import assert from "node:assert/strict";
import { checkStack } from "../../model/pipeline";
import { emitOrder } from "../../model/plan/ordering";
import type { NetworkPlan } from "../../model/core/types";
import { VALID } from "./invalid-cases";

/** The one-zone config with a BGP password (so the zone has a Secret and its RBAC). */
const plan = (): NetworkPlan =>
  checkStack(
    { ...structuredClone(VALID), bgpPasswords: { z1: { secure: "v1:abc" } } },
    { requireSecrets: true },
  ).plan;

/** What the masters' reflector patches wait for: the zone's peerings and everything else of it but the policy. */
const BEFORE_MASTERS = [
  "z1-bgp-passwords",
  "z1-bgp-passwords-reader",
  "z1-bgp-passwords-reader-calico-node",
  "z1-bgppeer-nodes-to-rrs",
  "z1-bgppeer-rrs-to-rrs",
  "z1-bgppeer-rrs-to-sw1",
  "z1-ippool",
];

describe("plan ordering", () => {
  it("has exactly the edges the entries do not carry themselves", () => {
    assert.deepEqual(plan().ordering, [
      { key: "component:zone/z1", after: ["bgpfilter-no-lb-via-reflectors"] },
      { key: "z1-node-m1", after: BEFORE_MASTERS },
      { key: "z1-node-m2", after: BEFORE_MASTERS },
      {
        key: "bgpconfiguration-default",
        after: ["component:ingress-pool", "component:zone/z1"],
      },
      // A password change drains the switch before the nodes read the new password.
      { key: "z1-bgp-passwords", after: ["switch-drain:z1/sw1"] },
    ]);
  });

  it("emits every unit once, after its parent, what it names, and all a named component holds", () => {
    const p = plan();
    const units = emitOrder(p);
    const at = new Map(units.map((u, i) => [u.key, i]));
    assert.equal(at.size, units.length);
    // One unit per switch, and one more for each switch's drain command.
    const drains = p.switches.filter((s) => s.commands.some((c) => c.kind === "drain")).length;
    assert.equal(drains, p.switches.length);
    assert.equal(
      units.length,
      3 + p.helmReleases.length + p.kubernetes.length + p.switches.length + drains,
    );
    const holds = (c: string, key: string): boolean => {
      const parent = units.find((u) => u.key === key)?.parent;
      return parent !== undefined && (parent === c || holds(c, parent));
    };
    for (const u of units) {
      if (u.parent !== "component:cluster") assert.ok(at.get(u.parent)! < at.get(u.key)!, u.key);
      for (const d of u.after) {
        assert.ok(at.get(d)! < at.get(u.key)!, `${u.key} after ${d}`);
        for (const h of units.filter((x) => holds(d, x.key)))
          assert.ok(at.get(h.key)! < at.get(u.key)!, `${u.key} after ${h.key} (in ${d})`);
      }
    }
    // Mesh off is the last Kubernetes object: it waits for every Zone and the IngressPool.
    assert.equal(units.filter((u) => u.kind === "object").at(-1)?.key, "bgpconfiguration-default");
  });

  it("refuses a cycle instead of emitting half a plan", () => {
    const p = plan();
    const cyclic = {
      ...p,
      ordering: [...p.ordering, { key: "bgpfilter-no-lb-via-reflectors", after: ["z1-ippool"] }],
    };
    assert.throws(() => emitOrder(cyclic), /^Error: internal: ordering cycle among /);
  });
});
