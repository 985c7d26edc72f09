// The tables `npm run lab` ends with (and the README quotes): every plan session from both ends, the transport,
// and the routes that matter (LoadBalancer /32 nexthops and pod blocks) in each switch's and the client's FIB.
import type { NetworkPlan } from "../model/core/types";
import type { NodeBgp } from "./calico-bird";
import { nexthops, sessionStates, type Snapshot } from "./observe";
import { sh } from "./sh";
import type { Topology } from "./topology";

export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (c ?? "").padEnd(w[i])).join(" | ")} |`;
  return [line(header), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...rows.map(line)].join(
    "\n",
  );
}

/** Address -> host name, for readable nexthops. */
export function namer(topo: Topology): (ip: string) => string {
  const m = new Map<string, string>();
  for (const n of topo.nodes) for (const a of [n.address, n.address6]) if (a) m.set(a, n.name);
  for (const s of topo.switches)
    for (const a of [s.address, s.transportAddress, s.address6, s.transportAddress6])
      if (a) m.set(a, `${s.zone}-${s.name}`);
  for (const a of [topo.clientAddress, topo.clientAddress6]) if (a) m.set(a, "client");
  return (ip) => m.get(ip) ?? ip;
}

export function sessionTable(plan: NetworkPlan, topo: Topology, snap: Snapshot): string {
  const rows = sessionStates(plan, topo, snap).map((s) => [
    s.session.zone,
    s.session.kind,
    s.session.a.name,
    s.session.b.name,
    s.a,
    s.b,
  ]);
  return table(["zone", "kind", "end A", "end B", "A sees", "B sees"], rows);
}

export function transportTable(topo: Topology, snap: Snapshot): string {
  const name = namer(topo);
  const rows: string[][] = [];
  for (const sw of topo.switches) {
    for (const [ip, p] of snap.frr.get(sw.ns) ?? []) {
      if (!topo.nodes.some((n) => n.address === ip || n.address6 === ip))
        rows.push([`${sw.zone}-${sw.name}`, name(ip), p.state]);
    }
  }
  return table(["core switch", "transport peer", "state"], rows);
}

/** Whether the host routes the block through a gateway by a block route or a zone aggregate (not the default). */
function routed(ns: string, block: string): boolean {
  const addr = block.split("/")[0];
  const r = JSON.parse(
    sh(
      "ip",
      ["-n", ns, ...(addr.includes(":") ? ["-6"] : []), "-j", "route", "show", "match", addr],
      {
        check: false,
      },
    ).stdout || "[]",
  ) as { dst: string; gateway?: string; nexthops?: unknown[] }[];
  return r.some(
    (x) => x.dst !== "default" && (x.gateway !== undefined || x.nexthops !== undefined),
  );
}

export function routeTable(plan: NetworkPlan, topo: Topology, bgp: NodeBgp[]): string {
  const name = namer(topo);
  const lbs = [
    ...new Set(bgp.flatMap((b) => [...b.serviceRoutes, ...(b.v6?.serviceRoutes ?? [])])),
  ].sort();
  const rows: string[][] = [];
  const hosts = [
    ...topo.switches.map((s) => ({ ns: s.ns, label: `${s.zone}-${s.name}` })),
    { ns: topo.clientNs, label: "client" },
  ];
  for (const h of hosts) {
    for (const lb of lbs) rows.push([h.label, lb, nexthops(h.ns, lb).map(name).join(", ") || "-"]);
    const perZone = plan.zones.map((z) => {
      const blocks = bgp.filter((b) => b.node.zone === z.name).flatMap((b) => b.blocks);
      return `${z.name} ${blocks.filter((b) => routed(h.ns, b)).length}/${blocks.length}`;
    });
    rows.push([h.label, "pod blocks routed", perZone.join(", ")]);
  }
  return table(["host", "route", "kernel nexthops"], rows);
}
