// Both ends of the route policy agree: every prefix Calico announces toward a switch that the design needs (pod
// blocks from the reflectors, LoadBalancer /32s from ingress nodes or, in reflector mode, the reflectors), with the
// next hop of each node that announces it, passes the switch's inbound route map with the fixed LOCAL_PREF, MED and
// ORIGIN; and the maximum-prefix limits leave room for a full zone.
import { parseCidr4, formatIPv4 } from "../../core/ip";
import {
  permits,
  type Permitted,
  SWITCH_LOCAL_PREFERENCE,
  SWITCH_METRIC,
  SWITCH_ORIGIN,
} from "../../plan/switch-policy";
import type { SwitchPeerGroup, SwitchPlan, ZonePlan } from "../../core/types";
import { error, warning, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";
import type { Scope } from ".";
import { poolsOf as poolsOfPlan, type Family } from "../../plan/sessions";
import { formatIPv6, isIPv6Text, parseCidr6 } from "../../core/ip6";

/** The pod CIDR and block size of the zone's IPPool (what calico-node announces: blocks, and /32s it borrows). */
function ipPool(idx: PlanIndex, podCidr: string): { cidr: string; blockSize: number } | undefined {
  for (const o of idx.plan.kubernetes) {
    const spec = o.body.spec as { cidr?: string; blockSize?: number } | undefined;
    if (o.body.kind === "IPPool" && spec?.cidr === podCidr && typeof spec.blockSize === "number")
      return { cidr: spec.cidr, blockSize: spec.blockSize };
  }
  return undefined;
}

const firstOf = (cidr: string, len: number): string | undefined => {
  if (isIPv6Text(cidr)) {
    const c = parseCidr6(cidr);
    return c.ok ? `${formatIPv6(c.cidr.first)}/${len}` : undefined;
  }
  const c = parseCidr4(cidr);
  return c.ok ? `${formatIPv4(Number(c.cidr.first))}/${len}` : undefined;
};

const lastOf = (cidr: string): string | undefined => {
  if (isIPv6Text(cidr)) {
    const c = parseCidr6(cidr);
    return c.ok ? `${formatIPv6(c.cidr.last)}/128` : undefined;
  }
  const c = parseCidr4(cidr);
  return c.ok ? `${formatIPv4(Number(c.cidr.last))}/32` : undefined;
};

/** Invariant: the switch accepts what Calico announces by design. Runtime: the maximum-prefix limits (config). */
export function policyChecks(idx: PlanIndex, findings: Finding[], scope: Scope): void {
  const reflectorMode = idx.plan.ingressMode === "reflector";
  // Each family's pools ride that family's groups (dual-stack zones have IPv6 groups of their own).
  const poolsOf = (family: Family) => poolsOfPlan(idx.plan, family);
  const pools = poolsOf("ipv4");
  const warned = new Set<string>();
  for (const sw of idx.plan.switches) {
    const zone = idx.zones.get(sw.zone);
    if (!zone) continue;
    const path = idx.switchPath(sw);
    const pool = ipPool(idx, zone.podCidr);
    const routes = (family: Family) => {
      const p = family === "ipv6" ? zone.ipv6 && ipPool(idx, zone.ipv6.podCidr) : pool;
      const host = family === "ipv6" ? 128 : 32;
      return {
        pod: p
          ? [firstOf(p.cidr, p.blockSize), lastOf(p.cidr)].filter((x): x is string => !!x)
          : [],
        lb: poolsOf(family)
          .flatMap((c) => [firstOf(c, host), lastOf(c)])
          .filter((x): x is string => !!x),
      };
    };
    for (const g of sw.peerGroups) {
      const family: Family = g.family ?? "ipv4";
      const { pod, lb } = routes(family);
      const needed = g.role === "reflectors" ? [...pod, ...(reflectorMode ? lb : [])] : lb;
      if (scope.invariants)
        for (const prefix of needed)
          accepts(sw, g, prefix, announcers(zone, g.role, family), path, findings);
    }
    // The limits count IPv4 prefixes: an IPv6 pod CIDR holds more blocks than any limit (docs/dual-stack.md).
    if (scope.runtime)
      limits(
        { ...sw, peerGroups: sw.peerGroups.filter((g) => g.family !== "ipv6") },
        pool,
        pools,
        reflectorMode ? zone.ingressNodes.length : 0,
        warned,
        findings,
      );
  }
}

/**
 * The next hops a group's routes carry: the address of the node that announces them (a reflector passes its
 * clients' next hops on unchanged): every node of the zone toward the reflectors, the ingress nodes directly.
 */
function announcers(zone: ZonePlan, role: SwitchPeerGroup["role"], family: Family): string[] {
  const nodes =
    role === "ingress"
      ? zone.ingressNodes
      : [...zone.reflectors, ...zone.ingressNodes, ...zone.workers];
  return [
    ...new Set(
      nodes.flatMap((n) =>
        family === "ipv6" ? (n.ipv6Address === undefined ? [] : [n.ipv6Address]) : [n.address],
      ),
    ),
  ];
}

function accepts(
  sw: SwitchPlan,
  g: SwitchPeerGroup,
  prefix: string,
  nextHops: string[],
  path: string,
  findings: Finding[],
): void {
  // A group with no node to announce (a zone without ingress nodes yet) has nothing to check.
  if (nextHops.length === 0) return;
  const verdicts = nextHops.map((nh) => ({
    nh,
    ...permits(sw.routeMaps, sw.prefixLists, g.routeMapIn, prefix, nh),
  }));
  const dropped = verdicts.filter((v) => !v.permit).map((v) => v.nh);
  // One finding per prefix: the first next hop refused, and how many more.
  const r: Permitted = verdicts.find((v) => v.permit) ?? { permit: false };
  if (dropped.length > 0) {
    const more = dropped.length > 1 ? ` (and ${dropped.length - 1} more node addresses)` : "";
    findings.push(
      error(
        path,
        `peer-group ${g.name} drops ${prefix} via ${dropped[0]}${more}, which Calico announces to it by design (route map ${g.routeMapIn})`,
        prefix,
        "render the switch policy from the model (model/plan/switch-policy.ts), not by hand",
      ),
    );
  } else if (r.metric !== SWITCH_METRIC || r.origin !== SWITCH_ORIGIN) {
    findings.push(
      error(
        path,
        `peer-group ${g.name} accepts ${prefix} without setting MED ${SWITCH_METRIC} and ORIGIN ${SWITCH_ORIGIN}, so what a node sends would decide ECMP`,
        `${r.metric ?? "unset"} ${r.origin ?? "unset"}`,
        `set metric ${SWITCH_METRIC} and set origin ${SWITCH_ORIGIN} on every entry of ${g.routeMapIn}`,
      ),
    );
  } else if (r.localPreference !== SWITCH_LOCAL_PREFERENCE) {
    findings.push(
      error(
        path,
        `peer-group ${g.name} accepts ${prefix} without setting LOCAL_PREF ${SWITCH_LOCAL_PREFERENCE}, so Calico's 2^31 - 1 - metric would win over the switch's own routes`,
        r.localPreference ?? "unset",
        `set local-preference ${SWITCH_LOCAL_PREFERENCE} on every entry of ${g.routeMapIn}`,
      ),
    );
  }
}

/**
 * Warns (once per zone and group) when a full zone would exceed a group's maximum-prefix: the switch would close the
 * session. `reflectedIngress`: in reflector mode the number of the zone's ingress nodes, each of whose path to every
 * LoadBalancer /32 the reflectors pass on (ADD-PATH), and each path counts against the limit; 0 in direct mode.
 */
function limits(
  sw: SwitchPlan,
  pool: { cidr: string; blockSize: number } | undefined,
  pools: string[],
  reflectedIngress: number,
  warned: Set<string>,
  findings: Finding[],
): void {
  const size = (cidr: string, len: number) => {
    const c = parseCidr4(cidr);
    return c.ok && len >= c.cidr.prefix ? 2 ** (len - c.cidr.prefix) : 0;
  };
  const lbs = pools.reduce((n, p) => n + size(p, 32), 0);
  for (const g of sw.peerGroups) {
    const blocks = pool ? size(pool.cidr, pool.blockSize) : 0;
    const need = g.role === "reflectors" ? blocks + lbs * reflectedIngress : lbs;
    const key = `${sw.zone} ${g.role}`;
    if (need > g.maximumPrefix.limit && !warned.has(key) && warned.add(key))
      findings.push(
        warning(
          `bgp.maximumPrefix.${g.role}`,
          `is below what one ${g.role === "reflectors" ? "reflector" : "ingress node"} of ${sw.zone} may announce by design (${need} prefixes): the switch would close the session`,
          g.maximumPrefix.limit,
          `raise it to at least ${need}`,
        ),
      );
  }
}
