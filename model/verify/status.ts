// The live view (issue 11): per zone, the sessions each core switch holds now and the LoadBalancer /32 next hops it
// forwards with, against the plan; one verdict per zone. Pure: the switches' output arrives parsed (the dialect
// parsers under model/plan/dialects/); io/live.ts does the SSH.
import type { NetworkPlan, SwitchPlan } from "../core/types";
import { contains, cidr4, parseIPv4 } from "../core/ip";
import type { FrrRunning } from "../plan/dialects/frr-parse";
import { byAddress, poolsOf } from "../plan/sessions";
import { unplannedPeers } from "./drift";

/** What one switch holds now, parsed. */
export interface SwitchRead {
  running: FrrRunning;
  /** Neighbor address -> session state. */
  states: Record<string, string>;
  /** Prefix -> next hops the switch forwards it with (only prefixes inside the LB pools are looked at). */
  routes: Record<string, string[]>;
}

export interface SessionStatus {
  address: string;
  node: string;
  state: string;
}

export interface RouteStatus {
  prefix: string;
  /** Ingress nodes of the zone among the next hops. */
  via: string[];
  /** Next hops that are not an ingress node of the zone (another zone through the transport, a stranger). */
  others: string[];
}

export interface SwitchStatus {
  switch: string;
  sessions: SessionStatus[];
  /** Ours but not planned (our peer group or marker) and Established: routes nobody declared. */
  unplanned: { address: string; why: string; state: string }[];
  routes: RouteStatus[];
}

/** What the switches of a zone show of an ingress node's LoadBalancer /32s. */
export type IngressState = "announcing" | "partial" | "drained";

export interface IngressStatus {
  node: string;
  address: string;
  observed: IngressState;
  /** The plan's intent (see `drainIntended`). */
  drainIntended: boolean;
}

export interface ZoneStatus {
  zone: string;
  ok: boolean;
  /** `az1: OK — 8/8 sessions Established, 203.0.113.0/32 via 2/2 ingress nodes`. */
  verdict: string;
  switches: SwitchStatus[];
  ingress: IngressStatus[];
}

/** The plan's intent: a node drained in the plan (zones.<zone>.drain or its own drain flag) is expected absent. */
export function drainIntended(plan: NetworkPlan, zone: string, node: string): boolean {
  return (
    plan.zones.find((z) => z.name === zone)?.ingressNodes.find((n) => n.name === node)?.drained ===
    true
  );
}

/** The LB pool prefixes among a switch's routes, each /32 of a pool. */
function lbRoutes(plan: NetworkPlan, routes: Record<string, string[]>): [string, string[]][] {
  const pools = poolsOf(plan, "ipv4").map(cidr4);
  return Object.entries(routes)
    .filter(([prefix]) => {
      const [ip, len] = prefix.split("/");
      const address = parseIPv4(ip);
      return len === "32" && address !== undefined && pools.some((c) => contains(c, address));
    })
    .sort(([a], [b]) => byAddress(a.split("/")[0], b.split("/")[0]));
}

export function switchStatus(
  plan: NetworkPlan,
  sw: SwitchPlan,
  read: SwitchRead,
  prefixes: string[],
): SwitchStatus {
  const zone = plan.zones.find((z) => z.name === sw.zone);
  const ingress = new Map((zone?.ingressNodes ?? []).map((n) => [n.address, n.name]));
  const held = new Map(lbRoutes(plan, read.routes));
  return {
    switch: `${sw.zone}/${sw.name}`,
    sessions: sw.neighbors.map((n) => ({
      address: n.address,
      node: n.node,
      state: read.states[n.address] ?? "not configured",
    })),
    unplanned: unplannedPeers(sw, read.running)
      .map((u) => ({ ...u, state: read.states[u.address] ?? "not configured" }))
      .filter((u) => u.state === "Established"),
    routes: prefixes.map((prefix) => {
      const hops = held.get(prefix) ?? [];
      return {
        prefix,
        via: hops
          .filter((h) => ingress.has(h))
          .sort(byAddress)
          .map((h) => ingress.get(h)!),
        others: hops.filter((h) => !ingress.has(h)).sort(byAddress),
      };
    }),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Every zone of the plan, its switches read (switch label `zone/name` -> what it holds). */
export function fabricStatus(plan: NetworkPlan, reads: Map<string, SwitchRead>): ZoneStatus[] {
  return plan.zones.map((zone) => {
    const switches = plan.switches.filter((s) => s.zone === zone.name);
    // The /32s of the zone: every LB /32 any of its switches holds, so one switch missing it shows as 0 paths.
    const prefixes = [
      ...new Set(
        switches.flatMap((s) =>
          lbRoutes(plan, reads.get(`${s.zone}/${s.name}`)?.routes ?? {}).map(([p]) => p),
        ),
      ),
    ].sort((a, b) => byAddress(a.split("/")[0], b.split("/")[0]));
    const statuses = switches.map((s) =>
      switchStatus(plan, s, reads.get(`${s.zone}/${s.name}`)!, prefixes),
    );
    const ingress: IngressStatus[] = zone.ingressNodes.map((n) => {
      const seen = statuses.flatMap((s) => s.routes.map((r) => r.via.includes(n.name)));
      return {
        node: n.name,
        address: n.address,
        observed:
          seen.length > 0 && seen.every(Boolean)
            ? "announcing"
            : seen.some(Boolean)
              ? "partial"
              : "drained",
        drainIntended: drainIntended(plan, zone.name, n.name),
      };
    });
    return {
      zone: zone.name,
      ...zoneVerdict(zone.name, statuses, ingress),
      switches: statuses,
      ingress,
    };
  });
}

function zoneVerdict(
  zone: string,
  switches: SwitchStatus[],
  ingress: IngressStatus[],
): { ok: boolean; verdict: string } {
  const problems: string[] = [];
  const sessions = switches.flatMap((s) =>
    s.sessions.map((x) => ({ ...x, sw: s.switch.split("/")[1] })),
  );
  const down = sessions.filter((s) => s.state !== "Established");
  const sessionPart = `${sessions.length - down.length}/${sessions.length} sessions Established${
    down.length === 0 ? "" : ` (${down.map((d) => `${d.sw} ${d.node} ${d.state}`).join(", ")})`
  }`;
  if (down.length > 0) problems.push("sessions");
  const unplanned = switches.flatMap((s) =>
    s.unplanned.map((u) => `${s.switch.split("/")[1]} ${u.address}`),
  );
  // Ingress nodes the plan wants announcing; a node drained by intent is expected absent.
  const wanted = ingress.filter((n) => !n.drainIntended);
  const prefixes = switches[0]?.routes.map((r) => r.prefix) ?? [];
  const routeParts = prefixes.map((prefix) => {
    const per = switches.map((s) => s.routes.find((r) => r.prefix === prefix)!);
    // The count every switch reaches: the weakest switch decides.
    const least = Math.min(
      ...per.map((r) => r.via.filter((v) => wanted.some((w) => w.node === v)).length),
    );
    return { prefix, least };
  });
  const notes = [
    ...ingress
      .filter((n) => !n.drainIntended && n.observed !== "announcing")
      .map((n) =>
        n.observed === "drained"
          ? `${n.node} drained`
          : `${n.node} missing on ${switches
              .filter((s) => s.routes.some((r) => !r.via.includes(n.node)))
              .map((s) => s.switch.split("/")[1])
              .join(", ")}`,
      ),
    ...ingress
      .filter((n) => n.drainIntended && n.observed !== "drained")
      .map((n) => `${n.node} still announcing though drained in the plan`),
    ...ingress
      .filter((n) => n.drainIntended && n.observed === "drained")
      .map((n) => `${n.node} drained as planned`),
  ];
  // A zone drained as a whole holds no LoadBalancer /32 on purpose.
  const routesOk =
    (prefixes.length > 0 || wanted.length === 0) &&
    routeParts.every((r) => r.least === wanted.length) &&
    !ingress.some((n) => n.drainIntended && n.observed !== "drained");
  if (!routesOk) problems.push("routes");
  if (unplanned.length > 0) problems.push("unplanned");
  let routePart: string;
  if (prefixes.length === 0) routePart = "no LoadBalancer /32 on the switches";
  else {
    // Prefixes with the same count read as one group: `203.0.113.0/32, 203.0.113.1/32 via 2/2 ingress nodes`.
    const groups = new Map<number, string[]>();
    for (const r of routeParts) groups.set(r.least, [...(groups.get(r.least) ?? []), r.prefix]);
    routePart = [...groups]
      .map(([n, ps]) => `${ps.join(", ")} via ${n}/${wanted.length} ingress nodes`)
      .join("; ");
  }
  const parts = [
    sessionPart,
    `${routePart}${notes.length === 0 ? "" : ` (${notes.join(", ")})`}`,
    ...(unplanned.length === 0
      ? []
      : [`${plural(unplanned.length, "unplanned session")} Established (${unplanned.join(", ")})`]),
  ];
  const ok = problems.length === 0;
  return { ok, verdict: `${zone}: ${ok ? "OK" : "DEGRADED"} — ${parts.join(", ")}` };
}
