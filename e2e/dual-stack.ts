// What the e2e adds for a dual-stack stack (issue 19, docs/dual-stack.md): the cluster's IPv6 Service range, and the
// checks that MetalLB gave the dual-stack ingress Service one address of each family.
import { cidr6, isIPv6Text } from "../model/core/ip6";
import { overlaps } from "../model/core/ip";
import type { NetworkPlan } from "../model/core/types";

/**
 * The e2e cluster's IPv6 ClusterIP range on a dual-stack stack: the plan's `kubernetes.serviceCidr` is IPv4 and a
 * dual-stack cluster is the operator's to make (docs/dual-stack.md), so the e2e's apiserver gets this second range.
 * Unique local, a /112 (the apiserver's largest IPv6 Service range is a /108), outside every range the plan holds.
 */
export const SERVICE_CIDR6 = "fd00:96::/112";

/** The plan has a dual-stack zone. */
export const isDualStack = (plan: NetworkPlan): boolean => plan.zones.some((z) => z.ipv6);

/** `--service-cluster-ip-range`: the stack's IPv4 range, and SERVICE_CIDR6 after it on a dual-stack plan. */
export function serviceCidrs(plan: NetworkPlan, serviceCidr: string): string {
  if (!isDualStack(plan)) return serviceCidr;
  const mine = cidr6(SERVICE_CIDR6);
  const planned = [
    ...plan.zones.flatMap((z) => (z.ipv6 ? [z.ipv6.nodeCidr, z.ipv6.podCidr] : [])),
    ...plan.loadBalancerPools.map((p) => p.cidr).filter(isIPv6Text),
  ];
  const clash = planned.find((c) => overlaps(cidr6(c), mine));
  if (clash)
    throw new Error(
      `e2e: the stack's ${clash} overlaps the e2e cluster's IPv6 Service range ${SERVICE_CIDR6} (e2e/dual-stack.ts); use another range in the stack`,
    );
  return `${serviceCidr},${SERVICE_CIDR6}`;
}

export interface LbAddresses {
  service: string;
  ips: string[];
}

/**
 * Every LoadBalancer Service of a dual-stack plan holds exactly one address of each family (MetalLB's allocation for
 * `ipFamilyPolicy: RequireDualStack`); problems one per Service. On an IPv4-only plan: exactly one IPv4 address.
 */
export function familyProblems(plan: NetworkPlan, services: LbAddresses[]): string[] {
  const want = isDualStack(plan) ? ["IPv4", "IPv6"] : ["IPv4"];
  const out: string[] = [];
  for (const s of services) {
    const got = s.ips.map((ip) => (isIPv6Text(ip) ? "IPv6" : "IPv4")).sort();
    if (got.join() !== want.join())
      out.push(
        `${s.service} got [${s.ips.join(", ")}] from MetalLB, want one ${want.join(" and one ")}`,
      );
  }
  return out;
}
