// The datacenter registry: what must be unique across every stack of the project, checked on their plans.
// Within one stack the spec already refuses collisions; across stacks nothing else would notice two datacenters
// announcing the same pod CIDR or LoadBalancer pool into a shared core, or reusing an AS on an interconnect.
import { childPath, formatProblem } from "../core/errors";
import { overlaps, parseCidr4, type Cidr4 } from "../core/ip";
import { isIPv6Text, parseCidr6 } from "../core/ip6";
import type { NetworkPlan } from "../core/types";

export interface RegisteredStack {
  /** The stack file as the user names it, e.g. `Pulumi.prod.yaml`. */
  file: string;
  plan: NetworkPlan;
}

interface Claim {
  file: string;
  path: string;
  /** What must be unique (compared as text). */
  value: string;
  /** The value as written, for the message. */
  got?: unknown;
}

/**
 * Routed ranges only: node subnets, pod CIDRs (no overlay: they are BGP routes) and LoadBalancer pools. Service
 * CIDRs stay inside each cluster (never announced), so two datacenters may reuse one.
 */
function ranges(s: RegisteredStack): (Claim & { cidr: Cidr4 })[] {
  const out: (Claim & { cidr: Cidr4 })[] = [];
  const add = (path: string, value: string) => {
    // IPv6 ranges are numbers above 2^32 (IPv4-embedding ranges are refused), so one overlap walk holds both.
    const r = isIPv6Text(value) ? parseCidr6(value) : parseCidr4(value);
    if (r.ok) out.push({ file: s.file, path, value, cidr: r.cidr });
  };
  for (const z of s.plan.zones) {
    const zp = childPath("zones", z.name);
    add(`${zp}.nodeCidr`, z.nodeCidr);
    add(`${zp}.podCidr`, z.podCidr);
    if (z.ipv6) {
      add(`${zp}.ipv6.nodeCidr`, z.ipv6.nodeCidr);
      add(`${zp}.ipv6.podCidr`, z.ipv6.podCidr);
    }
  }
  for (const p of s.plan.loadBalancerPools) {
    add(`${childPath("loadBalancerPools", p.name)}.cidr`, p.cidr);
    if (p.cidr6 !== undefined) add(`${childPath("loadBalancerPools", p.name)}.cidr6`, p.cidr6);
  }
  return out;
}

/** Every cross-stack collision, each reported once on the later stack (by file name) and naming both paths. */
export function registryProblems(stacks: RegisteredStack[]): string[] {
  const sorted = [...stacks].sort((a, b) => a.file.localeCompare(b.file));
  const where = (c: Claim) => `${c.file}: ${c.path}`;
  const problems: string[] = [];
  const unique = (claims: Claim[], what: string, fix: string) => {
    const first = new Map<string, Claim>();
    for (const c of claims) {
      const prior = first.get(c.value);
      if (prior === undefined) first.set(c.value, c);
      else if (prior.file !== c.file)
        problems.push(
          formatProblem({
            path: where(c),
            problem: `${what} is already used by ${where(prior)}`,
            got: c.got ?? c.value,
            fix,
          }),
        );
    }
  };
  unique(
    sorted.map((s) => ({ file: s.file, path: "datacenter", value: s.plan.datacenter })),
    "datacenter name",
    "give each datacenter its own name (it names the Cluster component and the plan)",
  );
  unique(
    sorted.flatMap((s) =>
      s.plan.zones.map((z) => ({
        file: s.file,
        path: `${childPath("zones", z.name)}.asn`,
        value: String(z.asn),
        got: z.asn,
      })),
    ),
    "AS number",
    "give every zone of every datacenter its own AS",
  );
  const all = sorted.flatMap(ranges);
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [all[i], all[j]];
      if (a.file === b.file || !overlaps(a.cidr, b.cidr)) continue;
      problems.push(
        formatProblem({
          path: where(a),
          problem: `overlaps ${where(b)} (${b.value})`,
          got: a.value,
          fix: "give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
        }),
      );
    }
  }
  return [...new Set(problems)].sort();
}
