// The topology of a plan (or of two plans, marked) as Mermaid for markdown viewers and Graphviz DOT for an SVG.
// One neutral graph, two emitters: the upstream network, zones, ASNs, core switches, reflectors, ingress nodes,
// sessions, LB pools and the ingress nodes announcing them. Every id derives from a stable key (zone, role, name) and
// every list is sorted by one, so the picture of a plan and of its diff against another declare the same elements in
// the same order, and Graphviz lays them out alike.
import { mermaidText } from "./markup";
import { NO_PLAN, sessionKey } from "./diff";
import { byAddress, poolRanges } from "../plan/sessions";
import type { BgpSession, NetworkPlan, SessionEnd, SessionKind } from "../core/types";

/** `changed`: a node whose address moved (its sessions show as removed + added). */
export type Mark = "same" | "added" | "removed" | "changed";
export type Role = SessionEnd["role"];

export interface TopoNode {
  id: string;
  name: string;
  address: string;
  role: Role;
  mark: Mark;
  /** Address before, when it changed. */
  was?: string;
  /** Live overlay (`npm run status`): an ingress node whose /32 next hops are absent on its switches (or some). */
  live?: "drained" | "partial";
}

export interface TopoZone {
  id: string;
  name: string;
  asn: number;
  nodeCidr: string;
  podCidr: string;
  mark: Mark;
  nodes: TopoNode[];
}

/** A BGP session, an ingress node announcing a pool's /32s, or a core switch's link to the upstream network. */
export type EdgeKind = SessionKind | "announces" | "upstream";

export interface TopoEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  mark: Mark;
  /** Live overlay: the session as its switch end holds it now; absent when no switch observes it. */
  live?: "up" | "down";
}

/** What `npm run status` observed, to mark on the plan's topology (model/verify/status.ts derives it). */
export interface LiveMarks {
  session(s: BgpSession): "up" | "down" | undefined;
  ingress(zone: string, node: string): "drained" | "partial" | undefined;
}

export interface Topology {
  datacenter: string;
  ingressMode: NetworkPlan["ingressMode"];
  /** True when the marks compare two plans (a diff diagram). */
  marked: boolean;
  zones: TopoZone[];
  edges: TopoEdge[];
  pools: { id: string; name: string; cidr: string; mark: Mark }[];
  /** True when live state is marked (a status picture). */
  live?: boolean;
}

const ROLES: Role[] = ["switch", "master", "ingress", "worker"];

/** The upstream network's node: what the core switches announce the pools' /32s to (ECMP) and learn the default from. */
export const UPSTREAM = "upstream";

/**
 * A DOT and Mermaid id from stable keys (zone, role, name): letters and digits kept, any other character as
 * `_<hex>_`, the keys joined by `__`.
 */
const idOf = (prefix: string, ...keys: string[]) =>
  `${prefix}_${keys.map((k) => k.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)).join("__")}`;
/** Plain code-unit order: the same in every locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A zone with more lab workers than this draws them as one node (count and address range) with one link per
 * reflector: thousands of boxes are no readable picture, and Graphviz spent 38 of the 46 s of planning 32 zones of 600
 * workers laying them out (bench/RESULTS.md). The lab and production stacks stay far below it.
 */
export const DRAWN_WORKERS = 16;
const ROLE_TEXT: Record<Role, string> = {
  switch: "core switch",
  master: "route reflector (master)",
  ingress: "ingress node",
  worker: "worker (lab)",
};

function members(plan: NetworkPlan, zone: string): { role: Role; name: string; address: string }[] {
  const z = plan.zones.find((x) => x.name === zone);
  if (!z) return [];
  return [
    ...z.switches.map((n) => ({ role: "switch" as const, ...n })),
    ...z.reflectors.map((n) => ({ role: "master" as const, ...n })),
    ...z.ingressNodes.map((n) => ({ role: "ingress" as const, ...n })),
    ...z.workers.map((n) => ({ role: "worker" as const, ...n })),
  ];
}

function mark<T>(inBefore: T | undefined, inAfter: T | undefined, marked: boolean): Mark {
  if (!marked || (inBefore && inAfter)) return "same";
  return inAfter ? "added" : "removed";
}

/** The topology of `after`; with `before`, the union of both, every element marked. */
export function topology(
  after: NetworkPlan,
  before?: NetworkPlan | null,
  live?: LiveMarks,
): Topology {
  const marked = before !== undefined;
  // null: the stack did not exist before, so everything is marked added.
  const old = before === undefined ? after : (before ?? NO_PLAN);
  const zoneNames = [
    ...new Set([...old.zones.map((z) => z.name), ...after.zones.map((z) => z.name)]),
  ].sort();
  const ids = new Map<string, string>();
  /** Ids of nodes that stand for a zone's lab workers together. */
  const groups = new Set<string>();
  const nodeKey = (zone: string, role: Role, name: string) => `${zone}/${role}/${name}`;
  const zones: TopoZone[] = zoneNames.map((name) => {
    const a = after.zones.find((z) => z.name === name);
    const b = old.zones.find((z) => z.name === name);
    const z = (a ?? b)!;
    const now = members(after, name);
    const then = members(old, name);
    // By role and name, the first member of each kept (as `find` would): a zone can hold thousands of lab workers.
    const byKey = (list: typeof now) => {
      const out = new Map<string, (typeof now)[number]>();
      for (const m of list) if (!out.has(`${m.role}/${m.name}`)) out.set(`${m.role}/${m.name}`, m);
      return out;
    };
    const nowBy = byKey(now);
    const thenBy = byKey(then);
    const nodes: TopoNode[] = [];
    for (const role of ROLES) {
      // Both plans' members by name: a removed node keeps its place among the others.
      const names = [
        ...new Set([...now, ...then].filter((n) => n.role === role).map((n) => n.name)),
      ].sort(byText);
      if (role === "worker" && names.length > DRAWN_WORKERS) {
        const id = idOf("w", name);
        groups.add(id);
        const marks = names.map((n) => {
          ids.set(nodeKey(name, role, n), id);
          const x = nowBy.get(`${role}/${n}`);
          const y = thenBy.get(`${role}/${n}`);
          return marked && x && y && x.address !== y.address ? "changed" : mark(y, x, marked);
        });
        const count = (m: Mark) => marks.filter((x) => x === m).length;
        const changes = (["added", "removed", "changed"] as const)
          .filter((m) => count(m) > 0)
          .map((m) => `${count(m)} ${m}`);
        const addresses = names
          .map((n) => (nowBy.get(`${role}/${n}`) ?? thenBy.get(`${role}/${n}`))!.address)
          .sort(byAddress);
        const kinds = new Set(marks);
        nodes.push({
          id,
          name: `${names.length} lab workers${changes.length > 0 && kinds.size > 1 ? `: ${changes.join(", ")}` : ""}`,
          address: `${addresses[0]} - ${addresses[addresses.length - 1]}`,
          role,
          mark: kinds.size === 1 ? marks[0] : "changed",
        });
        continue;
      }
      for (const n of names) {
        const x = nowBy.get(`${role}/${n}`);
        const y = thenBy.get(`${role}/${n}`);
        const id = idOf("n", name, role, n);
        ids.set(nodeKey(name, role, n), id);
        const moved = marked && x && y && x.address !== y.address;
        const observed = role === "ingress" ? live?.ingress(name, n) : undefined;
        nodes.push({
          id,
          name: n,
          address: (x ?? y)!.address,
          role,
          mark: moved ? "changed" : mark(y, x, marked),
          ...(moved ? { was: y!.address } : {}),
          ...(observed ? { live: observed } : {}),
        });
      }
    }
    return {
      id: idOf("z", name),
      name,
      asn: z.asn,
      nodeCidr: z.nodeCidr,
      podCidr: z.podCidr,
      mark: mark(b, a, marked),
      nodes,
    };
  });
  const newKeys = new Set(after.sessions.map(sessionKey));
  const oldKeys = new Set(old.sessions.map(sessionKey));
  const sessions = [
    ...after.sessions,
    ...old.sessions.filter((s) => !newKeys.has(sessionKey(s))),
  ].sort((x, y) => byText(sessionKey(x), sessionKey(y)));
  const edges: TopoEdge[] = [];
  // A group's sessions with one reflector are one link, marked as they all are, or changed when they differ.
  const grouped = new Map<string, TopoEdge>();
  for (const s of sessions) {
    const a = ids.get(nodeKey(s.zone, s.a.role, s.a.name))!;
    const b = ids.get(nodeKey(s.zone, s.b.role, s.b.name))!;
    // Upper tier first (switch, then reflector), so the layout draws switches on top and clients below.
    const [from, to] = ROLES.indexOf(s.a.role) <= ROLES.indexOf(s.b.role) ? [a, b] : [b, a];
    const key = sessionKey(s);
    const observed = live?.session(s);
    const e: TopoEdge = {
      from,
      to,
      kind: s.kind,
      mark: mark(oldKeys.has(key), newKeys.has(key), marked),
      ...(observed ? { live: observed } : {}),
    };
    if (groups.has(from) || groups.has(to)) {
      const link = `${from} ${to} ${s.kind}`;
      const first = grouped.get(link);
      if (first) {
        if (first.mark !== e.mark) first.mark = "changed";
        continue;
      }
      grouped.set(link, e);
    }
    edges.push(e);
  }
  const poolNames = [
    ...new Set([...old.loadBalancerPools, ...after.loadBalancerPools].map((p) => p.name)),
  ].sort(byText);
  const pools = poolNames.map((name) => {
    const a = after.loadBalancerPools.find((p) => p.name === name);
    const b = old.loadBalancerPools.find((p) => p.name === name);
    // A pool of both families shows both ranges.
    const ranges = (p: NetworkPlan["loadBalancerPools"][number]) => poolRanges(p).join(", ");
    const changed = marked && a && b && ranges(a) !== ranges(b);
    return {
      id: idOf("p", name),
      name,
      cidr: changed ? `${ranges(a)} (was ${ranges(b)})` : ranges((a ?? b)!),
      mark: changed ? ("changed" as const) : mark(b, a, marked),
    };
  });
  // Every ingress node that is not drained announces the /32s of every pool; a drained one has withdrawn them.
  const announcing = (plan: NetworkPlan) =>
    new Set(
      plan.zones.flatMap((z) =>
        z.ingressNodes.filter((n) => !n.drained).map((n) => nodeKey(z.name, "ingress", n.name)),
      ),
    );
  const nowAnnouncing = announcing(after);
  const thenAnnouncing = announcing(old);
  for (const z of zones)
    for (const n of z.nodes.filter((x) => x.role === "ingress")) {
      const k = nodeKey(z.name, "ingress", n.name);
      for (const p of pools) {
        const inAfter =
          nowAnnouncing.has(k) && after.loadBalancerPools.some((x) => x.name === p.name);
        const inBefore =
          thenAnnouncing.has(k) && old.loadBalancerPools.some((x) => x.name === p.name);
        if (inAfter || inBefore)
          edges.push({
            from: n.id,
            to: p.id,
            kind: "announces",
            mark: mark(inBefore, inAfter, marked),
          });
      }
    }
  // Upstream first, so the layout draws it above the switches.
  for (const z of zones)
    for (const n of z.nodes.filter((x) => x.role === "switch"))
      edges.push({
        from: UPSTREAM,
        to: n.id,
        kind: "upstream",
        mark: n.mark === "changed" ? "same" : n.mark,
      });
  return {
    datacenter: after.datacenter || old.datacenter,
    ingressMode: after.ingressMode,
    marked,
    zones,
    edges,
    pools,
    ...(live ? { live: true } : {}),
  };
}

const COLOURS: Record<Role, { fill: string; stroke: string }> = {
  switch: { fill: "#dbe7f7", stroke: "#2f5c8a" },
  master: { fill: "#fbe9c6", stroke: "#9a6a12" },
  ingress: { fill: "#d8f0df", stroke: "#2e7d4f" },
  worker: { fill: "#eeeeee", stroke: "#6e6e6e" },
};
const POOL = { fill: "#f3e8fb", stroke: "#6f42c1" };
const UPSTREAM_COLOUR = { fill: "#f6f8fa", stroke: "#57606a" };
const KIND_COLOUR: Record<EdgeKind, string> = {
  "rr-switch": COLOURS.switch.stroke,
  "ingress-switch": COLOURS.ingress.stroke,
  "node-rr": COLOURS.master.stroke,
  "rr-rr": COLOURS.master.stroke,
  announces: POOL.stroke,
  upstream: UPSTREAM_COLOUR.stroke,
};
/** What each kind of link means, for both legends. */
const KIND_TEXT: Record<EdgeKind, string> = {
  "rr-switch": "reflector - core switch",
  "ingress-switch": "ingress node - core switch",
  "node-rr": "node - reflector (RR client)",
  "rr-rr": "reflector - reflector",
  announces: "ingress node announces the pool's /32s",
  upstream: "core switch - upstream network (the /32s out, ECMP)",
};
const KIND_GLYPH: Record<EdgeKind, string> = {
  "rr-switch": "━━",
  "ingress-switch": "━━",
  "node-rr": "╍╍",
  "rr-rr": "▬▬",
  announces: "┈▶",
  upstream: "━━",
};
const KINDS: EdgeKind[] = [
  "upstream",
  "rr-switch",
  "ingress-switch",
  "node-rr",
  "rr-rr",
  "announces",
];
/** The kinds of link a topology draws, in legend order. */
const kindsOf = (t: Topology) => KINDS.filter((k) => t.edges.some((e) => e.kind === k));
const MARK_COLOUR = { added: "#1a7f37", removed: "#cf222e", changed: "#bc4c00" } as const;
/** Live overlay: a session down, an ingress node drained (its /32 next hops absent) or partly so. */
const LIVE_COLOUR = { down: "#cf222e", drained: "#8c959f", partial: "#bc4c00" } as const;

const zoneTitle = (z: TopoZone) =>
  `${z.name}${z.mark === "same" ? "" : ` (${z.mark})`} · AS${z.asn}`;
/** A node's own mark is spelled out unless its whole zone carries it (every node of an added zone is added). */
const nodeLines = (n: TopoNode, z: TopoZone) => [
  // A changed node says so by its "(was …)" address.
  n.name + (n.mark === "same" || n.mark === "changed" || n.mark === z.mark ? "" : ` (${n.mark})`),
  n.was ? `${n.address} (was ${n.was})` : n.address,
  ...(n.live
    ? [n.live === "drained" ? "DRAINED: no /32 next hop" : "PARTIAL: /32 on some switches"]
    : []),
];

/**
 * Mermaid flowchart: the upstream network, one subgraph per zone, the pools, links styled by kind, marks as link
 * labels and colours, and a legend (Mermaid draws none of its own).
 */
export function mermaid(t: Topology): string[] {
  const out = ["flowchart TB"];
  const upstream = t.edges.some((e) => e.kind === "upstream");
  if (upstream) out.push(`  ${UPSTREAM}(["upstream network"])`);
  for (const z of t.zones) {
    out.push(
      `  subgraph ${z.id}["${mermaidText(`${zoneTitle(z)} · nodes ${z.nodeCidr} · pods ${z.podCidr}`)}"]`,
    );
    out.push("    direction TB");
    for (const n of z.nodes)
      out.push(`    ${n.id}["${nodeLines(n, z).map(mermaidText).join("<br/>")}"]`);
    out.push("  end");
  }
  if (t.pools.length > 0) {
    out.push(`  subgraph pools["LoadBalancer pools: /32s announced by the ingress nodes"]`);
    for (const p of t.pools)
      out.push(
        `    ${p.id}["${mermaidText(`${p.name}${p.mark === "same" ? "" : ` (${p.mark})`}`)}<br/>${mermaidText(p.cidr)}"]`,
      );
    out.push("  end");
  }
  const styles = new Map<string, number[]>();
  const inZone = zoneMarks(t);
  const LINE: Record<EdgeKind, string> = {
    "rr-switch": "---",
    "ingress-switch": "---",
    "node-rr": "-.-",
    "rr-rr": "===",
    announces: "-.->",
    upstream: "---",
  };
  t.edges.forEach((e, i) => {
    const spelled = e.mark !== (inZone.get(e.from) ?? inZone.get(e.to));
    const label =
      spelled && e.mark === "added"
        ? "|added|"
        : spelled && e.mark === "removed"
          ? "|removed|"
          : "";
    out.push(`  ${e.from} ${LINE[e.kind]}${label} ${e.to}`);
    const style =
      e.mark === "added"
        ? `stroke:${MARK_COLOUR.added},stroke-width:3px`
        : e.mark === "removed"
          ? `stroke:${MARK_COLOUR.removed},stroke-width:2px,stroke-dasharray:6 4`
          : `stroke:${KIND_COLOUR[e.kind]}`;
    const same = styles.get(style);
    if (same) same.push(i);
    else styles.set(style, [i]);
  });
  out.push(...mermaidLegend(t));
  for (const role of ROLES)
    out.push(`  classDef ${role} fill:${COLOURS[role].fill},stroke:${COLOURS[role].stroke}`);
  out.push(
    `  classDef pool fill:${POOL.fill},stroke:${POOL.stroke}`,
    `  classDef upstream fill:${UPSTREAM_COLOUR.fill},stroke:${UPSTREAM_COLOUR.stroke}`,
    `  classDef legend fill:#ffffff,stroke:#d0d7de,text-align:left`,
    `  classDef added stroke:${MARK_COLOUR.added},stroke-width:3px`,
    `  classDef removed stroke:${MARK_COLOUR.removed},stroke-width:2px,stroke-dasharray:6 4`,
    `  classDef changed stroke:${MARK_COLOUR.changed},stroke-width:3px`,
  );
  const nodes = t.zones.flatMap((z) => z.nodes);
  const drawnRoles = ROLES.filter((r) => nodes.some((n) => n.role === r));
  for (const role of drawnRoles) {
    // Role classes first, mark classes after: a marked node keeps its role's fill and takes the mark's stroke.
    const xs = [...nodes.filter((n) => n.role === role).map((n) => n.id), `legend_${role}`];
    out.push(`  class ${xs.join(",")} ${role}`);
  }
  for (const m of ["added", "removed", "changed"] as const) {
    const xs = [...nodes, ...t.pools].filter((n) => n.mark === m).map((n) => n.id);
    if (xs.length > 0) out.push(`  class ${xs.join(",")} ${m}`);
  }
  const samePools = t.pools.filter((p) => p.mark === "same").map((p) => p.id);
  if (t.pools.length > 0) out.push(`  class ${[...samePools, "legend_pool"].join(",")} pool`);
  if (upstream) out.push(`  class ${UPSTREAM} upstream`);
  out.push("  class legend_links legend");
  for (const z of t.zones)
    if (z.mark !== "same")
      out.push(`  style ${z.id} stroke:${MARK_COLOUR[z.mark]},stroke-width:3px`);
  for (const [style, idx] of styles) out.push(`  linkStyle ${idx.join(",")} ${style}`);
  return out;
}

/** The Mermaid legend: one box per role drawn (in its colours), the pool, and what each kind of link and mark means. */
function mermaidLegend(t: Topology): string[] {
  const nodes = t.zones.flatMap((z) => z.nodes);
  const links = [
    ...kindsOf(t).map((k) => `${KIND_GLYPH[k]} ${KIND_TEXT[k]}`),
    ...(t.marked ? ["green, thick: added", "red, dashed: removed", "orange: address changed"] : []),
  ];
  return [
    `  subgraph legend["Legend"]`,
    "    direction LR",
    ...ROLES.filter((r) => nodes.some((n) => n.role === r)).map(
      (r) => `    legend_${r}["${mermaidText(ROLE_TEXT[r])}"]`,
    ),
    ...(t.pools.length > 0 ? [`    legend_pool["LoadBalancer pool"]`] : []),
    `    legend_links["${links.map(mermaidText).join("<br/>")}"]`,
    "  end",
  ];
}

/** Node id -> the mark of its zone: marks a whole zone carries are not repeated on each of its links. */
function zoneMarks(t: Topology): Map<string, Mark> {
  return new Map(t.zones.flatMap((z) => z.nodes.map((n) => [n.id, z.mark] as const)));
}

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const FONT = "Helvetica,Arial,sans-serif";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Graphviz DOT: the upstream network on top, zones as clusters, tiers as ranks (switches, reflectors, clients), the
 * LoadBalancer pools at the bottom, and below them one label with the title and the legend. A digraph drawn without
 * arrows: edge direction puts the upstream and the switches on top.
 */
export function dot(t: Topology): string {
  const out = [
    `digraph ${q(t.datacenter)} {`,
    `  graph [fontname=${q(FONT)}, fontsize=11, labelloc=b, labeljust=l, label=<${caption(t)}>, newrank=true, nodesep=0.3, ranksep=0.9, pad=0.3]`,
    `  node [fontname=${q(FONT)}, fontsize=10, shape=box, style="rounded,filled", penwidth=1.2, margin="0.16,0.08"]`,
    `  edge [fontname=${q(FONT)}, fontsize=10, penwidth=1.2, dir=none]`,
  ];
  for (const z of t.zones) {
    const colour = z.mark === "same" ? "#8a97a8" : MARK_COLOUR[z.mark];
    out.push(
      `  subgraph cluster_${z.id} {`,
      `    label=${q(`${zoneTitle(z)}\nnodes ${z.nodeCidr}\npods ${z.podCidr}`)}; labelloc=t; labeljust=c; fontsize=12; style="rounded"; color=${q(colour)}; penwidth=${z.mark === "same" ? 1 : 3};`,
    );
    for (const n of z.nodes) {
      const c = COLOURS[n.role];
      const attrs = [
        `label=${q(nodeLines(n, z).join("\n"))}`,
        `fillcolor=${q(c.fill)}`,
        `color=${q(n.mark === "same" ? c.stroke : MARK_COLOUR[n.mark])}`,
        ...(n.role === "switch" ? ["shape=box3d", `style="filled"`] : []),
        ...(n.mark === "same" ? [] : ["penwidth=3"]),
        ...(n.mark === "removed" ? [`style="rounded,filled,dashed"`, `fontcolor="#6e6e6e"`] : []),
        ...(n.live
          ? [
              `color=${q(LIVE_COLOUR[n.live])}`,
              "penwidth=3",
              `style="rounded,filled,dashed"`,
              ...(n.live === "drained" ? [`fillcolor="#f0f0f0"`] : []),
            ]
          : []),
      ];
      out.push(`    ${n.id} [${attrs.join(", ")}]`);
    }
    for (const role of ROLES) {
      const xs = z.nodes.filter((n) => n.role === role).map((n) => n.id);
      if (xs.length === 0) continue;
      out.push(`    { rank=same; ${xs.join("; ")} }`);
    }
    out.push("  }");
  }
  if (t.edges.some((e) => e.kind === "upstream"))
    out.push(
      `  ${UPSTREAM} [label="upstream network", shape=ellipse, fillcolor=${q(UPSTREAM_COLOUR.fill)}, color=${q(UPSTREAM_COLOUR.stroke)}]`,
      `  { rank=min; ${UPSTREAM} }`,
    );
  for (const p of t.pools)
    out.push(
      `  ${p.id} [${[
        `label=${q(`pool ${p.name}${p.mark === "same" || p.mark === "changed" ? "" : ` (${p.mark})`}\n${p.cidr}`)}`,
        "shape=box",
        `style="filled"`,
        `fillcolor=${q(POOL.fill)}`,
        `color=${q(p.mark === "same" ? POOL.stroke : MARK_COLOUR[p.mark])}`,
        ...(p.mark === "same" ? [] : ["penwidth=3"]),
        ...(p.mark === "removed" ? [`style="filled,dashed"`, `fontcolor="#6e6e6e"`] : []),
      ].join(", ")}]`,
    );
  if (t.pools.length > 0) out.push(`  { rank=max; ${t.pools.map((p) => p.id).join("; ")} }`);
  const inZone = zoneMarks(t);
  for (const e of t.edges) {
    const spelled = e.mark !== (inZone.get(e.from) ?? inZone.get(e.to));
    const attrs = [
      `color=${q(e.mark === "same" ? KIND_COLOUR[e.kind] : MARK_COLOUR[e.mark as "added"])}`,
      ...(e.kind === "node-rr" || e.mark === "removed" ? ["style=dashed"] : []),
      ...(e.kind === "announces" && e.mark !== "removed" ? ["style=dotted"] : []),
      ...(e.kind === "upstream" ? ["penwidth=2"] : []),
      ...(e.kind === "rr-rr" ? ["constraint=false"] : []),
      ...(e.kind === "rr-rr" || e.mark !== "same" ? ["penwidth=2.5"] : []),
      ...(spelled && e.mark === "added" ? [`label="+"`, `fontcolor=${q(MARK_COLOUR.added)}`] : []),
      ...(spelled && e.mark === "removed"
        ? [`label="-"`, `fontcolor=${q(MARK_COLOUR.removed)}`]
        : []),
      ...(e.live === "down"
        ? [
            `color=${q(LIVE_COLOUR.down)}`,
            "style=dashed",
            "penwidth=2.5",
            `label="down"`,
            `fontcolor=${q(LIVE_COLOUR.down)}`,
          ]
        : []),
    ];
    out.push(`  ${e.from} -> ${e.to} [${attrs.join(", ")}]`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

/** Title, LoadBalancer pools and legend as one HTML-like table under the drawing. */
function caption(t: Topology): string {
  const mode =
    t.ingressMode === "direct"
      ? "ingress nodes peer with their core switches"
      : "ingress /32s reach the switches through the reflectors (ADD-PATH)";
  const cell = (colour: string, glyph: string, text: string) =>
    `<td align="right"><font color="${colour}">${glyph}</font></td><td align="left">${esc(text)}</td>`;
  const kinds = kindsOf(t).map((k) => cell(KIND_COLOUR[k], KIND_GLYPH[k], KIND_TEXT[k]));
  const marks = t.marked
    ? [
        cell(MARK_COLOUR.added, "━━ +", "added"),
        cell(MARK_COLOUR.removed, "╍╍ -", "removed"),
        cell(MARK_COLOUR.changed, "▢", "address changed"),
      ]
    : [];
  const live = t.live
    ? [
        cell(KIND_COLOUR["rr-switch"], "━━", "session Established (switch end)"),
        cell(LIVE_COLOUR.down, "╍╍ down", "session not Established"),
        cell(LIVE_COLOUR.drained, "▢", "ingress node drained (no /32 next hop)"),
      ]
    : [];
  const roles = ROLES.filter((r) => t.zones.some((z) => z.nodes.some((n) => n.role === r))).map(
    (r) => cell(COLOURS[r].stroke, "■", ROLE_TEXT[r]),
  );
  const pools = t.pools.length > 0 ? [cell(POOL.stroke, "■", "LoadBalancer pool")] : [];
  const columns = [kinds, [...roles, ...pools, ...marks], live].filter((c) => c.length > 0);
  const height = Math.max(...columns.map((c) => c.length));
  // Spacer cells between column groups: viewers without Helvetica fall back to wider fonts than Graphviz measured.
  const gap = '<td width="28"></td>';
  const rows = Array.from(
    { length: height },
    (_, i) => `<tr>${columns.map((c) => c[i] ?? "<td></td><td></td>").join(gap)}</tr>`,
  );
  const title = [
    `${esc(t.datacenter)}: BGP sessions${t.marked ? ", changes marked" : ""}${t.live ? ", live state from the core switches" : ""}`,
    esc(mode),
    "LoadBalancer /32s come from the ingress nodes",
  ]
    .map((l) => `${l}<br align="left"/>`)
    .join("");
  const span = columns.length * 3 - 1;
  return `<table border="0" cellborder="0" cellspacing="2" cellpadding="2"><tr><td colspan="${span}" align="left"><b>${title}</b></td></tr>${rows.join("")}</table>`;
}
