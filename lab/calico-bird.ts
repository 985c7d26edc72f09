// Calico's confd, reduced to what the plan uses: the plan's Calico objects -> one BIRD 2 config per node, the way
// calico-node would configure its BIRD (domain brief §2-§4). This is the only place the lab decides what a node
// announces or whom it peers with; everything comes from the plan's Kubernetes objects, nothing from the spec.
//
// Mirrored Calico behaviour (CAL = projectcalico/calico confd, v3.32):
// - Node AS: annotation projectcalico.org/ASNumber, else BGPConfiguration `default` asNumber, else 64512.
// - Peers: a BGPPeer applies to nodes matched by `nodeSelector` (or named by `node`, or all nodes); `peerIP` gives
//   one peer with `asNumber`; `peerSelector` gives every matched node (its own AS, skipping ourselves) and Calico
//   also configures the reverse peering on the selected nodes (BGPPeer reversePeering, default Auto).
// - Per session (bird.cfg.template bgp_template + bgp_processor.go): `multihop; ttl security off; gateway recursive;
//   add paths on; graceful restart; connect delay time 2; connect retry time 5; error wait time 5,30;`, no hold or
//   keepalive time (BIRD's defaults: 240 s hold, negotiated down by the peer) and no BFD (Calico OSS has none).
//   `graceful restart time N` from maxRestartTime. Same AS + this node has a RouteReflectorClusterID + peer has none
//   or another => `rr client; rr cluster id X;`.
// - Export filter per peer: (>= 3.32) LOCAL_PREF from route priority; the peer's BGPFilters in order (so a Reject
//   also applies to reflected routes); then calico_export_to_bgp_peers(): own blocks, static service routes, on a
//   reflector the LoadBalancer ranges (RR allowlist, calico #8358), and every IPPool CIDR; else reject.
// - Blocks: `protocol static { route <block> blackhole; }`; service /32s are static routes kept out of the kernel
//   (/rejectcidrs); `protocol kernel { merge paths on; ... }` for ECMP.
import { ANNOTATIONS, LABELS } from "../model/names";
import type { KubernetesObject, NetworkPlan } from "../model/types";
import { atLeast, parseVersion } from "../model/versions";
import { admissionPolicies, admit } from "./admission";
import { cidr, formatIp, subnet } from "./ipv4";
import { matches, type Labels } from "./selector";
import { hostsEndpoint, loadBalancerServices, type Taint } from "./services";

export interface CalicoNode {
  name: string;
  zone: string;
  role: "master" | "ingress" | "worker";
  address: string;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  taints: Taint[];
}

export interface BirdPeer {
  /** BIRD protocol name, as Calico names node-specific peers: `Node_10_1_0_2`. */
  protocol: string;
  ip: string;
  asn: number;
  rrClient: boolean;
  restartTime?: number;
  filters: string[];
  /** BGPPeer that produced the session. */
  from: string;
}

interface FilterRule {
  action: "Accept" | "Reject";
  matchOperator: "In" | "NotIn" | "Equal" | "NotEqual";
  cidr: string;
}

export interface NodeBgp {
  node: CalicoNode;
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
  filters: { name: string; rules: FilterRule[] }[];
  /** Calico >= 3.32 carries route priority in LOCAL_PREF. */
  priorityLocalPref: boolean;
}

const DEFAULT_AS = 64512; // Calico's default when neither the node nor BGPConfiguration sets one.
const NORMAL_PRIORITY = 1024; // BGPConfiguration ipv4NormalRoutePriority default.
const BIRD_INT_MAX = 2147483647;

function kind(plan: NetworkPlan, k: string): KubernetesObject[] {
  return plan.kubernetes.filter((o) => o.body.kind === k);
}

/** Nodes as the API server would hold them: kubelet's zone label, admission policies, then the plan's Node patches. */
export function calicoNodes(plan: NetworkPlan): CalicoNode[] {
  const policies = admissionPolicies(plan.kubernetes);
  const patches = new Map(kind(plan, "Node").map((o) => [o.body.metadata.name, o.body]));
  const out: CalicoNode[] = [];
  for (const z of plan.zones) {
    const members = [
      ...z.reflectors.map((n) => ({ ...n, role: "master" as const })),
      ...z.ingressNodes.map((n) => ({ ...n, role: "ingress" as const })),
      ...z.workers.map((n) => ({ ...n, role: "worker" as const })),
    ];
    for (const m of members) {
      // The kubelet registers the Node with the well-known zone label; policies mutate that CREATE request.
      const kubelet = { [LABELS.zone]: z.name };
      const patch = patches.get(m.name);
      const labels = { ...kubelet, ...(patch?.metadata.labels ?? {}) };
      const annotations = {
        ...admit(policies, kubelet),
        ...admit(policies, labels),
        ...(patch?.metadata.annotations ?? {}),
      };
      const taints = ((patch?.spec as { taints?: Taint[] } | undefined)?.taints ?? []).map((t) => ({
        ...t,
      }));
      out.push({
        name: m.name,
        zone: z.name,
        role: m.role,
        address: m.address,
        labels,
        annotations,
        taints,
      });
    }
  }
  return out;
}

interface BgpConfig {
  nodeToNodeMeshEnabled?: boolean;
  asNumber?: number;
  serviceLoadBalancerIPs?: { cidr: string }[];
  serviceLoadBalancerAggregation?: string;
}

interface PeerSpec {
  node?: string;
  nodeSelector?: string;
  peerIP?: string;
  asNumber?: number;
  peerSelector?: string;
  maxRestartTime?: string;
  filters?: string[];
  password?: unknown;
  [other: string]: unknown;
}

const MODELLED_PEER_FIELDS = new Set([
  "node",
  "nodeSelector",
  "peerIP",
  "asNumber",
  "peerSelector",
  "maxRestartTime",
  "filters",
  "password",
]);

function seconds(d: string): number {
  const m = /^(\d+)s$/.exec(d);
  if (!m) throw new Error(`lab: duration ${JSON.stringify(d)} is not whole seconds`);
  return Number(m[1]);
}

export function nodeBgp(plan: NetworkPlan): NodeBgp[] {
  const nodes = calicoNodes(plan);
  const bgpConfig = (kind(plan, "BGPConfiguration").find((o) => o.body.metadata.name === "default")
    ?.body.spec ?? {}) as BgpConfig;
  if (bgpConfig.nodeToNodeMeshEnabled !== false)
    throw new Error("lab: the node-to-node mesh is on; the lab only models explicit BGPPeers");
  const asOf = (n: CalicoNode) =>
    Number(n.annotations[ANNOTATIONS.asNumber] ?? bgpConfig.asNumber ?? DEFAULT_AS);
  const clusterOf = (n: CalicoNode) => n.annotations[ANNOTATIONS.clusterId];
  const lbCidrs = (bgpConfig.serviceLoadBalancerIPs ?? []).map((x) => x.cidr);
  const aggregated = bgpConfig.serviceLoadBalancerAggregation !== "Disabled";

  const filters = new Map(
    kind(plan, "BGPFilter").map((o) => {
      const spec = o.body.spec as Record<string, unknown>;
      for (const k of Object.keys(spec))
        if (k !== "exportV4")
          throw new Error(
            `lab: BGPFilter ${o.body.metadata.name} uses ${k}; only exportV4 is modelled`,
          );
      const rules = (spec.exportV4 as Record<string, unknown>[]).map((r) => {
        for (const k of Object.keys(r))
          if (!["action", "matchOperator", "cidr"].includes(k))
            throw new Error(`lab: BGPFilter rule field ${k} is not modelled`);
        return r as unknown as FilterRule;
      });
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
  const blocks = new Map<string, string>();
  for (const p of pools) {
    const members = nodes
      .filter((n) => !blocks.has(n.name) && matches(p.nodeSelector ?? "", n.labels))
      .map((n) => n.name)
      .sort();
    members.forEach((name, i) => blocks.set(name, subnet(cidr(p.cidr), p.blockSize, i)));
  }

  const services = loadBalancerServices(plan);
  const inLbRange = (ip: string) =>
    lbCidrs.some((c) => {
      const r = cidr(c);
      const n = cidr(`${ip}/32`).first;
      return r.first <= n && n <= r.last;
    });
  const excluded = (n: CalicoNode) => n.labels[LABELS.excludeFromLb] === "true";

  const priorityLocalPref = atLeast(parseVersion(plan.versions.calico) ?? [0, 0, 0], [3, 32, 0]);

  const peersOf = new Map<string, Map<string, BirdPeer>>(nodes.map((n) => [n.name, new Map()]));
  const addPeer = (
    local: CalicoNode,
    peerIp: string,
    asn: number,
    peerCluster: string | undefined,
    from: string,
    spec: PeerSpec,
  ) => {
    if (peerIp === local.address) return; // Calico skips ourselves.
    const cluster = clusterOf(local);
    const peer: BirdPeer = {
      protocol: `Node_${peerIp.replace(/\./g, "_")}`,
      ip: peerIp,
      asn,
      rrClient: asn === asOf(local) && cluster !== undefined && peerCluster !== cluster,
      ...(spec.maxRestartTime === undefined ? {} : { restartTime: seconds(spec.maxRestartTime) }),
      filters: spec.filters ?? [],
      from,
    };
    const seen = peersOf.get(local.name)!;
    const before = seen.get(peerIp);
    if (
      before &&
      JSON.stringify({ ...before, from: "" }) !== JSON.stringify({ ...peer, from: "" })
    ) {
      throw new Error(
        `lab: ${local.name} gets two different peerings with ${peerIp} (BGPPeers ${before.from} and ${from})`,
      );
    }
    if (!before) seen.set(peerIp, peer);
  };

  for (const o of kind(plan, "BGPPeer")) {
    const spec = o.body.spec as PeerSpec;
    const name = o.body.metadata.name;
    for (const k of Object.keys(spec))
      if (!MODELLED_PEER_FIELDS.has(k))
        throw new Error(`lab: BGPPeer ${name} uses ${k}, which the lab does not model`);
    if (spec.password !== undefined)
      throw new Error(`lab: BGPPeer ${name} sets a password; the lab runs without TCP-MD5`);
    const selected = nodes.filter((n) =>
      spec.node !== undefined
        ? n.name === spec.node
        : spec.nodeSelector === undefined || matches(spec.nodeSelector, n.labels),
    );
    if (spec.peerIP !== undefined) {
      for (const n of selected)
        addPeer(n, spec.peerIP, spec.asNumber ?? asOf(n), undefined, name, spec);
    } else if (spec.peerSelector !== undefined) {
      const remote = nodes.filter((n) => matches(spec.peerSelector!, n.labels));
      for (const n of selected)
        for (const r of remote) addPeer(n, r.address, asOf(r), clusterOf(r), name, spec);
      for (const r of remote)
        for (const n of selected) addPeer(r, n.address, asOf(n), clusterOf(n), name, spec); // reverse peering
    } else {
      throw new Error(`lab: BGPPeer ${name} has neither peerIP nor peerSelector`);
    }
  }

  return nodes.map((n) => {
    const block = blocks.get(n.name);
    if (!block) throw new Error(`lab: no IPPool selects node ${n.name}, so it has no pod block`);
    const endpointIps = excluded(n)
      ? []
      : services
          .filter((s) => hostsEndpoint(s, n.labels, n.taints) && inLbRange(s.ip))
          .map((s) => `${s.ip}/32`);
    const cidrRoutes = aggregated && !excluded(n) ? lbCidrs : [];
    const peers = [...peersOf.get(n.name)!.values()].sort((a, b) =>
      a.protocol.localeCompare(b.protocol),
    );
    const used = [...new Set(peers.flatMap((p) => p.filters))].sort();
    for (const f of used)
      if (!filters.has(f))
        throw new Error(`lab: BGPPeer filter ${f} names no BGPFilter in the plan`);
    const cluster = clusterOf(n);
    return {
      node: n,
      asn: asOf(n),
      ...(cluster === undefined ? {} : { clusterId: cluster }),
      peers,
      blocks: [block],
      podAddress: formatIp(cidr(block).first + 1n),
      serviceRoutes: [...cidrRoutes, ...endpointIps],
      kernelReject: lbCidrs,
      allowlist: cluster === undefined ? [] : lbCidrs,
      pools: pools.map((p) => p.cidr),
      filters: used.map((f) => ({ name: f, rules: filters.get(f)! })),
      priorityLocalPref,
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
    L.push(`# From BGPPeer ${p.from}`, `protocol bgp ${p.protocol} from bgp_template {`);
    L.push(`  neighbor ${p.ip} as ${p.asn};`, `  source address ${n.address};`);
    if (p.restartTime !== undefined) L.push(`  graceful restart time ${p.restartTime};`);
    if (p.rrClient) L.push("  rr client;", `  rr cluster id ${b.clusterId};`);
    L.push(
      "  ipv4 {",
      "    gateway recursive;",
      "    add paths on;",
      "    import all;",
      "    export filter {",
    );
    if (b.priorityLocalPref) L.push(...priority.map((x) => `      ${x}`));
    for (const f of p.filters) L.push(`      'bgp_${f}_exportFilterV4'();`);
    L.push(
      `      calico_export_to_bgp_peers(${p.asn === b.asn});`,
      "      reject;",
      "    };",
      "  };",
      "}",
      "",
    );
  }
  return L.join("\n");
}
