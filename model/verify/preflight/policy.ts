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
import { familyOf } from "../../plan/sessions";

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
  const c = parseCidr4(cidr);
  return c.ok ? `${formatIPv4(Number(c.cidr.first))}/${len}` : undefined;
};

const lastOf = (cidr: string): string | undefined => {
  const c = parseCidr4(cidr);
  return c.ok ? `${formatIPv4(Number(c.cidr.last))}/32` : undefined;
};

/** Invariant: the switch accepts what Calico announces by design. Runtime: the maximum-prefix limits (config). */
export function policyChecks(idx: PlanIndex, findings: Finding[], scope: Scope): void {
  const reflectorMode = idx.plan.ingressMode === "reflector";
  // The IPv4 pools: IPv6 switch policy is not planned yet (dual-stack.ts refuses a dual-stack zone).
  const pools = idx.plan.loadBalancerPools.map((p) => p.cidr).filter((c) => familyOf(c) === "ipv4");
  const warned = new Set<string>();
  for (const sw of idx.plan.switches) {
    const zone = idx.zones.get(sw.zone);
    if (!zone) continue;
    const path = idx.switchPath(sw);
    const pool = ipPool(idx, zone.podCidr);
    const podRoutes = pool
      ? [firstOf(pool.cidr, pool.blockSize), lastOf(pool.cidr)].filter((p): p is string => !!p)
      : [];
    const lbRoutes = pools
      .flatMap((p) => [firstOf(p, 32), lastOf(p)])
      .filter((p): p is string => !!p);
    for (const g of sw.peerGroups) {
      const needed =
        g.role === "reflectors" ? [...podRoutes, ...(reflectorMode ? lbRoutes : [])] : lbRoutes;
      if (scope.invariants)
        for (const prefix of needed)
          accepts(sw, g, prefix, announcers(zone, g.role), path, findings);
    }
    if (scope.runtime)
      limits(sw, pool, pools, reflectorMode ? zone.ingressNodes.length : 0, warned, findings);
  }
}

/**
 * The next hops a group's routes carry: the address of the node that announces them (a reflector passes its
 * clients' next hops on unchanged): every node of the zone toward the reflectors, the ingress nodes directly.
 */
function announcers(zone: ZonePlan, role: SwitchPeerGroup["role"]): string[] {
  const nodes =
    role === "ingress"
      ? zone.ingressNodes
      : [...zone.reflectors, ...zone.ingressNodes, ...zone.workers];
  return [...new Set(nodes.map((n) => n.address))];
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
