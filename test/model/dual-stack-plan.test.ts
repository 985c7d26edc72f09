// Dual-stack plan (issue 19), the Calico and MetalLB side: each zone's IPv6 IPPool, the nodes' IPv6 BGP addresses,
// IPv6 BGPPeers beside the IPv4 ones, the BGPFilter's IPv6 rules, the pools Calico advertises and MetalLB allocates,
// and a dual-stack Service for the ingress controller. Until the switch dialects render IPv6, preflight refuses a
// dual-stack zone in one line (and the switches carry exactly their IPv4 neighbors).
import assert from "node:assert/strict";
import { ConfigError } from "../../model/core/errors";
import { names } from "../../model/core/names";
import { checkStack } from "../../model/pipeline";
import { buildPlan } from "../../model/plan/plan";
import { parseSpec } from "../../model/spec/spec";
import { diffPlans } from "../../model/present/diff";
import { clone, dualStack, planOf, stackConfig } from "../helpers/fixtures";

const plan = () => buildPlan(parseSpec(dualStack(), { requireSecrets: false }).spec);
const body = (p: ReturnType<typeof plan>, resource: string) =>
  p.kubernetes.find((o) => o.resourceName === resource)?.body;

describe("dual-stack plan: Calico and MetalLB", () => {
  it("gives each dual-stack zone an IPv6 IPPool with the IPv4 pool's settings and its own block size", () => {
    assert.deepEqual(body(plan(), "az1-ippool-v6"), {
      apiVersion: "crd.projectcalico.org/v1",
      kind: "IPPool",
      metadata: { name: "az1-pods-v6" },
      spec: {
        cidr: "fd00:111::/56",
        blockSize: 122,
        ipipMode: "Never",
        vxlanMode: "Never",
        natOutgoing: false,
        disabled: false,
        nodeSelector: "topology.kubernetes.io/zone == 'az1'",
        allowedUses: ["Workload", "Tunnel"],
      },
    });
  });

  it("annotates every planned node with its IPv6 BGP address and the zone's IPv6 prefix length", () => {
    const p = plan();
    assert.deepEqual(body(p, "az1-node-lab-az1-m1")!.metadata.annotations, {
      "projectcalico.org/ASNumber": "65201",
      "projectcalico.org/RouteReflectorClusterID": "244.0.254.177",
      "projectcalico.org/IPv6Address": "fd00:11::11/64",
    });
    assert.deepEqual(body(p, "az2-node-lab-az2-in2")!.metadata.annotations, {
      "projectcalico.org/ASNumber": "65202",
      "projectcalico.org/IPv6Address": "fd00:12::22/64",
    });
  });

  it("adds an IPv6 BGPPeer toward each switch beside the IPv4 one, with the same AS, selector and filter", () => {
    const p = plan();
    assert.deepEqual(body(p, "az1-bgppeer-rrs-to-core2-v6"), {
      apiVersion: "crd.projectcalico.org/v1",
      kind: "BGPPeer",
      metadata: { name: "az1-rrs-to-core2-v6" },
      spec: {
        nodeSelector:
          "topology.kubernetes.io/zone == 'az1' && bgp-fabric.io/route-reflector == 'true'",
        peerIP: "fd00:11::3",
        asNumber: 65201,
        filters: ["bgp-fabric-no-lb-via-reflectors"],
      },
    });
    assert.deepEqual(body(p, "az2-bgppeer-ingress-to-core1-v6")!.spec, {
      nodeSelector: "topology.kubernetes.io/zone == 'az2' && bgp-fabric.io/ingress == 'true'",
      peerIP: "fd00:12::2",
      asNumber: 65202,
    });
    assert.deepEqual(
      p.kubernetes
        .filter((o) => o.body.kind === "BGPPeer" && o.zone === "az1")
        .map((o) => o.body.metadata.name)
        .sort(),
      [
        "az1-ingress-to-core1",
        "az1-ingress-to-core1-v6",
        "az1-ingress-to-core2",
        "az1-ingress-to-core2-v6",
        "az1-nodes-to-rrs",
        "az1-rrs-to-core1",
        "az1-rrs-to-core1-v6",
        "az1-rrs-to-core2",
        "az1-rrs-to-core2-v6",
        "az1-rrs-to-rrs",
      ],
    );
  });

  it("rejects each family's pools in the BGPFilter's rules of that family, and advertises and allocates both", () => {
    const p = plan();
    assert.deepEqual(body(p, "bgpfilter-no-lb-via-reflectors")!.spec, {
      exportV4: [{ action: "Reject", matchOperator: "In", cidr: "203.0.113.0/28" }],
      exportV6: [{ action: "Reject", matchOperator: "In", cidr: "2001:db8:113::/124" }],
    });
    assert.deepEqual(
      (body(p, "bgpconfiguration-default")!.spec as Record<string, unknown>).serviceLoadBalancerIPs,
      [{ cidr: "203.0.113.0/28" }, { cidr: "2001:db8:113::/124" }],
    );
    // MetalLB gives a RequireDualStack Service both addresses from one pool (the e2e's real controller): the IPv6
    // auto-assign pool's range joins the IPv4 one's IPAddressPool, and has no object of its own.
    assert.deepEqual(body(p, "metallb-pool-public")!.spec, {
      addresses: ["203.0.113.0/28", "2001:db8:113::/124"],
      autoAssign: true,
      avoidBuggyIPs: false,
    });
    assert.equal(body(p, "metallb-pool-public6"), undefined);
  });

  it("asks for a dual-stack ingress Service: one address of each family", () => {
    const release = plan().helmReleases.find((r) => r.resourceName === "ingress-controller")!;
    const service = (release.values.controller as { service: Record<string, unknown> }).service;
    assert.deepEqual(service, {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      ipFamilyPolicy: "RequireDualStack",
      ipFamilies: ["IPv4", "IPv6"],
    });
  });

  it("plans every session again over IPv6 between the IPv6 addresses", () => {
    const p = plan();
    const v6 = p.sessions.filter((s) => s.family === "ipv6");
    const v4 = p.sessions.filter((s) => s.family === undefined);
    assert.equal(v6.length, v4.length);
    assert.equal(v6.length, 2 * (1 + 3 * 2 + 2 * 2 + 2 * 2));
    assert.deepEqual(
      v6.find((s) => s.zone === "az1" && s.kind === "rr-switch" && s.b.name === "core1"),
      {
        zone: "az1",
        kind: "rr-switch",
        family: "ipv6",
        a: { name: "lab-az1-m1", address: "fd00:11::11", asn: 65201, role: "master" },
        b: { name: "core1", address: "fd00:11::2", asn: 65201, role: "switch" },
        rrClient: "core1",
        exportReject: ["2001:db8:113::/124"],
      },
    );
    assert.deepEqual(
      v4.find((s) => s.zone === "az1" && s.kind === "rr-switch" && s.b.name === "core1")!
        .exportReject,
      ["203.0.113.0/28"],
    );
  });

  it("gives each FRR switch its IPv6 neighbors in IPv6 peer groups of their own, sourced from its IPv6 address", () => {
    const sw = plan().switches.find((s) => s.zone === "az1" && s.name === "core2")!;
    assert.deepEqual(
      sw.neighbors.map((n) => `${n.peerGroup} ${n.address} ${n.command}`),
      [
        "K8S-RR 10.11.0.11 az1-core2-neighbor-10.11.0.11",
        "K8S-RR 10.11.0.12 az1-core2-neighbor-10.11.0.12",
        "K8S-INGRESS 10.11.0.21 az1-core2-neighbor-10.11.0.21",
        "K8S-INGRESS 10.11.0.22 az1-core2-neighbor-10.11.0.22",
        "K8S-RR6 fd00:11::11 az1-core2-neighbor-fd00-11--11",
        "K8S-RR6 fd00:11::12 az1-core2-neighbor-fd00-11--12",
        "K8S-INGRESS6 fd00:11::21 az1-core2-neighbor-fd00-11--21",
        "K8S-INGRESS6 fd00:11::22 az1-core2-neighbor-fd00-11--22",
      ],
    );
    assert.deepEqual(
      sw.peerGroups.map((g) => [
        g.name,
        g.family ?? "ipv4",
        g.updateSource,
        g.negotiates.addressFamilies.join(","),
        g.routeMapIn,
        g.routeMapOut,
      ]),
      [
        [
          "K8S-RR",
          "ipv4",
          "10.11.0.3",
          "ipv4-unicast",
          "bgp-fabric-az1-rr-in",
          "bgp-fabric-az1-rr-out",
        ],
        [
          "K8S-INGRESS",
          "ipv4",
          "10.11.0.3",
          "ipv4-unicast",
          "bgp-fabric-az1-ingress-in",
          "bgp-fabric-az1-ingress-out",
        ],
        [
          "K8S-RR6",
          "ipv6",
          "fd00:11::3",
          "ipv6-unicast",
          "bgp-fabric-az1-rr-in-v6",
          "bgp-fabric-az1-rr-out-v6",
        ],
        [
          "K8S-INGRESS6",
          "ipv6",
          "fd00:11::3",
          "ipv6-unicast",
          "bgp-fabric-az1-ingress-in-v6",
          "bgp-fabric-az1-ingress-out-v6",
        ],
      ],
    );
    // The IPv6 inbound policy: pod blocks from the block size to /128, pools as /128, next hops in the IPv6 node
    // subnet but the switches' own /128s.
    assert.deepEqual(
      sw.prefixLists
        .filter((l) => l.family === "ipv6")
        .map((l) => [
          l.name,
          l.entries.map((e) => `${e.action} ${e.prefix} ${e.ge ?? ""} ${e.le ?? ""}`.trim()),
        ]),
      [
        ["bgp-fabric-az1-pods-v6", ["permit fd00:111::/56 122"]],
        ["bgp-fabric-az1-pools-v6", ["permit 2001:db8:113::/124 128"]],
        ["bgp-fabric-az1-nodes-out-v6", ["permit ::/0"]],
        [
          "bgp-fabric-az1-next-hops-v6",
          ["deny fd00:11::2/128", "deny fd00:11::3/128", "permit fd00:11::/64  128"],
        ],
      ],
    );
  });

  it("passes preflight with FRR switches, and refuses a dual-stack zone's EOS or NX-OS switch in one line", () => {
    const { plan: checked } = checkStack(dualStack(), { requireSecrets: false });
    assert.equal(checked.sessions.length, 60);
    const raw = clone(dualStack());
    raw.zones.az2.switches.core1.dialect = "eos";
    raw.zones.az2.switches.core2.dialect = "nxos";
    assert.throws(
      () => checkStack(raw, { requireSecrets: false }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(
          e.problems,
          (["core1 eos", "core2 nxos"] as const).map((x) => {
            const [sw, d] = x.split(" ");
            return `zones.az2.switches.${sw}.dialect: cannot carry the zone's IPv6 sessions yet (zones.az2.ipv6): only frr renders them (got ${d}); keep zones.az2 IPv4-only (remove its ipv6 settings and the IPv6 pools) until the ${d} dialect renders IPv6 (issue 19)`;
          }),
        );
        return true;
      },
    );
  });

  it("leaves an IPv4-only stack's plan without any IPv6 field", () => {
    const text = JSON.stringify(planOf(clone(stackConfig("lab"))));
    for (const word of ["ipv6", "IPv6", '"family"', "exportV6", "ipFamil", "-v6"])
      assert.equal(text.includes(word), false, word);
  });
});

describe("dual-stack plan: adding IPv6 to a running IPv4 datacenter (plan diff)", () => {
  const v4 = () => planOf(clone(stackConfig("lab")));
  // The lab stack with the fixture's IPv6 settings: same datacenter, zones, nodes and IPv4 addresses.
  const v6 = () => {
    const raw = clone(dualStack());
    raw.datacenter = "lab";
    return buildPlan(parseSpec(raw, { requireSecrets: false }).spec);
  };
  const changes = (d: ReturnType<typeof diffPlans>) => ({
    sessions: d.zones.flatMap((z) =>
      z.sessions.map((s) => `${s.change} ${s.session.family ?? "ipv4"}`),
    ),
    objects: [...d.cluster.kubernetes, ...d.zones.flatMap((z) => z.kubernetes)].map(
      (o) =>
        `${o.change} ${o.resourceName}${o.fields.length ? ` ${o.fields.map((f) => f.path).join(",")}` : ""}`,
    ),
    releases: d.cluster.helmReleases.map(
      (r) => `${r.change} ${r.resourceName} ${r.fields.map((f) => f.path).join(",")}`,
    ),
    commands: d.zones.flatMap((z) =>
      z.switches.flatMap((s) =>
        s.commands.map((c) => `${c.action} ${c.name} ${c.inputs.join(",")}`.trim()),
      ),
    ),
  });

  const service = "values.controller.service.ipFamilyPolicy,values.controller.service.ipFamilies";
  for (const [what, before, after, verb, release] of [
    // The IPv6 pool joins the IPv4 pool's IPAddressPool (no object of its own): no new ordering edge either way.
    ["adding", v4, v6, "added", `changed ingress-controller ${service}`],
    ["removing", v6, v4, "removed", `changed ingress-controller ${service}`],
  ] as const)
    it(`${what} it touches no IPv4 session or IPv4 switch command (the base included): IPv6 objects ${verb}, IPv6 keys of shared objects changed`, () => {
      const c = changes(diffPlans(before(), after()));
      // Every IPv6 session of both zones (15 a zone: 1 rr-rr, 6 node-rr, 4 rr-switch, 4 ingress-switch), no IPv4 one.
      assert.deepEqual(c.sessions, Array(30).fill(`${verb} ipv6`));
      // Per switch: the IPv6 part (groups, policy, ipv6 unicast) and the IPv6 neighbors created or deleted, nothing
      // else: the base and the IPv4 neighbors are not updated.
      const create = verb === "added" ? "create" : "delete";
      assert.deepEqual(
        c.commands,
        ["az1", "az2"].flatMap((z) =>
          ["core1", "core2"].flatMap((sw) => [
            `${create} ${z}-${sw}-bgp-base-v6`,
            ...["11", "12", "21", "22"].map(
              (n) => `${create} ${z}-${sw}-neighbor-fd00-1${z.slice(2)}--${n}`,
            ),
          ]),
        ),
      );
      assert.deepEqual(c.releases, [release]);
      const zone = (z: string) => [
        ...["ingress-to-core1", "ingress-to-core2", "rrs-to-core1", "rrs-to-core2"].map(
          (peer) => `${verb} ${z}-bgppeer-${peer}-v6`,
        ),
        `${verb} ${z}-ippool-v6`,
        ...["in1", "in2", "m1", "m2"].map(
          (n) =>
            `changed ${z}-node-lab-${z}-${n} metadata.annotations["projectcalico.org/IPv6Address"]`,
        ),
      ];
      assert.deepEqual(c.objects, [
        "changed bgpconfiguration-default spec.serviceLoadBalancerIPs[1]",
        "changed bgpfilter-no-lb-via-reflectors spec.exportV6",
        "changed metallb-pool-public spec.addresses[1]",
        ...zone("az1"),
        ...zone("az2"),
      ]);
    });
});

describe("dual-stack plan: the IPv4 commands stay as they were", () => {
  it("adding IPv6 leaves every switch's drain, base and IPv4 neighbor commands byte-identical, in the same order", () => {
    const raw = clone(dualStack());
    raw.datacenter = "lab";
    const after = buildPlan(parseSpec(raw, { requireSecrets: false }).spec);
    for (const before of planOf(clone(stackConfig("lab"))).switches) {
      const now = after.switches.find((s) => s.zone === before.zone && s.name === before.name)!;
      const v6 = names.switchBase6(before.zone, before.name);
      const at = now.commands.findIndex((c) => c.name === v6);
      // The IPv6 part comes right after the IPv4 commands; the IPv6 neighbors follow it.
      assert.deepEqual(now.commands.slice(0, at), before.commands);
      assert.equal(now.commands[at].kind, "base-v6");
      assert.equal(now.commands[at].after, before.commands.at(-1)!.name);
      assert.deepEqual(
        now.commands.slice(at + 1).map((c) => [c.kind, c.name.includes("-neighbor-fd00-")]),
        Array(4).fill(["neighbor", true]),
      );
      assert.equal(now.commands[at + 1].after, v6);
    }
  });
});
