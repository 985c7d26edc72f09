// Every BGP session of the design, both ends, derived from the spec (the lab and preflight check these).
import { joinPath } from "../core/errors";
import { parseIPv4 } from "../core/ip";
import { names } from "../core/names";
import type { BgpSession, FabricSpec, NodeSpec, SessionEnd, SwitchSpec, ZoneSpec } from "../core/types";

const end = (zone: ZoneSpec, n: NodeSpec | SwitchSpec, role: SessionEnd["role"]): SessionEnd => ({
  name: n.name,
  address: n.address,
  asn: zone.asn,
  role,
});

export function zoneSessions(spec: FabricSpec, zone: ZoneSpec): BgpSession[] {
  const passwordRef = (sw: SwitchSpec) => {
    const ref = switchPasswordRef(zone, sw);
    return ref === undefined ? {} : { passwordRef: ref };
  };
  const lbReject = spec.ingress.mode === "direct" ? spec.loadBalancerPools.map((p) => p.cidr) : [];
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
  if (spec.ingress.mode === "direct") {
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

/**
 * Where the password of a switch's sessions is set: its own (`bgpPasswords.<zone>.<switch>`), or the zone's one for
 * all switches (`bgpPasswords.<zone>`); none when the zone sets no password.
 */
export function switchPasswordRef(zone: ZoneSpec, sw: SwitchSpec): string | undefined {
  if (zone.bgpPassword === undefined) return undefined;
  return joinPath(names.passwordPath(zone.name, zone.bgpPassword === "switch" ? sw.name : undefined));
}

/** Numeric order of dotted quads (10.1.0.9 before 10.1.0.10). */
export function byAddress(a: string, b: string): number {
  const x = parseIPv4(a) ?? 0n;
  const y = parseIPv4(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}
