// The lab's hosts and wires, derived from the plan: one namespace per switch, node and the external client, one
// bridged L2 segment per zone, and a transport segment joining every zone's core switches and the client.
// The transport (range, client AS) is the lab's own "pre-existing network"; it is checked against the plan's ranges.
// Dual-stack zones (docs/dual-stack.md): every host of the zone also gets its plan `ipv6Address` on the same link,
// and the transport an IPv6 ULA /64 beside its IPv4 /24, each host at the same offset in both.
import { createHash } from "node:crypto";
import type { NetworkPlan, SwitchPlan } from "../model/core/types";
import { cidr4 as cidr, hostAt, ipv4, overlaps } from "../model/core/ip";
import { cidr6, formatIPv6, isIPv6Text } from "../model/core/ip6";
import { NS_PREFIX } from "./state";

export interface Link {
  /** Namespace holding the segment's bridge. */
  segment: string;
  /** Bridge port (in the segment namespace); detaching it is a silent link loss. */
  port: string;
  ifname: string;
  /** `a.b.c.d/len` */
  address: string;
  /** Dual-stack: the IPv6 `addr/len` on the same interface (added without DAD, usable at once). */
  address6?: string;
}

export interface LabSwitch {
  ns: string;
  zone: string;
  name: string;
  asn: number;
  address: string;
  /** The zone's node subnet: the switch is its gateway and announces it upstream. */
  nodeCidr: string;
  transportAddress: string;
  /** Dual-stack zones: the switch's plan `ipv6Address`, the zone's IPv6 node subnet, its IPv6 transport address. */
  address6?: string;
  nodeCidr6?: string;
  transportAddress6?: string;
  plan: SwitchPlan;
  links: Link[];
}

export interface LabNode {
  ns: string;
  zone: string;
  name: string;
  role: "master" | "ingress" | "worker";
  address: string;
  /**
   * The underlay's default gateway (Calico relies on one and announces none): the zone's first core switch,
   * standing in for the VRRP/anycast gateway address a real host gets. Only this static route is not BGP.
   */
  gateway: string;
  /** Dual-stack zones: the node's plan `ipv6Address`, and the IPv6 underlay gateway (the first switch's). */
  address6?: string;
  gateway6?: string;
  links: Link[];
}

export interface Topology {
  transport: string;
  /** With a dual-stack zone: the transport's IPv6 /64 and the client's address in it. */
  transport6?: string;
  clientAddress6?: string;
  clientNs: string;
  clientAddress: string;
  clientAsn: number;
  segments: { ns: string; zone?: string }[];
  switches: LabSwitch[];
  nodes: LabNode[];
}

const TRANSPORT_CANDIDATES = [
  "172.31.255.0/24",
  "172.30.255.0/24",
  "192.168.255.0/24",
  "100.127.255.0/24",
];
/** Unique local (RFC 4193) /64s for the IPv6 transport; the first mirrors 172.31.255.0/24. */
const TRANSPORT6_CANDIDATES = [
  "fd00:172:31:255::/64",
  "fd00:172:30:255::/64",
  "fd00:ffff:255::/64",
];
export const TRANSPORT_NS = `${NS_PREFIX}transport`;
export const CLIENT_NS = `${NS_PREFIX}client`;

/** Bridge ports live in one namespace per segment; a short hash keeps them unique and under 16 characters. */
function port(hostNs: string): string {
  return `v${createHash("sha1").update(hostNs).digest("hex").slice(0, 10)}`;
}

export const switchNs = (zone: string, sw: string) => `${NS_PREFIX}${zone}-${sw}`;
export const nodeNs = (node: string) => `${NS_PREFIX}${node}`;
export const segmentNs = (zone: string) => `${NS_PREFIX}seg-${zone}`;

/**
 * `transportAddresses` keeps earlier assignments (switch ns -> address), so adding a zone never renumbers the
 * transport of a running lab.
 */
export function topology(
  plan: NetworkPlan,
  transportAddresses: Record<string, string> = {},
  transportCidr?: string,
): Topology {
  const pools = plan.loadBalancerPools.map((p) => p.cidr);
  const used = plan.zones
    .flatMap((z) => [z.nodeCidr, z.podCidr])
    .concat(pools.filter((c) => !isIPv6Text(c)))
    .map(cidr);
  const transport =
    transportCidr ?? TRANSPORT_CANDIDATES.find((t) => !used.some((u) => overlaps(u, cidr(t))));
  if (!transport)
    throw new Error(
      `lab: every transport candidate (${TRANSPORT_CANDIDATES.join(", ")}) overlaps the plan; add one to lab/topology.ts`,
    );
  const t = cidr(transport);
  const transport6 = plan.zones.some((z) => z.ipv6)
    ? pickTransport6(
        plan.zones
          .flatMap((z) => (z.ipv6 ? [z.ipv6.nodeCidr, z.ipv6.podCidr] : []))
          .concat(pools.filter(isIPv6Text)),
      )
    : undefined;
  /** The IPv6 transport address at the IPv4 one's offset: stable as the IPv4 one is. */
  const sameOffset6 = (a: string): string | undefined =>
    transport6 === undefined
      ? undefined
      : formatIPv6(cidr6(transport6).first + (ipv4(a) - t.first));
  const asns = new Set(plan.zones.map((z) => z.asn));
  let clientAsn = 64512;
  while (asns.has(clientAsn)) clientAsn++;

  const taken = new Set(Object.values(transportAddresses));
  let next = 10n;
  const transportFor = (ns: string): string => {
    if (transportAddresses[ns]) return transportAddresses[ns];
    while (taken.has(hostAt(t, next))) next++;
    const a = hostAt(t, next);
    taken.add(a);
    return a;
  };

  const segments: Topology["segments"] = [{ ns: TRANSPORT_NS }];
  const switches: LabSwitch[] = [];
  const nodes: LabNode[] = [];
  for (const z of plan.zones) {
    const seg = segmentNs(z.name);
    const prefix = cidr(z.nodeCidr).prefix;
    segments.push({ ns: seg, zone: z.name });
    for (const sp of plan.switches.filter((s) => s.zone === z.name)) {
      const ns = switchNs(z.name, sp.name);
      const ta = transportFor(ns);
      const ta6 = z.ipv6 ? sameOffset6(ta) : undefined;
      const own6 = z.switches.find((x) => x.name === sp.name)?.ipv6Address;
      switches.push({
        ns,
        zone: z.name,
        name: sp.name,
        asn: sp.asn,
        address: sp.address,
        nodeCidr: z.nodeCidr,
        transportAddress: ta,
        ...(z.ipv6 && own6
          ? {
              address6: own6,
              nodeCidr6: z.ipv6.nodeCidr,
              ...(ta6 ? { transportAddress6: ta6 } : {}),
            }
          : {}),
        plan: sp,
        links: [
          {
            segment: seg,
            port: port(ns),
            ifname: "eth0",
            address: `${sp.address}/${prefix}`,
            ...v6(own6, z.ipv6?.nodeCidr),
          },
          {
            segment: TRANSPORT_NS,
            port: port(ns),
            ifname: "eth1",
            address: `${ta}/${t.prefix}`,
            ...v6(ta6, transport6),
          },
        ],
      });
    }
    const gateway = z.switches[0].address;
    const gateway6 = z.ipv6 ? z.switches[0].ipv6Address : undefined;
    const members = [
      ...z.reflectors.map((n) => ({ ...n, role: "master" as const })),
      ...z.ingressNodes.map((n) => ({ ...n, role: "ingress" as const })),
      ...z.workers.map((n) => ({ ...n, role: "worker" as const })),
    ];
    for (const m of members) {
      const ns = nodeNs(m.name);
      nodes.push({
        ns,
        zone: z.name,
        name: m.name,
        role: m.role,
        address: m.address,
        gateway,
        ...(m.ipv6Address && gateway6 ? { address6: m.ipv6Address, gateway6 } : {}),
        links: [
          {
            segment: seg,
            port: port(ns),
            ifname: "eth0",
            address: `${m.address}/${prefix}`,
            ...v6(m.ipv6Address, z.ipv6?.nodeCidr),
          },
        ],
      });
    }
  }
  const all = [
    CLIENT_NS,
    ...segments.map((s) => s.ns),
    ...switches.map((s) => s.ns),
    ...nodes.map((n) => n.ns),
  ];
  const dup = all.find((n, i) => all.indexOf(n) !== i);
  if (dup) throw new Error(`lab: two hosts map to namespace ${dup}; rename a node or switch`);
  return {
    transport,
    clientNs: CLIENT_NS,
    clientAddress: hostAt(t, 1n),
    ...(transport6 ? { transport6, clientAddress6: sameOffset6(hostAt(t, 1n))! } : {}),
    clientAsn,
    segments,
    switches,
    nodes,
  };
}

/** `{ address6: addr/len }` when both are known (a dual-stack host or transport), else nothing. */
function v6(address: string | undefined, subnet: string | undefined): { address6?: string } {
  return address && subnet ? { address6: `${address}/${subnet.split("/")[1]}` } : {};
}

function pickTransport6(used: string[]): string {
  const taken = used.map(cidr6);
  const free = TRANSPORT6_CANDIDATES.find((c) => !taken.some((u) => overlaps(u, cidr6(c))));
  if (!free)
    throw new Error(
      `lab: every IPv6 transport candidate (${TRANSPORT6_CANDIDATES.join(", ")}) overlaps the plan; add one to lab/topology.ts`,
    );
  return free;
}
