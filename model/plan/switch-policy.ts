// Route policy on the core switches, decided here once: what each peer group accepts from the nodes (inbound), what
// the nodes receive (outbound), the fixed LOCAL_PREF and the transport contract between zones. Dialects only render
// these structures; preflight evaluates them with `permits`.
import { parseCidr4 } from "../core/ip";
import { isIPv6Text, parseCidr6 } from "../core/ip6";
import { ingressPeersDirectly, poolsOf } from "./sessions";
import type {
  FabricSpec,
  MaximumPrefix,
  PrefixList,
  PrefixListEntry,
  RouteMap,
  RouteMapEntry,
  TransportPolicy,
  ZoneSpec,
} from "../core/types";

/**
 * LOCAL_PREF the switch sets on every route it accepts from a node: the BGP default, equal on every path so ECMP
 * holds across Calico versions (3.32 exports 2^31 - 1 - metric, which would beat the switch's own routes).
 */
export const SWITCH_LOCAL_PREFERENCE = 100;

/**
 * MED and ORIGIN the switch sets on every route it accepts from a node, like LOCAL_PREF: a node's own MED (Calico
 * exports none today, a BIRD filter could) or ORIGIN would otherwise break the tie between ingress nodes.
 */
export const SWITCH_METRIC = 0;
export const SWITCH_ORIGIN = "igp" as const;

/**
 * Seconds a base update waits after its apply before it looks at the sessions it found Established: bgpd resets the
 * ones the change affects while it processes the change, so a reset session is never read stale (frr-base-check.ts).
 */
export const BASE_SETTLE_SECONDS = 3;

/** Every object we create on a switch is named with this prefix and described with `bgp-fabric ...`. */
export const POLICY_PREFIX = "bgp-fabric-";

export const policyNames = (zone: string) => ({
  pods: `${POLICY_PREFIX}${zone}-pods`,
  nextHops: `${POLICY_PREFIX}${zone}-next-hops`,
  pools: `${POLICY_PREFIX}${zone}-pools`,
  nodesOut: `${POLICY_PREFIX}${zone}-nodes-out`,
  reflectorsIn: `${POLICY_PREFIX}${zone}-rr-in`,
  ingressIn: `${POLICY_PREFIX}${zone}-ingress-in`,
  reflectorsOut: `${POLICY_PREFIX}${zone}-rr-out`,
  ingressOut: `${POLICY_PREFIX}${zone}-ingress-out`,
  transportIn: `${POLICY_PREFIX}${zone}-transport-in`,
  transportOut: `${POLICY_PREFIX}${zone}-transport-out`,
});

/** `prefix` and everything more specific. */
function within(prefix: string): Omit<PrefixListEntry, "seq" | "action"> {
  const c = parseCidr4(prefix);
  return c.ok && c.cidr.prefix < 32 ? { prefix, le: 32 } : { prefix };
}

/** The more specifics of `prefix` from /`from` to /32 (FRR requires len < ge <= le). */
function range(prefix: string, from: number): Omit<PrefixListEntry, "seq" | "action"> {
  const c = parseCidr4(prefix);
  return c.ok && from > c.cidr.prefix ? { prefix, ge: from } : within(prefix);
}

export function list(
  name: string,
  description: string,
  entries: Omit<PrefixListEntry, "seq" | "action">[],
): PrefixList {
  return {
    name,
    description,
    entries: entries.map((e, i) => ({ seq: (i + 1) * 5, action: "permit", ...e })),
  };
}

/** What an inbound map from the nodes adds to each permit entry: the next-hop match and the equal attributes. */
export interface FromNodes {
  nextHops: string;
}

/**
 * Permit entries matching each prefix list, in order; a map that would permit nothing denies everything. From the
 * nodes (`from`): the next hop must be in the zone's node subnet, and LOCAL_PREF, MED and ORIGIN are set equal.
 */
export function map(
  name: string,
  description: string,
  lists: PrefixList[],
  from?: FromNodes,
): RouteMap {
  const entries: RouteMapEntry[] = lists
    .filter((l) => l.entries.length > 0)
    .map((l, i) => ({
      seq: (i + 1) * 10,
      action: "permit",
      description,
      matchPrefixList: l.name,
      ...(from === undefined
        ? {}
        : {
            matchNextHopPrefixList: from.nextHops,
            localPreference: SWITCH_LOCAL_PREFERENCE,
            metric: SWITCH_METRIC,
            origin: SWITCH_ORIGIN,
          }),
    }));
  return {
    name,
    entries: entries.length > 0 ? entries : [{ seq: 10, action: "deny", description }],
  };
}

export interface SwitchPolicy {
  prefixLists: PrefixList[];
  routeMaps: RouteMap[];
  reflectors: { routeMapIn: string; routeMapOut: string; maximumPrefix: MaximumPrefix };
  ingress: { routeMapIn: string; routeMapOut: string; maximumPrefix: MaximumPrefix };
}

/**
 * A peer group's prefix limit. Counted on accepted routes where the platform can (FRR counts accepted routes; EOS
 * `maximum-accepted-routes`; NX-OS: docs/switches.md), a warning at `warningPercent`, and a session closed for it
 * restarts after `restartMinutes`: a node leaking /32s through both reflectors takes the zone's reflector sessions
 * down for minutes, never until someone clears them (warning-only would keep no bound at all).
 */
export function maximumPrefix(spec: FabricSpec, limit: number): MaximumPrefix {
  return {
    limit,
    warningPercent: spec.bgp.maximumPrefix.warningPercent,
    restartMinutes: spec.bgp.maximumPrefix.restartMinutes,
  };
}

/**
 * A zone switch's policy. Inbound: from ingress nodes only the LoadBalancer pools as /32; from the reflectors only
 * the zone's pod CIDR from its block size to /32, plus the pools when the reflectors carry them (reflector mode).
 * Outbound to the reflectors: `bgp.nodesReceive` (default-only depends on this zone alone; pods-and-pools names
 * the other zones, so adding a zone updates every zone's base); to ingress nodes nothing (they learn through the
 * reflectors).
 */
export function switchPolicy(spec: FabricSpec, zone: ZoneSpec): SwitchPolicy {
  const n = policyNames(zone.name);
  const others = spec.zones.filter((z) => z.name !== zone.name);
  // IPv4 pools: the IPv6 ones ride the IPv6 sessions, under the zone's IPv6 policy (switch-policy6.ts).
  const poolCidrs = poolsOf(spec, "ipv4");
  const pods = list(n.pods, `bgp-fabric ${zone.name} pod blocks`, [
    range(zone.podCidr, zone.podBlockSize),
  ]);
  // Every route a node announces (directly or reflected) has a node of the zone as its next hop. The zone's
  // switches sit in the same subnet but are never a node's next hop: a node announcing an allowed /32 via the other
  // switch to each switch would make them forward that share of the traffic to each other until its TTL runs out.
  const nextHops: PrefixList = {
    name: n.nextHops,
    description: `bgp-fabric ${zone.name} node next hops`,
    entries: [
      ...[...zone.switches]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => ({ action: "deny" as const, prefix: `${s.address}/32` })),
      { action: "permit" as const, ...within(zone.nodeCidr) },
    ].map((e, i) => ({ seq: (i + 1) * 5, ...e })),
  };
  const pools = list(
    n.pools,
    `bgp-fabric ${zone.name} loadbalancer pools`,
    poolCidrs.map((c) => range(c, 32)),
  );
  const receive = spec.bgp.nodesReceive;
  const nodesOut =
    receive === "default-only"
      ? list(n.nodesOut, `bgp-fabric ${zone.name} nodes receive the default route`, [
          { prefix: "0.0.0.0/0" },
        ])
      : list(n.nodesOut, `bgp-fabric ${zone.name} nodes receive other zones pods and pools`, [
          ...others.map((z) => within(z.podCidr)),
          ...poolCidrs.map(within),
        ]);
  return policyFrom(spec, n, `bgp-fabric ${zone.name}`, { pods, pools, nodesOut, nextHops });
}

/**
 * The route maps over a zone's lists of one family, and the groups' settings: one rule for both families (the IPv6
 * policy, switch-policy6.ts, passes its `-v6` names and lists and `family`).
 */
export function policyFrom(
  spec: FabricSpec,
  n: ReturnType<typeof policyNames>,
  what: string,
  lists: { pods: PrefixList; pools: PrefixList; nodesOut: PrefixList; nextHops: PrefixList },
  family?: "ipv6",
): SwitchPolicy {
  const { pods, pools, nodesOut, nextHops } = lists;
  const fromNodes: FromNodes = { nextHops: nextHops.name };
  const receive = spec.bgp.nodesReceive;
  // Without direct ingress sessions the LB /32s reach the switches through the reflectors (ADD-PATH).
  const reflectorMode = !ingressPeersDirectly(spec);
  const routeMaps: RouteMap[] = [
    map(
      n.reflectorsIn,
      `${what} from reflectors`,
      reflectorMode ? [pods, pools] : [pods],
      fromNodes,
    ),
    map(n.ingressIn, `${what} from ingress nodes`, [pools], fromNodes),
    receive === "all"
      ? {
          name: n.reflectorsOut,
          entries: [{ seq: 10, action: "permit" as const, description: `${what} to reflectors` }],
        }
      : map(n.reflectorsOut, `${what} to reflectors`, [nodesOut]),
    map(n.ingressOut, `${what} to ingress nodes`, []),
  ].map((m) => (family === undefined ? m : { ...m, family }));
  const used = new Set(
    routeMaps.flatMap((m) =>
      m.entries.flatMap((e) => [e.matchPrefixList, e.matchNextHopPrefixList]),
    ),
  );
  return {
    prefixLists: [pods, pools, nodesOut, nextHops].filter((l) => used.has(l.name)),
    routeMaps,
    reflectors: {
      routeMapIn: n.reflectorsIn,
      routeMapOut: n.reflectorsOut,
      maximumPrefix: maximumPrefix(spec, spec.bgp.maximumPrefix.reflectors),
    },
    ingress: {
      routeMapIn: n.ingressIn,
      routeMapOut: n.ingressOut,
      maximumPrefix: maximumPrefix(spec, spec.bgp.maximumPrefix.ingress),
    },
  };
}

/**
 * The transport contract of a zone, from the zone alone (adding a zone changes no other zone's policy): send the
 * zone's pod CIDR as one aggregate and the pools as /32s; accept anything but the zone's own pod range, which only
 * the zone itself may originate, and the default route unless `bgp.transportAcceptsDefault`; send communities, so
 * GRACEFUL_SHUTDOWN reaches the upstream. Entries from seq 100 on are the network team's own.
 */
export function transportPolicy(spec: FabricSpec, zone: ZoneSpec): Omit<TransportPolicy, "lines"> {
  const n = policyNames(zone.name);
  // IPv4 pools only: the transport contract is IPv4 (an IPv6 one is not rendered yet, docs/dual-stack.md).
  const poolCidrs = poolsOf(spec, "ipv4");
  const what = `bgp-fabric ${zone.name}`;
  const out = list(n.transportOut, `${what} sends to other zones`, [
    { prefix: zone.podCidr },
    ...poolCidrs.map((c) => range(c, 32)),
  ]);
  const inn: PrefixList = {
    name: n.transportIn,
    description: `${what} accepts from other zones`,
    entries: [
      { seq: 5, action: "deny", ...within(zone.podCidr) },
      // `ge 1`: every prefix but the default route itself.
      spec.bgp.transportAcceptsDefault
        ? { seq: 10, action: "permit", ...within("0.0.0.0/0") }
        : { seq: 10, action: "permit", prefix: "0.0.0.0/0", ge: 1 },
    ],
  };
  return {
    aggregates: [zone.podCidr],
    prefixLists: [inn, out],
    routeMaps: [
      map(n.transportIn, `${what} transport in`, [inn]),
      map(n.transportOut, `${what} transport out`, [out]),
    ],
    routeMapIn: n.transportIn,
    routeMapOut: n.transportOut,
    sendCommunity: true,
  };
}

/** Whether `prefix` matches a prefix-list entry (exact, or within its ge/le range), in either family. */
function entryMatches(e: PrefixListEntry, prefix: string): boolean {
  const v6 = isIPv6Text(prefix);
  if (v6 !== isIPv6Text(e.prefix)) return false;
  const parse = v6 ? parseCidr6 : parseCidr4;
  const p = parse(prefix);
  const ep = parse(e.prefix);
  if (!p.ok || !ep.ok) return false;
  const [c, r] = [p.cidr, ep.cidr];
  if (c.prefix < r.prefix || c.first < r.first || c.last > r.last) return false;
  if (e.ge === undefined && e.le === undefined) return c.prefix === r.prefix;
  return c.prefix >= (e.ge ?? r.prefix) && c.prefix <= (e.le ?? (v6 ? 128 : 32));
}

/** What a route map sets on a route it permits. */
export interface Permitted {
  permit: boolean;
  localPreference?: number;
  metric?: number;
  origin?: "igp";
}

/** Whether prefix list `name` permits `prefix` (first matching entry wins; no match denies). */
function listPermits(lists: PrefixList[], name: string, prefix: string): boolean {
  const first = lists.find((x) => x.name === name)?.entries.find((x) => entryMatches(x, prefix));
  return first !== undefined && first.action === "permit";
}

/**
 * What a route map does with `prefix` announced with `nextHop` (first matching entry wins; no match denies): a next
 * hop is matched as its /32, as `match ip next-hop prefix-list` does; the attributes the entry sets.
 */
export function permits(
  maps: RouteMap[],
  lists: PrefixList[],
  mapName: string,
  prefix: string,
  nextHop: string,
): Permitted {
  const m = maps.find((x) => x.name === mapName);
  for (const e of m?.entries ?? []) {
    const hit =
      (e.matchPrefixList === undefined || listPermits(lists, e.matchPrefixList, prefix)) &&
      (e.matchNextHopPrefixList === undefined ||
        listPermits(
          lists,
          e.matchNextHopPrefixList,
          `${nextHop}/${isIPv6Text(nextHop) ? 128 : 32}`,
        ));
    if (hit)
      return e.action === "permit"
        ? {
            permit: true,
            ...(e.localPreference === undefined ? {} : { localPreference: e.localPreference }),
            ...(e.metric === undefined ? {} : { metric: e.metric }),
            ...(e.origin === undefined ? {} : { origin: e.origin }),
          }
        : { permit: false };
  }
  return { permit: false };
}
