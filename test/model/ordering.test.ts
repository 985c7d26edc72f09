// Ordering lives in the plan: the exact edges of a small config, and an emit order that honours every edge.
import assert from "node:assert/strict";
import { checkStack } from "../../model/pipeline";
import { emitOrder } from "../../model/plan/ordering";
import type { NetworkPlan } from "../../model/core/types";
import { VALID } from "./invalid-cases";
import { planOf, stackConfig, withZone4 } from "../helpers/fixtures";

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

/** Two zones, z1 (from VALID, with a password) and z2 (without), and the given rollout settings. */
const twoZones = (rollout: Record<string, unknown> = {}): NetworkPlan => {
  const raw = structuredClone(VALID) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw.zones.z2 = {
    asn: 65002,
    nodeCidr: "10.0.1.0/24",
    podCidr: "10.101.0.0/16",
    switches: {
      sw1: { address: "10.0.1.1", dialect: "frr" },
      sw2: { address: "10.0.1.2", dialect: "frr" },
    },
    masters: { m3: { address: "10.0.1.11" }, m4: { address: "10.0.1.12" } },
    ingressNodes: { in2: { address: "10.0.1.21" } },
  };
  return checkStack(
    { ...raw, ...rollout, bgpPasswords: { z1: { secure: "v1:abc" } } },
    { requireSecrets: true },
  ).plan;
};

/** The edges the rollout adds (those naming a switch command). */
const rolloutEdges = (p: NetworkPlan) =>
  p.ordering.filter((e) => e.after.some((a) => a.includes("-neighbor-")));

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
      { key: "z1-bgp-passwords", after: ["z1-sw1-bgp-drain"] },
    ]);
  });

  it("emits every unit once, after its parent, what it names, and all a named component holds", () => {
    const p = plan();
    const units = emitOrder(p);
    const at = new Map(units.map((u, i) => [u.key, i]));
    assert.equal(at.size, units.length);
    // A switch command is named by its own name too (the Secret waits for a drain command): its unit's place.
    for (const u of units)
      if (u.kind === "switch") for (const c of u.switch.commands) at.set(c.name, at.get(u.key)!);
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

  it("zone by zone: every entry of z2 that waits for nothing else of z2 waits for z1's last switch commands", () => {
    const p = twoZones();
    assert.deepEqual(p.rollout, { mode: "zone-by-zone", order: ["z1", "z2"] });
    const z1Done = ["z1-sw1-neighbor-10.0.0.21"];
    assert.deepEqual(
      rolloutEdges(p),
      [
        "z2-bgppeer-ingress-to-sw1",
        "z2-bgppeer-ingress-to-sw2",
        "z2-bgppeer-nodes-to-rrs",
        "z2-bgppeer-rrs-to-rrs",
        "z2-bgppeer-rrs-to-sw1",
        "z2-bgppeer-rrs-to-sw2",
        "z2-ippool",
        "z2-node-in2",
        "z2-sw1-bgp-base",
        "z2-sw2-bgp-base",
      ].map((key) => ({ key, after: z1Done })),
    );
  });

  it("an explicit order puts its zones first: z2 before z1, whose entries (its switch's drain first, the Secret through it) wait for both z2 switches", () => {
    const p = twoZones({ rolloutOrder: ["z2"] });
    assert.deepEqual(p.rollout.order, ["z2", "z1"]);
    const z2Done = ["z2-sw1-neighbor-10.0.1.21", "z2-sw2-neighbor-10.0.1.21"];
    assert.deepEqual(
      rolloutEdges(p),
      [
        "z1-bgp-passwords-reader",
        "z1-bgp-passwords-reader-calico-node",
        "z1-bgppeer-ingress-to-sw1",
        "z1-bgppeer-nodes-to-rrs",
        "z1-bgppeer-rrs-to-rrs",
        "z1-bgppeer-rrs-to-sw1",
        "z1-ippool",
        "z1-node-in1",
        "z1-sw1-bgp-drain",
      ].map((key) => ({ key, after: z2Done })),
    );
  });

  it("parallel: no zone waits for another", () => {
    const p = twoZones({ rollout: "parallel" });
    assert.deepEqual(rolloutEdges(p), []);
    const zoneByZone = twoZones().ordering;
    assert.deepEqual(
      p.ordering,
      zoneByZone.filter((e) => !rolloutEdges(twoZones()).some((r) => r.key === e.key)),
    );
  });

  it("adding a zone last in the order adds edges only to the new zone's entries", () => {
    const before = planOf(stackConfig("prod")).ordering;
    const after = planOf(withZone4(stackConfig("prod"))).ordering;
    const old = (e: { key: string }) =>
      !e.key.startsWith("az4-") &&
      e.key !== "component:zone/az4" &&
      e.key !== "bgpconfiguration-default";
    assert.deepEqual(after.filter(old), before.filter(old));
    assert.deepEqual(
      after.filter((e) => e.key === "az4-core1-bgp-base"),
      [
        {
          key: "az4-core1-bgp-base",
          after: ["az3-core1-neighbor-10.3.0.23", "az3-core2-neighbor-10.3.0.23"],
        },
      ],
    );
  });

  it("emits a zone's switches after the previous zone's, and its objects after those switches", () => {
    const units = emitOrder(twoZones());
    const at = (key: string) => units.findIndex((u) => u.key === key);
    const sw = units.find((u) => u.key === "switch:z2/sw1");
    assert.ok(sw?.kind === "switch");
    assert.deepEqual(sw.commandAfter, { "z2-sw1-bgp-base": ["z1-sw1-neighbor-10.0.0.21"] });
    assert.ok(at("switch:z1/sw1") < at("z2-ippool"));
    assert.ok(at("switch:z1/sw1") < at("switch:z2/sw2"));
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
