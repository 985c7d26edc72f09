// The plan diff: what a reviewer of a stack-config change sees, and that nothing else moves.
import assert from "node:assert/strict";
import { diffPlans, sessionKey } from "../../model/present/diff";
import { diffText } from "../../model/present/diff-text";
import type { NetworkPlan } from "../../model/core/types";
import { clone, planOf, reordered, stackConfig, withZone4 } from "../helpers/fixtures";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const LABELS = { before: "before.yaml", after: "after.yaml" };
const prod = () => stackConfig("prod") as Json;
const edited = (edit: (c: Json) => void): NetworkPlan => {
  const c = clone(prod());
  edit(c);
  return planOf(c);
};

describe("plan diff", () => {
  it("of prod against itself is empty", () => {
    const d = diffPlans(planOf(prod()), planOf(prod()));
    assert.equal(d.changed, false);
    assert.deepEqual(
      d.zones.map((z) => [z.zone, z.change]),
      [
        ["az1", "unchanged"],
        ["az2", "unchanged"],
        ["az3", "unchanged"],
      ],
    );
    assert.deepEqual(d.blastRadius, {
      changed: [],
      unchanged: ["az1", "az2", "az3", "cluster-wide"],
      switches: [],
    });
    assert.deepEqual(d.warnings, { added: [], removed: [] });
    assert.equal(
      diffText(d, LABELS),
      "diff fra1: after.yaml against before.yaml\n  no changes; unchanged: az1, az2, az3, cluster-wide\n",
    );
  });

  it("ignores the order of zones, switches and nodes in the config", () => {
    assert.equal(diffPlans(planOf(prod()), planOf(reordered(prod()))).changed, false);
  });

  it("of prod against prod + az4 holds only additions, all inside az4 and its two new switches", () => {
    const before = planOf(prod());
    const after = planOf(withZone4(prod()));
    const d = diffPlans(before, after);
    assert.equal(d.changed, true);
    assert.deepEqual(d.blastRadius, {
      changed: ["az4"],
      unchanged: ["az1", "az2", "az3", "cluster-wide"],
      switches: ["az4/core1", "az4/core2"],
    });
    assert.deepEqual(
      d.zones.map((z) => [z.zone, z.change]),
      [
        ["az1", "unchanged"],
        ["az2", "unchanged"],
        ["az3", "unchanged"],
        ["az4", "added"],
      ],
    );
    for (const z of d.zones.filter((x) => x.zone !== "az4")) {
      assert.deepEqual([z.attributes, z.sessions, z.kubernetes, z.switches], [[], [], [], []]);
    }
    assert.equal(d.cluster.change, "unchanged");
    const az4 = d.zones[3];
    // Every session, object and command of az4 in the new plan, each exactly once and as an addition.
    assert.deepEqual(
      az4.sessions.map((s) => [s.change, sessionKey(s.session)]),
      after.sessions.filter((s) => s.zone === "az4").map((s) => ["added", sessionKey(s)]),
    );
    assert.deepEqual(
      az4.kubernetes.map((o) => [o.change, o.resourceName]),
      after.kubernetes.filter((o) => o.zone === "az4").map((o) => ["added", o.resourceName]),
    );
    assert.deepEqual(
      az4.switches.map((s) => [s.change, s.name, s.commands.map((c) => `${c.action} ${c.name}`)]),
      ["core1", "core2"].map((sw) => [
        "added",
        sw,
        [
          `create az4-${sw}-bgp-base`,
          `create az4-${sw}-neighbor-10.4.0.11`,
          `create az4-${sw}-neighbor-10.4.0.12`,
          `create az4-${sw}-neighbor-10.4.0.21`,
          `create az4-${sw}-neighbor-10.4.0.22`,
        ],
      ]),
    );
    assert.deepEqual(d.totals, {
      sessions: { added: 13, removed: 0, changed: 0 },
      kubernetes: { added: 15, removed: 0, changed: 0 },
      helmReleases: { added: 0, removed: 0, changed: 0 },
      commands: { create: 10, delete: 0, replace: 0, update: 0 },
    });
  });

  it("of one ingress node's new address: one neighbor out and one in per switch of its zone, nothing else", () => {
    const d = diffPlans(
      planOf(prod()),
      edited((c) => (c.zones.az1.ingressNodes["fra1-az1-in1"].address = "10.1.0.25")),
    );
    // No Kubernetes object carries a node address: nodes are selected by label and calico-node detects its own
    // address, so the Kubernetes side of this change is exactly nothing.
    assert.deepEqual(d.totals, {
      sessions: { added: 4, removed: 4, changed: 0 },
      kubernetes: { added: 0, removed: 0, changed: 0 },
      helmReleases: { added: 0, removed: 0, changed: 0 },
      commands: { create: 2, delete: 2, replace: 0, update: 0 },
    });
    assert.equal(
      diffText(d, LABELS),
      `diff fra1: after.yaml against before.yaml
  sessions      +4 -4
  kubernetes    no change
  helm          no change
  switches      +2 -2 on az1/core1, az1/core2
  blast radius  az1
  rollout       zone by zone: az1 → az2 → az3; this change: az1
  unchanged     az2, az3, cluster-wide

az1  changed  AS65101  nodes 10.1.0.0/24  pods 10.244.0.0/18
  zone          ingressNodes["fra1-az1-in1"]  10.1.0.21 -> 10.1.0.25
  sessions      -  node-rr         fra1-az1-in1  10.1.0.21  <->  fra1-az1-m1  10.1.0.11  rr-client fra1-az1-in1
                -  node-rr         fra1-az1-in1  10.1.0.21  <->  fra1-az1-m2  10.1.0.12  rr-client fra1-az1-in1
                +  node-rr         fra1-az1-in1  10.1.0.25  <->  fra1-az1-m1  10.1.0.11  rr-client fra1-az1-in1
                +  node-rr         fra1-az1-in1  10.1.0.25  <->  fra1-az1-m2  10.1.0.12  rr-client fra1-az1-in1
                -  ingress-switch  fra1-az1-in1  10.1.0.21  <->  core1        10.1.0.2
                -  ingress-switch  fra1-az1-in1  10.1.0.21  <->  core2        10.1.0.3
                +  ingress-switch  fra1-az1-in1  10.1.0.25  <->  core1        10.1.0.2
                +  ingress-switch  fra1-az1-in1  10.1.0.25  <->  core2        10.1.0.3
  switch core1  -  az1-core1-neighbor-10.1.0.21  delete
                +  az1-core1-neighbor-10.1.0.25  create
  switch core2  -  az1-core2-neighbor-10.1.0.21  delete
                +  az1-core2-neighbor-10.1.0.25  create
`,
    );
  });

  it("of a zone's new AS: field-level Kubernetes changes, sessions that reset, switch stanzas replaced", () => {
    const d = diffPlans(
      planOf(prod()),
      edited((c) => (c.zones.az2.asn = 65112)),
    );
    assert.deepEqual(d.blastRadius.changed, ["az2"]);
    const az2 = d.zones[1];
    assert.deepEqual(az2.attributes, [
      { path: "asn", before: 65102, after: 65112 },
      { path: "routeReflectorClusterId", before: "244.0.254.78", after: "244.0.254.88" },
    ]);
    assert.ok(az2.sessions.every((s) => s.change === "changed" && s.resets));
    const objects = Object.fromEntries(az2.kubernetes.map((o) => [o.resourceName, o.fields]));
    assert.deepEqual(Object.keys(objects), [
      "az2-asn-policy",
      "az2-asn-status-policy",
      "az2-bgppeer-ingress-to-core1",
      "az2-bgppeer-ingress-to-core2",
      "az2-bgppeer-rrs-to-core1",
      "az2-bgppeer-rrs-to-core2",
      "az2-node-fra1-az2-in1",
      "az2-node-fra1-az2-in2",
      "az2-node-fra1-az2-m1",
      "az2-node-fra1-az2-m2",
    ]);
    assert.deepEqual(objects["az2-bgppeer-rrs-to-core1"], [
      { path: "spec.asNumber", before: 65102, after: 65112 },
    ]);
    assert.deepEqual(objects["az2-node-fra1-az2-m1"], [
      {
        path: 'metadata.annotations["projectcalico.org/ASNumber"]',
        before: "65102",
        after: "65112",
      },
      {
        path: 'metadata.annotations["projectcalico.org/RouteReflectorClusterID"]',
        before: "244.0.254.78",
        after: "244.0.254.88",
      },
    ]);
    // A new AS is a new stanza on the switch: every command is replaced (old delete, then new create).
    for (const sw of az2.switches) {
      assert.ok(sw.commands.every((c) => c.action === "replace" && c.inputs.includes("triggers")));
      assert.equal(sw.commands.length, 5);
    }
  });

  it("of a core switch's new address: its sessions move on both ends, its peers and its stanza follow", () => {
    const d = diffPlans(
      planOf(prod()),
      edited((c) => (c.zones.az2.switches.core2.address = "10.2.0.4")),
    );
    assert.deepEqual(d.blastRadius, {
      changed: ["az2"],
      unchanged: ["az1", "az3", "cluster-wide"],
      // core1 follows too: its next-hop filter refuses its sibling's address (switch-policy.ts).
      switches: ["az2/core1", "az2/core2"],
    });
    const az2 = d.zones[1];
    assert.deepEqual(az2.attributes, [
      { path: "switches.core2", before: "10.2.0.3", after: "10.2.0.4" },
    ]);
    assert.deepEqual(
      az2.sessions.map(
        (s) => `${s.change} ${s.session.a.name} ${s.session.b.name}@${s.session.b.address}`,
      ),
      [
        "removed fra1-az2-m1 core2@10.2.0.3",
        "added fra1-az2-m1 core2@10.2.0.4",
        "removed fra1-az2-m2 core2@10.2.0.3",
        "added fra1-az2-m2 core2@10.2.0.4",
        "removed fra1-az2-in1 core2@10.2.0.3",
        "added fra1-az2-in1 core2@10.2.0.4",
        "removed fra1-az2-in2 core2@10.2.0.3",
        "added fra1-az2-in2 core2@10.2.0.4",
      ],
    );
    assert.deepEqual(
      az2.kubernetes.map((o) => [o.resourceName, o.fields]),
      [
        [
          "az2-bgppeer-ingress-to-core2",
          [{ path: "spec.peerIP", before: "10.2.0.3", after: "10.2.0.4" }],
        ],
        [
          "az2-bgppeer-rrs-to-core2",
          [{ path: "spec.peerIP", before: "10.2.0.3", after: "10.2.0.4" }],
        ],
      ],
    );
    const [sibling, sw] = az2.switches;
    assert.deepEqual(
      sibling.commands.map((c) => [c.action, c.name, c.inputs]),
      [["update", "az2-core1-bgp-base", ["create"]]],
    );
    assert.deepEqual(
      sibling.commands[0].createDiff.filter((l) => /^[-+] /.test(l) && l.includes("10.2.0.")),
      [
        "- set -- \"$@\" -c 'ip prefix-list bgp-fabric-az2-next-hops description bgp-fabric az2 node next hops' -c 'ip prefix-list bgp-fabric-az2-next-hops seq 5 deny 10.2.0.2/32' -c 'ip prefix-list bgp-fabric-az2-next-hops seq 10 deny 10.2.0.3/32' -c 'ip prefix-list bgp-fabric-az2-next-hops seq 15 permit 10.2.0.0/24 le 32'",
        "+ set -- \"$@\" -c 'ip prefix-list bgp-fabric-az2-next-hops description bgp-fabric az2 node next hops' -c 'ip prefix-list bgp-fabric-az2-next-hops seq 5 deny 10.2.0.2/32' -c 'ip prefix-list bgp-fabric-az2-next-hops seq 10 deny 10.2.0.4/32' -c 'ip prefix-list bgp-fabric-az2-next-hops seq 15 permit 10.2.0.0/24 le 32'",
      ],
    );
    assert.deepEqual(
      sw.settings.filter((f) => f.path === "address"),
      [{ path: "address", before: "10.2.0.3", after: "10.2.0.4" }],
    );
    // The SSH host is a name, so only the base stanza changes: its update-source, re-run in place.
    assert.deepEqual(
      sw.commands.map((c) => [c.action, c.name, c.inputs]),
      [["update", "az2-core2-bgp-base", ["create"]]],
    );
    assert.ok(
      sw.commands[0].createDiff.some(
        (l) => l.startsWith("+ ") && l.includes("update-source 10.2.0.4"),
      ),
    );
  });

  it("of a new LoadBalancer pool: one added entry per list, not a shifted tail", () => {
    const d = diffPlans(
      planOf(prod()),
      edited((c) => (c.loadBalancerPools.extra = { cidr: "203.0.113.0/28" })),
    );
    assert.deepEqual(d.blastRadius.changed, ["az1", "az2", "az3", "cluster-wide"]);
    assert.deepEqual(d.cluster.attributes, [
      {
        path: "loadBalancerPools.extra",
        after: { cidr: "203.0.113.0/28", autoAssign: true },
      },
    ]);
    assert.deepEqual(
      d.cluster.kubernetes.map((o) => [o.change, o.resourceName, o.fields]),
      [
        [
          "changed",
          "bgpconfiguration-default",
          [{ path: "spec.serviceLoadBalancerIPs[0]", after: { cidr: "203.0.113.0/28" } }],
        ],
        [
          "changed",
          "bgpfilter-no-lb-via-reflectors",
          [
            {
              path: "spec.exportV4[0]",
              after: { action: "Reject", matchOperator: "In", cidr: "203.0.113.0/28" },
            },
          ],
        ],
        ["added", "metallb-pool-extra", []],
      ],
    );
    // The reflector-switch sessions export one more filtered pool; a filter change does not reset a session.
    const rrSwitch = d.zones.flatMap((z) => z.sessions);
    assert.equal(rrSwitch.length, 12);
    for (const s of rrSwitch) {
      assert.equal(s.session.kind, "rr-switch");
      assert.deepEqual(s.fields, [{ path: "exportReject[0]", after: "203.0.113.0/28" }]);
      assert.equal(s.resets, false);
    }
    // Every switch's pools prefix list gains the pool: its base command re-runs in place (no replacement).
    assert.deepEqual(d.totals.commands, { create: 0, delete: 0, replace: 0, update: 6 });
  });

  it("of a pinned SSH host key: every command of that switch re-runs its create over the new connection", () => {
    const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1bG9zZXJ2ZXJob3N0a2V5";
    const d = diffPlans(
      planOf(prod()),
      edited((c) => (c.zones.az3.switches.core2.sshHostKey = key)),
    );
    assert.deepEqual(d.blastRadius.switches, ["az3/core2"]);
    const sw = d.zones[2].switches[0];
    assert.deepEqual(sw.connection, [{ path: "ssh.hostKey", after: key }]);
    assert.deepEqual(
      sw.commands.map((c) => [c.action, c.inputs]),
      Array.from({ length: 6 }, () => ["update", ["connection"]]),
    );
  });

  it("lists new and gone warnings, which alone change nothing Pulumi would apply", () => {
    const before = planOf(prod());
    const after = clone(before);
    before.warnings = [
      { path: "a", message: "old" },
      { path: "b", message: "kept" },
    ];
    after.warnings = [
      { path: "b", message: "kept" },
      { path: "c", message: "new" },
    ];
    const d = diffPlans(before, after);
    assert.equal(d.changed, false);
    assert.deepEqual(d.warnings, {
      added: [{ path: "c", message: "new" }],
      removed: [{ path: "a", message: "old" }],
    });
    assert.equal(
      diffText(d, LABELS),
      "diff fra1: after.yaml against before.yaml\n  no changes; unchanged: az1, az2, az3, cluster-wide\n",
    );
  });

  it("against no plan (a stack new at that revision) is all additions, and the reverse all removals", () => {
    const plan = planOf(prod());
    const added = diffPlans(null, plan);
    assert.deepEqual(added.totals.sessions, { added: 43, removed: 0, changed: 0 });
    assert.deepEqual(added.blastRadius.changed, ["az1", "az2", "az3", "cluster-wide"]);
    const removed = diffPlans(plan, null);
    assert.deepEqual(removed.totals.commands, { create: 0, delete: 32, replace: 0, update: 0 });
    assert.deepEqual(
      removed.zones.map((z) => z.change),
      ["removed", "removed", "removed"],
    );
  });
});
