// Calico's confd rendering, reduced to what the plan uses: the Nodes and BGP half-sessions calico-node would
// configure come from model/verify/calico-view.ts (the derivation preflight checks, the one place that decides who peers
// with whom, with which AS and which `rr client` role); this file translates them into one BIRD 2 config per node
// and adds what a node announces (its IPAM block, service routes). Nothing comes from the spec. TCP-MD5 passwords
// come from the Secret keys the BGPPeers name, filled from the lab's own passwords as the Zone component fills the
// Secret. Anything the lab does not model (keepaliveTime, localASNumber, a node without an AS, the node-to-node
// mesh) fails loudly.
//
// Mirrored Calico rendering (CAL = projectcalico/calico confd, v3.32; domain brief §2-§4):
// - Per session (bird.cfg.template bgp_template + bgp_processor.go): `multihop; ttl security off; gateway recursive;
//   add paths on; graceful restart; connect delay time 2; connect retry time 5; error wait time 5,30;`, no hold or
//   keepalive time (BIRD's defaults: 240 s hold, negotiated down by the peer) and no BFD (Calico OSS has none).
//   `graceful restart time N` from maxRestartTime; `rr client; rr cluster id X;` where the view says so;
//   `password "…";` when the BGPPeer names a Secret key (confd reads it through its Secret watcher).
// - Export filter per peer: (>= 3.32) LOCAL_PREF from route priority; the peer's BGPFilters in order (so a Reject
//   also applies to reflected routes); then calico_export_to_bgp_peers(): own blocks, static service routes, on a
//   reflector the LoadBalancer ranges (RR allowlist, calico #8358), and every IPPool CIDR; else reject.
// - Blocks: `protocol static { route <block> blackhole; }`; service /32s are static routes kept out of the kernel
//   (/rejectcidrs); `protocol kernel { merge paths on; ... }` for ECMP.
// - IPv6 (dual-stack zones; bird6.cfg.template, bird6_ipam.cfg.template, bird6_aggr.cfg.template): what Calico's
//   second daemon, bird6, renders for a node with an IPv6 address (Node spec.bgp.ipv6Address): its `peer_v6` peers
//   named `Node_<address with : as _>`, `source address` the node's IPv6 address, the BGPFilters' exportV6 rules, the
//   IPv6 blocks and /128 service routes (/staticroutesv6, kept out of the kernel by /rejectcidrsv6), the RR allowlist
//   of the IPv6 LoadBalancer ranges and the IPv6 IPPools. BIRD 2 runs both families in one daemon: the IPv6 half sits
//   in IPv6 channels and in functions and protocols of its own (`…6`), so one family's config never reads the other's.
//   Checkable against the e2e's confd module (github.com/projectcalico/calico@v1.11.0-cni-plugin.0.20250813170300-
//   a0db560f0520 = Calico 3.28.5, confd/etc/calico/confd/templates/bird6*.cfg.template): that release renders no
//   route-priority LOCAL_PREF in either family, so the IPv6 export's priority lines (>= 3.32) rest on 3.32's
//   bgp_processor.go alone and the e2e's differential (planned for 3.28.5) does not cover them.
import {
  calicoHalves,
  calicoNodes,
  ipv6NodeHalves,
  nodeIPv6,
  type CalicoHalf,
  type CalicoNode,
} from "../model/verify/calico-view";
import { formatProblem, type ConfigProblem } from "../model/core/errors";
import { ANNOTATIONS, LABELS } from "../model/core/names";
import { PlanIndex } from "../model/verify/plan-index";
import { secretKeyValue } from "../model/plan/kubernetes";
import { switchPassword, type ZonePasswords } from "../model/spec/secrets";
import { matches } from "../model/plan/selectors";
import type { KubernetesObject, NetworkPlan } from "../model/core/types";
import { atLeast, GATES, parseVersion } from "../model/core/versions";
import { cidr4, contains, formatIPv4, ipv4, subnetAt } from "../model/core/ip";
import { cidr6, formatIPv6, ipv6, isIPv6Text, subnetAt6 } from "../model/core/ip6";
import { hostsEndpoint, loadBalancerServices } from "./services";

/** A node the lab runs: a planned host, so it has an address and an AS (checked in `nodeBgp`). */
export type BgpNode = CalicoNode & { address: string; asn: number };

export interface BirdPeer {
  /** BIRD protocol name, as Calico names node-specific peers: `Node_10_1_0_2`. */
  protocol: string;
  ip: string;
  asn: number;
  rrClient: boolean;
  restartTime?: number;
  filters: string[];
  /** TCP-MD5 password, read from the Secret key the BGPPeer names. */
  password?: string;
  /** BGPPeer that produced the session. */
  from: string;
}

interface FilterRule {
  action: "Accept" | "Reject";
  matchOperator: "In" | "NotIn" | "Equal" | "NotEqual";
  cidr: string;
}

/** A dual-stack node's IPv6 half: what bird6 announces and whom it accepts routes for. */
export interface NodeBgp6 {
  /** The node's IPv6 BGP address (the source of its IPv6 sessions). */
  address: string;
  blocks: string[];
  podAddress: string;
  /** LoadBalancer /128s with a local endpoint. */
  serviceRoutes: string[];
  kernelReject: string[];
  allowlist: string[];
  pools: string[];
}

export interface NodeBgp {
  node: BgpNode;
  asn: number;
  clusterId?: string;
  peers: BirdPeer[];
  /** Pod blocks this node owns (Calico IPAM block affinity). */
  blocks: string[];
  /** A "pod": the block's first host address, put on lo so it answers. */
  podAddress: string;
  /** LoadBalancer /32s this node announces (it hosts a local endpoint). */
  serviceRoutes: string[];
  /** Routes static on this node but never programmed into its kernel (/rejectcidrs). */
  kernelReject: string[];
  /** Export accept lists: RR allowlist (reflectors only) and IPPool CIDRs. */
  allowlist: string[];
  pools: string[];
  /** `rules6`: the filter's exportV6 rules, when it has them (dual-stack). */
  filters: { name: string; rules: FilterRule[]; rules6?: FilterRule[] }[];
  /** Calico >= 3.32 carries route priority in LOCAL_PREF. */
  priorityLocalPref: boolean;
  /** Dual-stack: the node has an IPv6 address; absent on an IPv4-only node. */
  v6?: NodeBgp6;
}

const NORMAL_PRIORITY = 1024; // BGPConfiguration ipv4NormalRoutePriority default.
const BIRD_INT_MAX = 2147483647;

function kind(plan: NetworkPlan, k: string): KubernetesObject[] {
  return plan.kubernetes.filter((o) => o.body.kind === k);
}

interface BgpConfig {
  nodeToNodeMeshEnabled?: boolean;
  serviceLoadBalancerIPs?: { cidr: string }[];
  serviceLoadBalancerAggregation?: string;
}

function seconds(d: string): number {
  const m = /^(\d+)s$/.exec(d);
  if (!m) throw new Error(`lab: duration ${JSON.stringify(d)} is not whole seconds`);
  return Number(m[1]);
}

/**
 * The value of the Secret key a BGPPeer names, as calico-node's Secret watcher reads it: the plan's Secret holds the
 * keys, the lab's passwords (by zone, as `bgpPasswords` takes them) their values.
 */
function secretValue(
  plan: NetworkPlan,
  ref: { name: string; key: string },
  passwords: Record<string, ZonePasswords> | undefined,
): string | undefined {
  const secret = kind(plan, "Secret").find((o) => o.body.metadata.name === ref.name);
  const data = (secret?.body as { stringData?: Record<string, string> } | undefined)?.stringData;
  const zone = plan.zones.find((z) => z.name === secret?.zone);
  if (!data || !Object.hasOwn(data, ref.key) || !zone || !passwords) return undefined;
  return secretKeyValue(
    ref.key,
    zone.switches.map((sw) => sw.name),
    (sw) => switchPassword(passwords, zone.name, sw),
  );
}

/** One BIRD protocol from one half-session of the view; refuses what the lab does not model. */
function birdPeer(
  h: CalicoHalf,
  password: (ref: { name: string; key: string }) => string | undefined,
): BirdPeer {
  const where = `lab: BGPPeer ${h.from} (on ${h.local.name})`;
  const pw = h.password === undefined ? undefined : password(h.password);
  // calico-node would render the peer without a password and never connect: the lab stops instead.
  if (h.password !== undefined && pw === undefined)
    throw new Error(
      `${where} names key ${h.password.key} of Secret ${h.password.name}, for which the lab has no password`,
    );
  if (h.keepaliveTime !== undefined)
    throw new Error(`${where} sets keepaliveTime, which the lab does not model`);
  if (h.localAs !== h.local.asn)
    throw new Error(`${where} sets localASNumber, which the lab does not model`);
  if (h.peerAddress === undefined || h.peerAs === undefined)
    throw new Error(`${where} gives a peer without address or AS (${h.peerNode?.name})`);
  return {
    protocol: birdProtocolName(h.peerAddress),
    ip: h.peerAddress,
    asn: h.peerAs,
    rrClient: h.rrClient,
    ...(h.maxRestartTime === undefined ? {} : { restartTime: seconds(h.maxRestartTime) }),
    filters: h.filters,
    ...(pw === undefined ? {} : { password: pw }),
    from: h.from,
  };
}

/** Calico's BIRD protocol name for a node-specific peer: `Node_10_1_0_2`, `Node_fd00_11__2` (bird6). */
export function birdProtocolName(peerIp: string): string {
  return `Node_${peerIp.replace(/[.:]/g, "_")}`;
}

/** A LoadBalancer Service as a live cluster holds it: its IP and the nodes with a ready local endpoint. */
export interface LiveService {
  ip: string;
  nodes: string[];
}

/**
 * Without `live`, the services and their endpoints are derived from the plan's Helm values (MetalLB and DaemonSet
 * placement as lab/services.ts models them); the e2e passes what its API server holds instead. `passwords` are the
 * lab's TCP-MD5 passwords by zone, in `bgpPasswords` form (one for the zone or one per switch).
 */
export function nodeBgp(
  plan: NetworkPlan,
  live?: LiveService[],
  passwords?: Record<string, ZonePasswords>,
): NodeBgp[] {
  // The Calico side, from the one derivation preflight uses; whatever it reports stops the lab.
  const idx = new PlanIndex(plan);
  const problems: string[] = [];
  const problem = (p: ConfigProblem) => {
    problems.push(formatProblem(p));
  };
  const view = calicoNodes(idx, problem, { joiningWorkers: false });
  // A node's IPv6 BGP address: the plan's annotation, or (a worker, which the plan does not patch) what calico-node's
  // IPv6 autodetection finds on its interface in the zone's IPv6 node subnet: the planned address lab/topology.ts
  // puts there (the operator limits autodetection to that subnet: docs/dual-stack.md).
  const planned6 = new Map(
    plan.zones.flatMap((z) =>
      z.ipv6 ? z.workers.flatMap((w) => (w.ipv6Address ? [[w.name, w.ipv6Address]] : [])) : [],
    ) as [string, string][],
  );
  const address6 = (n: CalicoNode) => nodeIPv6(n) ?? planned6.get(n.name);
  const halves4 = calicoHalves(idx, view, problem);
  const halves = [...halves4, ...ipv6NodeHalves(halves4, address6)];
  if (problems.length > 0)
    throw new Error(`lab: the plan's Calico objects are refused:\n  ${problems.join("\n  ")}`);
  const nodes = view.map((n): BgpNode => {
    if (n.address === undefined || n.asn === undefined)
      throw new Error(
        `lab: node ${n.name} has no address or no ${ANNOTATIONS.asNumber}; the lab does not model Calico's default AS`,
      );
    return { ...n, address: n.address, asn: n.asn };
  });

  const bgpConfig = (kind(plan, "BGPConfiguration").find((o) => o.body.metadata.name === "default")
    ?.body.spec ?? {}) as BgpConfig;
  if (bgpConfig.nodeToNodeMeshEnabled !== false)
    throw new Error("lab: the node-to-node mesh is on; the lab only models explicit BGPPeers");
  const lbAll = (bgpConfig.serviceLoadBalancerIPs ?? []).map((x) => x.cidr);
  const lbCidrs = lbAll.filter((c) => !isIPv6Text(c));
  const lbCidrs6 = lbAll.filter(isIPv6Text);
  const aggregated = bgpConfig.serviceLoadBalancerAggregation !== "Disabled";

  const filters = new Map(
    kind(plan, "BGPFilter").map((o) => {
      const spec = o.body.spec as Record<string, unknown>;
      for (const k of Object.keys(spec))
        if (k !== "exportV4" && k !== "exportV6")
          throw new Error(
            `lab: BGPFilter ${o.body.metadata.name} uses ${k}; only exportV4 and exportV6 are modelled`,
          );
      const rulesOf = (list: unknown) =>
        ((list ?? []) as Record<string, unknown>[]).map((r) => {
          for (const k of Object.keys(r))
            if (!["action", "matchOperator", "cidr"].includes(k))
              throw new Error(`lab: BGPFilter rule field ${k} is not modelled`);
          return r as unknown as FilterRule;
        });
      const rules = {
        rules: rulesOf(spec.exportV4),
        ...(spec.exportV6 === undefined ? {} : { rules6: rulesOf(spec.exportV6) }),
      };
      return [o.body.metadata.name, rules];
    }),
  );

  // IPAM: one block per node from the first pool selecting it, handed out in node-name order.
  const pools = kind(plan, "IPPool")
    .map(
      (o) =>
        o.body.spec as {
          cidr: string;
          blockSize: number;
          nodeSelector?: string;
          disabled?: boolean;
        },
    )
    .filter((p) => !p.disabled);
  const pools4 = pools.filter((p) => !isIPv6Text(p.cidr));
  const pools6 = pools.filter((p) => isIPv6Text(p.cidr));
  const blocksOf = (list: typeof pools, at: (p: (typeof pools)[number], i: number) => string) => {
    const blocks = new Map<string, string>();
    for (const p of list) {
      const members = nodes
        .filter((n) => !blocks.has(n.name) && matches(p.nodeSelector ?? "", n.labels))
        .map((n) => n.name)
        .sort();
      members.forEach((name, i) => blocks.set(name, at(p, i)));
    }
    return blocks;
  };
  const blocks = blocksOf(pools4, (p, i) => subnetAt(cidr4(p.cidr), p.blockSize, i));
  // bird6_ipam.cfg.template: the node's IPv6 blocks (/ipam/v2/host/<node>/ipv6/block), from the IPv6 IPPools.
  const blocks6 = blocksOf(pools6, (p, i) => subnetAt6(cidr6(p.cidr), p.blockSize, i));

  const services = live ? [] : loadBalancerServices(plan);
  const inLbRange = (ip: string) =>
    !isIPv6Text(ip) && lbCidrs.some((c) => contains(cidr4(c), ipv4(ip)));
  const inLbRange6 = (ip: string) =>
    isIPv6Text(ip) && lbCidrs6.some((c) => contains(cidr6(c), ipv6(ip)));
  const excluded = (n: BgpNode) => n.labels[LABELS.excludeFromLb] === "true";

  const calico = parseVersion(plan.versions.calico);
  const priorityLocalPref =
    calico !== undefined && atLeast(calico, GATES.calicoRoutePriority.version);

  // One BIRD protocol per peer address (Calico names them by it).
  const peersOf = new Map<string, Map<string, BirdPeer>>(nodes.map((n) => [n.name, new Map()]));
  for (const h of halves) {
    const peer = birdPeer(h, (ref) => secretValue(plan, ref, passwords));
    const seen = peersOf.get(h.local.name)!;
    const before = seen.get(peer.protocol);
    if (
      before &&
      JSON.stringify({ ...before, from: "" }) !== JSON.stringify({ ...peer, from: "" })
    ) {
      throw new Error(
        `lab: ${h.local.name} gets two different peerings with ${peer.ip} (BGPPeers ${before.from} and ${peer.from})`,
      );
    }
    if (!before) seen.set(peer.protocol, peer);
  }

  return nodes.map((n) => {
    const block = blocks.get(n.name);
    if (!block) throw new Error(`lab: no IPPool selects node ${n.name}, so it has no pod block`);
    const endpointIps = excluded(n)
      ? []
      : live
        ? live.filter((s) => s.nodes.includes(n.name) && inLbRange(s.ip)).map((s) => `${s.ip}/32`)
        : services
            .filter((s) => hostsEndpoint(s, n.labels, n.taints) && inLbRange(s.ip))
            .map((s) => `${s.ip}/32`);
    const cidrRoutes = aggregated && !excluded(n) ? lbCidrs : [];
    const own6 = address6(n);
    const block6 = blocks6.get(n.name);
    if (own6 !== undefined && pools6.length > 0 && !block6)
      throw new Error(`lab: no IPv6 IPPool selects node ${n.name}, so it has no IPv6 pod block`);
    const endpoint6 =
      excluded(n) || own6 === undefined
        ? []
        : live
          ? live
              .filter((s) => s.nodes.includes(n.name) && inLbRange6(s.ip))
              .map((s) => `${s.ip}/128`)
          : services
              .filter(
                (s) =>
                  s.ip6 !== undefined && hostsEndpoint(s, n.labels, n.taints) && inLbRange6(s.ip6),
              )
              .map((s) => `${s.ip6}/128`);
    const peers = [...peersOf.get(n.name)!.values()].sort((a, b) =>
      a.protocol.localeCompare(b.protocol),
    );
    const used = [...new Set(peers.flatMap((p) => p.filters))].sort();
    for (const f of used)
      if (!filters.has(f))
        throw new Error(`lab: BGPPeer filter ${f} names no BGPFilter in the plan`);
    const cluster = n.clusterId;
    return {
      node: n,
      asn: n.asn,
      ...(cluster === undefined ? {} : { clusterId: cluster }),
      peers,
      blocks: [block],
      podAddress: formatIPv4(cidr4(block).first + 1n),
      serviceRoutes: [...cidrRoutes, ...endpointIps],
      kernelReject: lbCidrs,
      allowlist: cluster === undefined ? [] : lbCidrs,
      pools: pools4.map((p) => p.cidr),
      filters: used.map((f) => ({ name: f, ...filters.get(f)! })),
      priorityLocalPref,
      ...(own6 === undefined || block6 === undefined
        ? {}
        : {
            v6: {
              address: own6,
              blocks: [block6],
              podAddress: formatIPv6(cidr6(block6).first + 1n),
              serviceRoutes: [...(aggregated && !excluded(n) ? lbCidrs6 : []), ...endpoint6],
              kernelReject: lbCidrs6,
              allowlist: cluster === undefined ? [] : lbCidrs6,
              pools: pools6.map((p) => p.cidr),
            },
          }),
    };
  });
}

const OPS: Record<FilterRule["matchOperator"], string> = {
  In: "~",
  NotIn: "!~",
  Equal: "=",
  NotEqual: "!=",
};

/** BIRD 2 syntax for what Calico renders for BIRD 1.6 (channels instead of protocol-level import/export). */
export function renderBird(b: NodeBgp, logFile: string): string {
  const L: string[] = [];
  const n = b.node;
  L.push(
    `# ${n.name} (${n.role}, zone ${n.zone}): generated by lab/calico-bird.ts from the plan's Calico objects`,
  );
  L.push(
    `router id ${n.address};`,
    `log "${logFile}" all;`,
    "timeformat protocol iso long ms;",
    "",
  );
  // Calico's BIRD 1.6 never exports device routes to the kernel (`device routes` is off); BIRD 2 has no such switch.
  L.push("filter calico_kernel_programming {");
  L.push("  if source = RTS_DEVICE then reject;");
  for (const c of b.kernelReject)
    L.push(`  if ( net ~ ${c} ) then { reject; }  # service range: never in the kernel`);
  L.push("  accept;", "}", "");
  L.push(
    "protocol kernel {",
    "  learn;",
    "  persist;",
    "  scan time 2;",
    "  graceful restart;",
    "  merge paths on;  # ECMP into the kernel",
  );
  L.push("  ipv4 { import all; export filter calico_kernel_programming; };", "}", "");
  L.push("protocol device {", "  scan time 2;", "}", "");
  // lo carries the lab's "pod" and LoadBalancer addresses, standing in for cali* and kube-ipvs0 that Calico excludes.
  L.push(
    "protocol direct {",
    "  ipv4;",
    '  interface -"cali*", -"kube-ipvs*", -"lo", "*";',
    "}",
    "",
  );
  L.push("protocol static {", "  ipv4;", "  # IP blocks for this host.");
  for (const bl of b.blocks) L.push(`  route ${bl} blackhole;`);
  if (b.serviceRoutes.length > 0)
    L.push("  # Static routes (LoadBalancer IPs with a local endpoint).");
  for (const r of b.serviceRoutes) L.push(`  route ${r} blackhole;`);
  L.push("}", "");
  L.push("function calico_aggr() {");
  for (const bl of b.blocks)
    L.push(`  if ( net = ${bl} ) then { accept; }`, `  if ( net ~ ${bl} ) then { reject; }`);
  L.push("}", "");
  L.push("function calico_export_to_bgp_peers(bool internal_peer) {", "  calico_aggr();");
  for (const r of b.serviceRoutes) L.push(`  if ( net ~ ${r} ) then { accept; }`);
  if (b.allowlist.length > 0)
    L.push("  # Route reflector allowlist: LoadBalancer ranges (calico #8358).");
  for (const r of b.allowlist) L.push(`  if ( net ~ ${r} ) then { accept; }`);
  for (const p of b.pools) L.push(`  if ( net ~ ${p} ) then { accept; }`);
  L.push("}", "");
  for (const f of b.filters) {
    L.push(`function 'bgp_${f.name}_exportFilterV4'() {`);
    for (const r of f.rules)
      L.push(
        `  if ((net ${OPS[r.matchOperator]} ${r.cidr})) then { ${r.action === "Accept" ? "accept" : "reject"}; }`,
      );
    L.push("}", "");
  }
  if (b.v6) L.push(...renderBird6(b.v6, b.filters));
  L.push(
    "template bgp bgp_template {",
    `  local as ${b.asn};`,
    "  multihop;",
    "  ttl security off;",
    "  graceful restart;",
  );
  L.push("  connect delay time 2;", "  connect retry time 5;", "  error wait time 5,30;", "}", "");
  // Calico >= 3.32 (bgp_processor.go buildExportFilter): route priority <-> LOCAL_PREF.
  const priority = [
    "if (defined(source) && source = RTS_BGP && defined(bgp_local_pref)) then {",
    `  krt_metric = ${BIRD_INT_MAX} - bgp_local_pref;`,
    "} else {",
    `  if (!defined(krt_metric)) then { krt_metric = ${NORMAL_PRIORITY}; }`,
    `  bgp_local_pref = ${BIRD_INT_MAX} - krt_metric;`,
    "}",
  ];
  for (const p of b.peers) {
    // An IPv6 peer is bird6's (bird6.cfg.template: `source address` the node's IPv6 address, the V6 filters).
    const six = isIPv6Text(p.ip) ? "6" : "";
    const source = six ? b.v6?.address : n.address;
    if (source === undefined)
      throw new Error(`lab: ${n.name} has an IPv6 peer ${p.ip} and no IPv6 address`);
    L.push(`# From BGPPeer ${p.from}`, `protocol bgp ${p.protocol} from bgp_template {`);
    L.push(`  neighbor ${p.ip} as ${p.asn};`, `  source address ${source};`);
    if (p.restartTime !== undefined) L.push(`  graceful restart time ${p.restartTime};`);
    if (p.rrClient) L.push("  rr client;", `  rr cluster id ${b.clusterId};`);
    // The spec's password form has no quote or backslash, so it needs no escaping in a BIRD string.
    if (p.password !== undefined) L.push(`  password "${p.password}";`);
    L.push(
      six ? "  ipv6 {" : "  ipv4 {",
      "    gateway recursive;",
      "    add paths on;",
      "    import all;",
      "    export filter {",
    );
    if (b.priorityLocalPref) L.push(...priority.map((x) => `      ${x}`));
    for (const f of p.filters)
      // bird6.cfg.template calls a filter's V6 function only when the filter has exportV6 rules.
      if (!six || b.filters.find((x) => x.name === f)?.rules6)
        L.push(`      'bgp_${f}_exportFilterV${six || "4"}'();`);
    L.push(
      `      calico_export_to_bgp_peers${six}(${p.asn === b.asn});`,
      "      reject;",
      "    };",
      "  };",
      "}",
      "",
    );
  }
  return L.join("\n");
}

/**
 * The IPv6 half of a node's BIRD config, each piece the IPv6 twin of its IPv4 one above: the kernel programming
 * filter and protocol (/rejectcidrsv6), device routes, the IPv6 blocks and /128 service routes, the aggregation and
 * export functions (bird6_aggr.cfg.template, bird6_ipam.cfg.template) and the filters' exportV6 functions.
 */
function renderBird6(v6: NodeBgp6, filters: NodeBgp["filters"]): string[] {
  const L: string[] = [];
  L.push("filter calico_kernel_programming6 {", "  if source = RTS_DEVICE then reject;");
  for (const c of v6.kernelReject)
    L.push(`  if ( net ~ ${c} ) then { reject; }  # service range: never in the kernel`);
  L.push("  accept;", "}", "");
  L.push(
    "protocol kernel kernel6 {",
    "  learn;",
    "  persist;",
    "  scan time 2;",
    "  graceful restart;",
    "  merge paths on;  # ECMP into the kernel",
    "  ipv6 { import all; export filter calico_kernel_programming6; };",
    "}",
    "",
  );
  L.push(
    "protocol direct direct6 {",
    "  ipv6;",
    '  interface -"cali*", -"kube-ipvs*", -"lo", "*";',
    "}",
    "",
  );
  L.push("protocol static static6 {", "  ipv6;", "  # IP blocks for this host.");
  for (const bl of v6.blocks) L.push(`  route ${bl} blackhole;`);
  if (v6.serviceRoutes.length > 0)
    L.push("  # Static routes (LoadBalancer IPs with a local endpoint).");
  for (const r of v6.serviceRoutes) L.push(`  route ${r} blackhole;`);
  L.push("}", "");
  L.push("function calico_aggr6() {");
  for (const bl of v6.blocks)
    L.push(`  if ( net = ${bl} ) then { accept; }`, `  if ( net ~ ${bl} ) then { reject; }`);
  L.push("}", "");
  L.push("function calico_export_to_bgp_peers6(bool internal_peer) {", "  calico_aggr6();");
  for (const r of v6.serviceRoutes) L.push(`  if ( net ~ ${r} ) then { accept; }`);
  if (v6.allowlist.length > 0)
    L.push("  # Route reflector allowlist: IPv6 LoadBalancer ranges (calico #8358).");
  for (const r of v6.allowlist) L.push(`  if ( net ~ ${r} ) then { accept; }`);
  for (const p of v6.pools) L.push(`  if ( net ~ ${p} ) then { accept; }`);
  L.push("}", "");
  for (const f of filters) {
    if (!f.rules6) continue;
    L.push(`function 'bgp_${f.name}_exportFilterV6'() {`);
    for (const r of f.rules6)
      L.push(
        `  if ((net ${OPS[r.matchOperator]} ${r.cidr})) then { ${r.action === "Accept" ? "accept" : "reject"}; }`,
      );
    L.push("}", "");
  }
  return L;
}
