// Who peers with whom: every BGP session of the design, both ends, derived once from the spec. The switch neighbors
// (switches.ts) and the Calico BGPPeers toward the switches (kubernetes.ts) are built from this list; the lab and
// preflight check it.
import { parseIPv4 } from "../core/ip";
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

const end = (zone: ZoneSpec, n: NodeSpec | SwitchSpec, role: SessionEnd["role"]): SessionEnd => ({
  name: n.name,
  address: n.address,
  asn: zone.asn,
  role,
});

export function zoneSessions(spec: FabricSpec, zone: ZoneSpec): BgpSession[] {
  const direct = ingressPeersDirectly(spec);
  const passwordRef = (sw: SwitchSpec) => {
    const ref = switchPasswordRef(zone, sw);
    return ref === undefined ? {} : { passwordRef: ref };
  };
  // What the reflectors keep off their switch sessions: in direct mode the switches learn LB /32s only from the
  // ingress nodes (the BGPFilter `names.noLbViaReflectors` implements exactly this list).
  const lbReject = direct ? spec.loadBalancerPools.map((p) => p.cidr) : [];
  const sessions: BgpSession[] = [];
  const [rr1, rr2] = zone.masters;
  if (rr1 && rr2) {
    sessions.push({
      zone: zone.name,
      kind: "rr-rr",
      a: end(zone, rr1, "master"),
      b: end(zone, rr2, "master"),
      exportReject: [],
    });
  }
  const clients = [
    ...zone.ingressNodes.map((n) => end(zone, n, "ingress")),
    ...zone.workers.map((n) => end(zone, n, "worker")),
  ];
  for (const client of clients) {
    for (const rr of zone.masters) {
      sessions.push({
        zone: zone.name,
        kind: "node-rr",
        a: client,
        b: end(zone, rr, "master"),
        rrClient: client.name,
        exportReject: [],
      });
    }
  }
  for (const rr of zone.masters) {
    for (const sw of zone.switches) {
      const s = end(zone, sw, "switch");
      sessions.push({
        zone: zone.name,
        kind: "rr-switch",
        a: end(zone, rr, "master"),
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
          a: end(zone, n, "ingress"),
          b: end(zone, sw, "switch"),
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
 * The node-side sessions toward each switch of a zone, one group per (kind, switch): each group is one Calico
 * BGPPeer (the reflectors' or the ingress nodes' peering with that switch), in the zone's switch order.
 */
export function peeringsBySwitch(
  sessions: BgpSession[],
  zone: ZoneSpec,
  kind: "rr-switch" | "ingress-switch",
): { sw: SwitchSpec; sessions: BgpSession[] }[] {
  return zone.switches
    .map((sw) => ({ sw, sessions: switchSessions(sessions, sw).filter((s) => s.kind === kind) }))
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

/** Numeric order of dotted quads (10.1.0.9 before 10.1.0.10). */
export function byAddress(a: string, b: string): number {
  const x = parseIPv4(a) ?? 0n;
  const y = parseIPv4(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}
