// A dual-stack zone's IPv6 switch policy: the IPv4 policy's rules (switch-policy.ts) for the IPv6 sessions, in lists
// and maps of their own (`-v6`), so an IPv4-only zone's policy is unchanged and adding IPv6 only adds. Inbound: from
// the reflectors the zone's IPv6 pod CIDR from its block size to /128 (and the IPv6 pools in reflector mode), from
// ingress nodes the IPv6 pools as /128, next hop inside the zone's IPv6 node subnet but the switches' own /128s,
// LOCAL_PREF, MED and ORIGIN set equal; outbound `bgp.nodesReceive` in IPv6 terms (`::/0`, the other dual-stack
// zones' IPv6 pod CIDRs and the IPv6 pools).
import { parseCidr6 } from "../core/ip6";
import type { FabricSpec, PrefixList, PrefixListEntry, ZoneSpec } from "../core/types";
import { poolsOf } from "./sessions";
import { list, policyFrom, policyNames, type SwitchPolicy } from "./switch-policy";

/** `-v6` beside each IPv4 name: the IPv6 objects are others, with the same ownership prefix. */
export const policyNames6 = (zone: string) =>
  Object.fromEntries(
    Object.entries(policyNames(zone)).map(([k, v]) => [k, `${v}-v6`]),
  ) as ReturnType<typeof policyNames>;

/** `prefix` and everything more specific, to /128. */
function within6(prefix: string): Omit<PrefixListEntry, "seq" | "action"> {
  const c = parseCidr6(prefix);
  return c.ok && c.cidr.prefix < 128 ? { prefix, le: 128 } : { prefix };
}

/** The more specifics of `prefix` from /`from` to /128. */
function range6(prefix: string, from: number): Omit<PrefixListEntry, "seq" | "action"> {
  const c = parseCidr6(prefix);
  return c.ok && from > c.cidr.prefix ? { prefix, ge: from } : within6(prefix);
}

const v6list = (l: PrefixList): PrefixList => ({ ...l, family: "ipv6" });

/** The zone's IPv6 policy; undefined for an IPv4-only zone. */
export function switchPolicy6(spec: FabricSpec, zone: ZoneSpec): SwitchPolicy | undefined {
  if (zone.ipv6 === undefined) return undefined;
  const n = policyNames6(zone.name);
  const others = spec.zones.filter((z) => z.name !== zone.name && z.ipv6 !== undefined);
  const poolCidrs = poolsOf(spec, "ipv6");
  const pods = v6list(
    list(n.pods, `bgp-fabric ${zone.name} ipv6 pod blocks`, [
      range6(zone.ipv6.podCidr, zone.ipv6.podBlockSize),
    ]),
  );
  // As for IPv4: a node of the zone is the next hop, never one of the zone's switches.
  const nextHops: PrefixList = {
    name: n.nextHops,
    family: "ipv6",
    description: `bgp-fabric ${zone.name} ipv6 node next hops`,
    entries: [
      ...[...zone.switches]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => ({ action: "deny" as const, prefix: `${s.ipv6Address}/128` })),
      { action: "permit" as const, ...within6(zone.ipv6.nodeCidr) },
    ].map((e, i) => ({ seq: (i + 1) * 5, ...e })),
  };
  const pools = v6list(
    list(
      n.pools,
      `bgp-fabric ${zone.name} ipv6 loadbalancer pools`,
      poolCidrs.map((c) => range6(c, 128)),
    ),
  );
  const receive = spec.bgp.nodesReceive;
  const nodesOut = v6list(
    receive === "default-only"
      ? list(n.nodesOut, `bgp-fabric ${zone.name} nodes receive the ipv6 default route`, [
          { prefix: "::/0" },
        ])
      : list(n.nodesOut, `bgp-fabric ${zone.name} nodes receive other zones ipv6 pods and pools`, [
          ...others.map((z) => within6(z.ipv6!.podCidr)),
          ...poolCidrs.map(within6),
        ]),
  );
  return policyFrom(
    spec,
    n,
    `bgp-fabric ${zone.name} ipv6`,
    { pods, pools, nodesOut, nextHops },
    "ipv6",
  );
}
