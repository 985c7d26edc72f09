// Dual-stack rules between settings: a zone's IPv6 ranges and block size, every address of a dual-stack zone inside
// its IPv6 node subnet (and none in an IPv4-only zone), and IPv6 pools only where every zone can announce them.
import { joinPath, type ConfigProblem } from "../core/errors";
import { formatIPv6, type Cidr6 } from "../core/ip6";
import type { ZoneIPv6Spec, ZoneSpec } from "../core/types";
import { DEFAULTS, type RawZone } from "./schema";
import type { SpecContext } from "./spec-context";

/** Calico's IPv6 block sizes (IPPool `blockSize`, 116-128). */
const BLOCK6 = { min: 116, max: 128 } as const;

/** The zone's IPv6 ranges, claimed for the overlap check; its IPv6 node subnet for the address checks. */
export function zoneIPv6(
  ctx: SpecContext,
  zp: string,
  z: RawZone,
): { spec?: ZoneIPv6Spec; nodeCidr6?: Cidr6 } {
  if (z.ipv6 === undefined) return {};
  const nodeCidr6 = ctx.cidr6(`${zp}.ipv6.nodeCidr`, z.ipv6.nodeCidr);
  const podCidr6 = ctx.cidr6(`${zp}.ipv6.podCidr`, z.ipv6.podCidr);
  if (nodeCidr6) ctx.ranges6.push({ path: `${zp}.ipv6.nodeCidr`, cidr: nodeCidr6 });
  if (podCidr6) ctx.ranges6.push({ path: `${zp}.ipv6.podCidr`, cidr: podCidr6 });
  const podBlockSize = z.ipv6.podBlockSize ?? DEFAULTS.podBlockSize6;
  if (
    podBlockSize < BLOCK6.min ||
    podBlockSize > BLOCK6.max ||
    (podCidr6 && podBlockSize < podCidr6.prefix)
  )
    ctx.problems.push({
      path: `${zp}.ipv6.podBlockSize`,
      problem: `is outside ${BLOCK6.min}-${BLOCK6.max} or shorter than the IPv6 pod CIDR's prefix${podCidr6 ? ` (/${podCidr6.prefix})` : ""}`,
      got: podBlockSize,
      fix: `use ${DEFAULTS.podBlockSize6} (Calico's default) unless you know why not`,
    });
  return {
    spec: { nodeCidr: z.ipv6.nodeCidr, podCidr: z.ipv6.podCidr, podBlockSize },
    ...(nodeCidr6 ? { nodeCidr6 } : {}),
  };
}

/**
 * A switch's or node's `ipv6Address`: required in a dual-stack zone (its IPv6 sessions start there), refused in an
 * IPv4-only one; a host of the zone's IPv6 node subnet (not its subnet-router anycast address, RFC 4291 2.6.1), and
 * claimed once across the datacenter. Returns the spec field.
 */
export function ipv6AddressOf(
  ctx: SpecContext,
  zp: string,
  zone: { dualStack: boolean; nodeCidr6?: Cidr6 },
  path: string,
  text: string | undefined,
): { ipv6Address?: string } {
  if (text === undefined) {
    if (zone.dualStack)
      ctx.problems.push({
        path,
        problem: `is missing: the zone is dual-stack (${zp}.ipv6)`,
        got: undefined,
        fix: `give it its address in ${zp}.ipv6.nodeCidr: every switch, master and ingress node peers over IPv6 too`,
      });
    return {};
  }
  if (!zone.dualStack) {
    ctx.problems.push({
      path,
      problem: `is set, but the zone has no IPv6 node subnet (${zp}.ipv6)`,
      got: text,
      fix: `add ${zp}.ipv6 (nodeCidr, podCidr) to make the zone dual-stack, or remove it`,
    });
    return {};
  }
  const ip = ctx.address6(path, text);
  if (ip === undefined) return {};
  ctx.addresses.claim(text, path, text);
  const c = zone.nodeCidr6;
  if (c && (ip < c.first || ip > c.last))
    ctx.problems.push({
      path,
      problem: `is outside ${zp}.ipv6.nodeCidr (${c.text})`,
      got: text,
      fix: "use an address of the zone's IPv6 node subnet",
    });
  else if (c && c.prefix < 127 && ip === c.first)
    ctx.problems.push({
      path,
      problem: `is the subnet-router anycast address of ${c.text}`,
      got: text,
      fix: `use a host address, e.g. ${formatIPv6(c.first + 1n)} or above`,
    });
  return { ipv6Address: text };
}

/**
 * An IPv6 pool is announced by every zone's ingress nodes (as IPv4 pools are), over IPv6 sessions: each zone must be
 * dual-stack. One line per pool, naming the zones that are not.
 */
export function ipv6PoolProblems(
  pools: { path: string; cidr: string }[],
  zones: ZoneSpec[],
): ConfigProblem[] {
  const v4only = zones.filter((z) => z.ipv6 === undefined).map((z) => z.name);
  if (v4only.length === 0) return [];
  return pools.map((p) => ({
    path: p.path,
    problem: `is IPv6, but zone${v4only.length === 1 ? "" : "s"} ${v4only.join(", ")} ha${v4only.length === 1 ? "s" : "ve"} no IPv6 node subnet to announce it from`,
    got: p.cidr,
    fix: `add ${v4only.map((z) => joinPath(["zones", z, "ipv6"])).join(", ")} (every zone's ingress nodes announce every pool), or use an IPv4 pool`,
  }));
}

/**
 * With IPv6 pools the ingress Service asks for one address of each family (`RequireDualStack`), and MetalLB
 * allocates both from one pool that holds both families (MetalLB 0.16.1 internal/allocator/allocator.go
 * findBestPoolForService: a pool without both families is skipped unless the policy is PreferDualStack; the e2e's
 * real controller answered "no available IPs" for one pool per family); a requested address must match the
 * Service's families (controller/service.go allocateIPs: "does not match the ipFamily of the service"). So a
 * dual-stack plan needs exactly one auto-assign pool of each family, which the plan joins into one IPAddressPool
 * (model/plan/kubernetes.ts metallbPools), and no single-family `ingress.loadBalancerIP`: else the Service would
 * stay without an address. One line each.
 */
export function dualStackServiceProblems(
  pools: { name: string; cidr: string; autoAssign: boolean; ipv6: boolean }[],
  loadBalancerIP: string | undefined,
): ConfigProblem[] {
  if (!pools.some((p) => p.ipv6)) return [];
  const problems: ConfigProblem[] = [];
  if (loadBalancerIP !== undefined)
    problems.push({
      path: "ingress.loadBalancerIP",
      problem:
        "is one address, but with IPv6 pools the ingress Service is dual-stack and MetalLB refuses a requested address that does not match both its families",
      got: loadBalancerIP,
      fix: "leave it unset so MetalLB allocates one address of each family, or use IPv4 pools only",
    });
  for (const [family, ipv6] of [
    ["IPv4", false],
    ["IPv6", true],
  ] as const) {
    const auto = pools.filter((p) => p.ipv6 === ipv6 && p.autoAssign).map((p) => p.name);
    if (auto.length > 1)
      problems.push({
        path: "loadBalancerPools",
        problem: `has ${auto.length} auto-assign ${family} pools, and with IPv6 pools MetalLB gives the dual-stack ingress Service both addresses from one pool, which the plan makes of the one auto-assign pool of each family`,
        got: auto.join(", "),
        fix: `set autoAssign: false on all but one of them`,
      });
    if (auto.length === 0)
      problems.push({
        path: "loadBalancerPools",
        problem: `has no auto-assign ${family} pool, and with IPv6 pools the ingress Service needs an address of each family`,
        got:
          pools
            .filter((p) => p.ipv6 === ipv6)
            .map((p) => p.name)
            .join(", ") || "none",
        fix: `add an ${family} pool (autoAssign: true) for the ingress Service, or use IPv4 pools only`,
      });
  }
  return problems;
}
