// Who peers with whom: every BGP session of the design, both ends, derived once from the spec. The switch neighbors
// (switches.ts) and the Calico BGPPeers toward the switches (kubernetes.ts) are built from this list; the lab and
// preflight check it.
import { parseIPv4 } from "../core/ip";
import { isIPv6Text, parseIPv6 } from "../core/ip6";
import { names } from "../core/names";
import type {
  BgpSession,
  FabricSpec,
  NodeSpec,
  SessionEnd,
  SwitchSpec,
  ZoneSpec,
} from "../core/types";

/**
 * Direct mode: each ingress node peers with its zone's switches itself (its own /32s, a fast-failing session), and
 * the reflector->switch sessions carry no LB /32. The one place this condition is decided.
 */
export function ingressPeersDirectly(spec: FabricSpec): boolean {
  return spec.ingress.mode === "direct";
}

/** The address family of a session, a pool or an address: IPv6 texts have a colon. */
export type Family = "ipv4" | "ipv6";
export const familyOf = (text: string): Family => (isIPv6Text(text) ? "ipv6" : "ipv4");
export const sessionFamily = (s: BgpSession): Family => s.family ?? "ipv4";

/** A pool's ranges: its `cidr`, and its `cidr6` beside an IPv4 one. */
export const poolRanges = (p: { cidr: string; cidr6?: string }): string[] =>
  p.cidr6 === undefined ? [p.cidr] : [p.cidr, p.cidr6];

/** The pools' ranges of one family: IPv4 ranges ride the IPv4 sessions, IPv6 ranges the IPv6 ones. */
export function poolsOf(
  spec: { loadBalancerPools: FabricSpec["loadBalancerPools"] },
  family: Family,
): string[] {
  return spec.loadBalancerPools.flatMap(poolRanges).filter((c) => familyOf(c) === family);
}

/**
 * Who peers with whom: the IPv4 sessions, and in a dual-stack zone (`zones.<zone>.ipv6`) the same sessions again over
 * IPv6 between the ends' IPv6 addresses (Calico peers each family over its own transport, as BIRD does).
 */
export function zoneSessions(spec: FabricSpec, zone: ZoneSpec): BgpSession[] {
  return [
    ...familySessions(spec, zone, "ipv4"),
    ...(zone.ipv6 === undefined ? [] : familySessions(spec, zone, "ipv6")),
  ];
}

function familySessions(spec: FabricSpec, zone: ZoneSpec, family: Family): BgpSession[] {
  const end = (n: NodeSpec | SwitchSpec, role: SessionEnd["role"]): SessionEnd => ({
    name: n.name,
    address: family === "ipv6" ? n.ipv6Address! : n.address,
    asn: zone.asn,
    role,
  });
  const v6 = family === "ipv6" ? { family: "ipv6" as const } : {};
  const direct = ingressPeersDirectly(spec);
  const passwordRef = (sw: SwitchSpec) => {
    const ref = switchPasswordRef(zone, sw);
    return ref === undefined ? {} : { passwordRef: ref };
  };
  // What the reflectors keep off their switch sessions: in direct mode the switches learn LB /32s only from the
  // ingress nodes (the BGPFilter `names.noLbViaReflectors` implements exactly this list).
  const lbReject = direct ? poolsOf(spec, family) : [];
  const sessions: BgpSession[] = [];
  const [rr1, rr2] = zone.masters;
  if (rr1 && rr2) {
    sessions.push({
      zone: zone.name,
      kind: "rr-rr",
      ...v6,
      a: end(rr1, "master"),
      b: end(rr2, "master"),
      exportReject: [],
    });
  }
  const clients = [
    ...zone.ingressNodes.map((n) => end(n, "ingress")),
    ...zone.workers.map((n) => end(n, "worker")),
  ];
  for (const client of clients) {
    for (const rr of zone.masters) {
      sessions.push({
        zone: zone.name,
        kind: "node-rr",
        ...v6,
        a: client,
        b: end(rr, "master"),
        rrClient: client.name,
        exportReject: [],
      });
    }
  }
  for (const rr of zone.masters) {
    for (const sw of zone.switches) {
      const s = end(sw, "switch");
      sessions.push({
        zone: zone.name,
        kind: "rr-switch",
        ...v6,
        a: end(rr, "master"),
        b: s,
        rrClient: s.name,
        ...passwordRef(sw),
        exportReject: lbReject,
      });
    }
  }
  if (direct) {
    for (const n of zone.ingressNodes) {
      for (const sw of zone.switches) {
        sessions.push({
          zone: zone.name,
          kind: "ingress-switch",
          ...v6,
          a: end(n, "ingress"),
          b: end(sw, "switch"),
          ...passwordRef(sw),
          exportReject: [],
        });
      }
    }
  }
  return sessions;
}

/** The sessions of one switch (its end is `b`), from the zone's sessions: what its neighbors are built from. */
export function switchSessions(sessions: BgpSession[], sw: SwitchSpec): BgpSession[] {
  return sessions.filter(
    (s) => s.zone === sw.zone && s.b.role === "switch" && s.b.name === sw.name,
  );
}

/**
 * The node-side sessions toward each switch of a zone, one group per (kind, switch) of one family: each group is one
 * Calico BGPPeer (the reflectors' or the ingress nodes' peering with that switch), in the zone's switch order.
 */
export function peeringsBySwitch(
  sessions: BgpSession[],
  zone: ZoneSpec,
  kind: "rr-switch" | "ingress-switch",
  family: Family = "ipv4",
): { sw: SwitchSpec; sessions: BgpSession[] }[] {
  return zone.switches
    .map((sw) => ({
      sw,
      sessions: switchSessions(sessions, sw).filter(
        (s) => s.kind === kind && sessionFamily(s) === family,
      ),
    }))
    .filter((p) => p.sessions.length > 0);
}

/**
 * Where the password of a switch's sessions is set: its own (`bgpPasswords.<zone>.<switch>`), or the zone's one for
 * all switches (`bgpPasswords.<zone>`); none when the zone sets no password.
 */
export function switchPasswordRef(zone: ZoneSpec, sw: SwitchSpec): string | undefined {
  if (zone.bgpPassword === undefined) return undefined;
  return names.passwordRef(zone.name, zone.bgpPassword === "switch" ? sw.name : undefined);
}

/** Numeric order of addresses (10.1.0.9 before 10.1.0.10), IPv4 before IPv6 (fd00::9 before fd00::10). */
export function byAddress(a: string, b: string): number {
  const fa = familyOf(a);
  if (fa !== familyOf(b)) return fa === "ipv4" ? -1 : 1;
  const parse = fa === "ipv4" ? parseIPv4 : parseIPv6;
  const x = parse(a) ?? 0n;
  const y = parse(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}
