// The dual-stack lab (issue 19) on real FRR 8.4 and BIRD 2: the dual-stack fixture (the lab's datacenter with IPv6
// beside IPv4 in every zone) built from its plan alone. Every IPv4 and IPv6 session Established on both ends, each
// carrying its own family; every LoadBalancer /32 and /128 ECMP'd over the zone's ingress nodes in every switch's
// kernel FIB; HTTP over IPv6 through the /128 answered; foreign IPv6 announcements refused.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { Lab } from "../../lab/lab";
import { birdSocket } from "../../lab/node-host";
import {
  birdProtocolFor,
  birdProtocols,
  nexthops,
  sessionStates,
  snapshot,
} from "../../lab/observe";
import { httpLoad, seconds } from "../../lab/probes";
import { sh, sleep } from "../../lab/sh";
import { vtysh } from "../../lab/switch-frr";
import type { LabSwitch } from "../../lab/topology";

const STACK = resolve(__dirname, "../fixtures/Pulumi.dualstack.yaml");
const RUN_DIR = process.env.BGP_FABRIC_LAB_DIR ?? "/tmp/bgp-fabric-lab";
const figure = (line: string) => console.log(`      > ${line}`);

const LB4 = "203.0.113.0/32";
const LB6 = "2001:db8:114::/128";
const CLIENT6 = "fd00:172:31:255::1";

interface FrrFamily {
  peers: Record<string, { state: string; pfxRcd?: number }>;
}

describe("lab dual-stack (real FRR 8.4 and BIRD 2, IPv4 and IPv6 sessions side by side)", function () {
  let lab: Lab;
  let upMs = 0;
  let convergedMs = 0;
  const sw = (ns: string) => lab.topo.switches.find((s) => s.ns === ns)!;
  const family = (s: LabSwitch, afi: "ipv4" | "ipv6") =>
    JSON.parse(vtysh(lab.state, s, [`show bgp ${afi} unicast summary json`])) as FrrFamily;
  const states = (f: FrrFamily) =>
    Object.fromEntries(
      Object.entries(f.peers)
        .map(([ip, p]) => [ip, p.state] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );

  before(async function () {
    this.timeout(240_000);
    const t0 = Date.now();
    lab = await Lab.up({
      stackFile: STACK,
      runDir: RUN_DIR,
      log: (l) => {
        console.log(`      ${l}`);
        const m = /^converged: .* \((\d+\.\d) s\)$/.exec(l);
        if (m) convergedMs = Number(m[1]) * 1000;
      },
    });
    upMs = Date.now() - t0;
  });

  after(async function () {
    this.timeout(60_000);
    await Lab.down(RUN_DIR);
  });

  it("plans 60 sessions, 30 of them IPv6, and brings every one up on both ends", async function () {
    this.timeout(60_000);
    const v6 = lab.plan.sessions.filter((s) => s.family === "ipv6");
    assert.equal(lab.plan.sessions.length, 60);
    assert.equal(v6.length, 30);
    const down = sessionStates(lab.plan, lab.topo, await snapshot(lab.state, lab.topo)).filter(
      (s) => s.a !== "Established" || s.b !== "Established",
    );
    assert.deepEqual(down, []);
    figure(
      `60/60 plan sessions Established on both ends (30 IPv4, 30 IPv6); lab up in ${seconds(upMs)}, converged ${seconds(convergedMs)} after the last switch command`,
    );
  });

  it("each switch peers IPv4 over IPv4 and IPv6 over IPv6, by address (FRR show bgp <afi> unicast summary json)", function () {
    this.timeout(60_000);
    const E = "Established";
    assert.deepEqual(states(family(sw("bf-az1-core1"), "ipv4")), {
      "10.11.0.11": E,
      "10.11.0.12": E,
      "10.11.0.21": E,
      "10.11.0.22": E,
      "172.31.255.1": E,
      "172.31.255.12": E,
      "172.31.255.13": E,
    });
    assert.deepEqual(states(family(sw("bf-az1-core1"), "ipv6")), {
      "fd00:11::11": E,
      "fd00:11::12": E,
      "fd00:11::21": E,
      "fd00:11::22": E,
      [CLIENT6]: E,
    });
    assert.deepEqual(states(family(sw("bf-az2-core2"), "ipv6")), {
      "fd00:12::11": E,
      "fd00:12::12": E,
      "fd00:12::21": E,
      "fd00:12::22": E,
      [CLIENT6]: E,
    });
    // Every switch: its zone's nodes in both families, nothing else of the plan's.
    for (const s of lab.topo.switches) {
      const zone = lab.plan.zones.find((z) => z.name === s.zone)!;
      const hosts = [...zone.reflectors, ...zone.ingressNodes];
      const v4 = Object.keys(family(s, "ipv4").peers).filter((ip) => ip.startsWith("10."));
      const v6 = Object.keys(family(s, "ipv6").peers).filter((ip) => ip !== CLIENT6);
      assert.deepEqual(v4.sort(), hosts.map((h) => h.address).sort(), s.ns);
      assert.deepEqual(v6.sort(), hosts.map((h) => h.ipv6Address!).sort(), s.ns);
      // Every IPv6 neighbor negotiates IPv6 unicast only; every IPv4 one IPv4 unicast only.
      for (const [ip, afi] of hosts.flatMap((h) => [
        [h.ipv6Address!, "ipv6Unicast"],
        [h.address, "ipv4Unicast"],
      ])) {
        const n = JSON.parse(vtysh(lab.state, s, [`show bgp neighbors ${ip} json`])) as Record<
          string,
          { addressFamilyInfo?: Record<string, unknown> }
        >;
        assert.deepEqual(Object.keys(n[ip].addressFamilyInfo ?? {}), [afi], `${s.ns} ${ip}`);
      }
    }
  });

  it("each node's BIRD runs one protocol per peer and family, all Established (birdc show protocols)", async function () {
    this.timeout(60_000);
    const names = async (node: string) =>
      [...(await birdProtocols(lab.state, lab.node(node).ns))]
        .map(([name, p]) => `${name} ${p.state}`)
        .sort();
    const E = (n: string) => `${n} Established`;
    assert.deepEqual(
      await names("lab-az1-in1"),
      [
        "Node_10_11_0_11",
        "Node_10_11_0_12",
        "Node_10_11_0_2",
        "Node_10_11_0_3",
        "Node_fd00_11__11",
        "Node_fd00_11__12",
        "Node_fd00_11__2",
        "Node_fd00_11__3",
      ].map(E),
    );
    assert.deepEqual(
      await names("lab-az2-m1"),
      [
        "Node_10_12_0_12",
        "Node_10_12_0_2",
        "Node_10_12_0_21",
        "Node_10_12_0_22",
        "Node_10_12_0_3",
        "Node_10_12_0_31",
        "Node_fd00_12__12",
        "Node_fd00_12__2",
        "Node_fd00_12__21",
        "Node_fd00_12__22",
        "Node_fd00_12__3",
        "Node_fd00_12__31",
      ].map(E),
    );
    assert.deepEqual(await names("lab-az1-w1"), [
      E("Node_10_11_0_11"),
      E("Node_10_11_0_12"),
      E("Node_fd00_11__11"),
      E("Node_fd00_11__12"),
    ]);
  });

  it("every switch routes the /32 and the /128 over its zone's two ingress nodes, the client over all four switches", function () {
    this.timeout(60_000);
    const want: Record<string, [string[], string[]]> = {
      "bf-az1-core1": [
        ["10.11.0.21", "10.11.0.22"],
        ["fd00:11::21", "fd00:11::22"],
      ],
      "bf-az1-core2": [
        ["10.11.0.21", "10.11.0.22"],
        ["fd00:11::21", "fd00:11::22"],
      ],
      "bf-az2-core1": [
        ["10.12.0.21", "10.12.0.22"],
        ["fd00:12::21", "fd00:12::22"],
      ],
      "bf-az2-core2": [
        ["10.12.0.21", "10.12.0.22"],
        ["fd00:12::21", "fd00:12::22"],
      ],
    };
    assert.deepEqual(lab.loadBalancerIps(), [LB6, LB4]);
    for (const [ns, [v4, v6]] of Object.entries(want)) {
      assert.deepEqual(nexthops(ns, LB4), v4, `${ns} ${LB4}`);
      assert.deepEqual(nexthops(ns, LB6), v6, `${ns} ${LB6}`);
    }
    assert.deepEqual(nexthops(lab.topo.clientNs, LB6), [
      "fd00:172:31:255::a",
      "fd00:172:31:255::b",
      "fd00:172:31:255::c",
      "fd00:172:31:255::d",
    ]);
    // The IPv6 pod blocks: each switch routes its zone's five via the node owning each (through the reflectors).
    for (const s of lab.topo.switches) {
      const zoneNodes = lab.bgp.filter((b) => b.node.zone === s.zone);
      const routed = zoneNodes.map((b) => [b.v6!.blocks[0], nexthops(s.ns, b.v6!.blocks[0])]);
      assert.deepEqual(
        routed,
        zoneNodes.map((b) => [b.v6!.blocks[0], [b.v6!.address]]),
        s.ns,
      );
    }
    figure(
      `4/4 switches: ${LB4} and ${LB6} 2-way ECMP over the zone's ingress nodes; client: ${LB6} 4-way; each switch routes its zone's 5 IPv6 pod blocks via their nodes`,
    );
  });

  it("answers HTTP over IPv6 through the LoadBalancer /128 (and IPv4 through the /32), spread over all four ingress nodes", async function () {
    this.timeout(120_000);
    const v6 = await httpLoad(lab.topo.clientNs, "http://[2001:db8:114::]/", 400, 200);
    const v4 = await httpLoad(lab.topo.clientNs, "http://203.0.113.0/", 200, 200);
    assert.equal(v6.failed, 0, JSON.stringify(v6.failures.slice(0, 3)));
    assert.equal(v6.ok, 400);
    assert.equal(v4.failed, 0);
    assert.deepEqual(Object.keys(v6.byNode).sort(), [
      "lab-az1-in1",
      "lab-az1-in2",
      "lab-az2-in1",
      "lab-az2-in2",
    ]);
    figure(
      `HTTP over IPv6 to [2001:db8:114::]: ${v6.ok}/${v6.requests} answered (${Object.entries(
        v6.byNode,
      )
        .sort()
        .map(([n, c]) => `${n} ${c}`)
        .join(", ")}); over IPv4: ${v4.ok}/${v4.requests}`,
    );
  });

  it("drill: a node announcing ::/0, another zone's IPv6 pod block and node subnet and a /128 outside the pools reaches no switch's FIB", async function () {
    this.timeout(150_000);
    const [zone, other] = lab.plan.zones;
    const node = lab.bgp.find((b) => b.node.name === zone.ingressNodes[0].name)!;
    const master = lab.bgp.find((b) => b.node.name === zone.reflectors[0].name)!;
    const otherBlock = lab.bgp.find((b) => b.node.zone === other.name)!.v6!.blocks[0];
    const hostile = ["::/0", otherBlock, other.ipv6!.nodeCidr, "2001:db8:ffff::1/128"];
    assert.deepEqual(hostile, ["::/0", "fd00:112::80/122", "fd00:12::/64", "2001:db8:ffff::1/128"]);
    const liars = [node, master];
    // A route may be installed via the sender's global address or its link-local one (RFC 2545): both are the liar's.
    const linkLocal = (ns: string): string[] =>
      (
        JSON.parse(sh("ip", ["-n", ns, "-6", "-j", "addr", "show", "scope", "link"]).stdout) as {
          addr_info?: { local?: string }[];
        }[]
      ).flatMap((i) => (i.addr_info ?? []).map((a) => a.local ?? ""));
    const liar6 = [
      ...liars.map((b) => b.v6!.address),
      ...liars.flatMap((b) => linkLocal(lab.node(b.node.name).ns)),
    ];
    assert.ok(
      liar6.some((a) => a.startsWith("fe80:")),
      "no link-local address read",
    );
    const switches = lab.topo.switches.filter((s) => s.zone === zone.name);
    const before = Object.fromEntries(
      switches.map((s) => [s.ns, family(s, "ipv6").peers[node.v6!.address].pfxRcd]),
    );
    for (const b of liars)
      lab.reconfigureNode(b.node.name, {
        ...b,
        v6: { ...b.v6!, serviceRoutes: [...b.v6!.serviceRoutes, ...hostile] },
      });
    try {
      await sleep(8000);
      // The liars really send them: each BIRD exports every hostile prefix to the zone's first switch.
      for (const b of liars) {
        const out = sh("birdc", [
          "-s",
          birdSocket(lab.state.dir, lab.node(b.node.name).ns),
          "show",
          "route",
          "export",
          birdProtocolFor(switches[0].address6!),
        ]).stdout;
        for (const p of hostile) assert.ok(out.includes(p), `${b.node.name} does not export ${p}`);
      }
      const leaked: string[] = [];
      for (const s of lab.topo.switches)
        for (const p of hostile) {
          const via = nexthops(s.ns, p).filter((h) => liar6.includes(h));
          if (via.length > 0) leaked.push(`${s.ns} ${p} via ${via.join(",")}`);
        }
      assert.deepEqual(leaked, []);
      for (const s of lab.topo.switches)
        for (const p of hostile) {
          const paths =
            (
              JSON.parse(vtysh(lab.state, s, [`show bgp ipv6 unicast ${p} json`]) || "{}") as {
                paths?: { nexthops?: { ip: string }[]; peer?: { peerId?: string } }[];
              }
            ).paths ?? [];
          // By next hop and by the peer that sent it: neither may be a liar.
          assert.ok(
            paths.every(
              (x) =>
                !liar6.includes(x.nexthops?.[0]?.ip ?? "") && !liar6.includes(x.peer?.peerId ?? ""),
            ),
            `${s.ns} holds a node's path for ${p}`,
          );
        }
      const after = Object.fromEntries(
        switches.map((s) => [s.ns, family(s, "ipv6").peers[node.v6!.address].pfxRcd]),
      );
      assert.deepEqual(after, before, "the ingress node's accepted IPv6 prefixes changed");
      assert.deepEqual(Object.values(after), [1, 1]);
      figure(
        `${node.node.name} and ${master.node.name} announce ${hostile.join(", ")}: 0 of ${hostile.length * lab.topo.switches.length} (prefix, switch) pairs routed via a node; each ${zone.name} switch still accepts 1 IPv6 prefix from ${node.node.name} (its /128)`,
      );
    } finally {
      for (const b of liars) lab.reconfigureNode(b.node.name, b);
    }
    await lab.waitConverged(90_000);
  });
});
