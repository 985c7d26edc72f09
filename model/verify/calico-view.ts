// What calico-node sees and configures, derived only from the plan's Calico and Kubernetes objects: the Nodes as the
// API server would hold them (kubelet zone label, admission policies, our Node patches) and every BGP half-session
// confd would render into BIRD from the BGPPeers. The one implementation of these rules: preflight checks its output
// against the switch plan and the plan's session list, the lab renders it into BIRD 2 (domain brief §1.2, §2-§4;
// CAL = projectcalico/calico v3.32.1, confd/pkg/backends/calico/bgp_processor.go).
//
// Mirrored Calico behaviour:
// - Node labels = Kubernetes node labels (libcalico-go node.go mergeCalicoAndK8sLabels): the kubelet's
//   topology.kubernetes.io/zone, then the labels our Node patches add.
// - Node AS: annotation projectcalico.org/ASNumber (parse errors are ignored: node.go K8sNodeToCalico); a node without
//   one runs BGPConfiguration `default` asNumber, else 64512 - never what this design wants, so `asn` stays undefined
//   and the consumers refuse it. Route reflector: annotation projectcalico.org/RouteReflectorClusterID.
// - Peers: a BGPPeer applies to the node named by `node`, the nodes matched by `nodeSelector`, or every node; `peerIP`
//   gives one peer with `asNumber`; `peerSelector` gives every matched node (its own AS, skipping ourselves), and with
//   `reversePeering: Auto` (the default) the selected nodes also peer back. `localASNumber` overrides the local AS.
// - `rr client; rr cluster id X;` when the peer is in our AS, this node has a cluster ID, and the peer has none or
//   another (bgp_processor.go l.588-598): a core switch in the zone AS is a client of the reflectors; RR <-> RR with
//   the same cluster ID is plain iBGP.
import { childPath, joinPath, type ConfigProblem } from "../core/errors";
import { parseIPv4 } from "../core/ip";
import { isIPv6Text, parseIPv6 } from "../core/ip6";
import { ANNOTATIONS, LABELS } from "../core/names";
import { KEEPS_A_REMOVAL, LEAVES_INGRESS_NODES } from "../plan/kubernetes";
import type { Endpoint, EndRole, PlanIndex } from "./plan-index";
import {
  parseSelector,
  SelectorError,
  termsMatch,
  type Labels,
  type SelectorTerm,
} from "../plan/selectors";
import type { KubernetesObject, Taint } from "../core/types";

/**
 * Where the derivation reports what it cannot derive or finds inconsistent, in the config-error form: preflight
 * records each as an error, the lab refuses to build.
 */
export type ProblemSink = (p: ConfigProblem) => void;

export type { Taint } from "../core/types";

export interface CalicoNode extends Endpoint {
  role: Exclude<EndRole, "switch">;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  /** The taints the plan expects the kubelet to register the node with (`nodeRegistrations`). */
  taints: Taint[];
  /** The node's AS as calico-node would use it; undefined when nothing sets it. */
  asn?: number;
  clusterId?: string;
  /** A worker that joins later: only the kubelet's zone label and the admission policy describe it. */
  joining: boolean;
}

/** One node's half of a BGP session, as calico-node renders it into BIRD. */
export interface CalicoHalf {
  local: CalicoNode;
  localAs?: number;
  /** The peer's address (peerIP, or the selected node's address; absent for a joining worker). */
  peerAddress?: string;
  peerAs?: number;
  /** Set when the peer is a node selected by peerSelector. */
  peerNode?: CalicoNode;
  /** BGPPeer that produced it. */
  from: string;
  password?: { name: string; key: string };
  filters: string[];
  maxRestartTime?: string;
  keepaliveTime?: string;
  /** This node reflects routes to the peer (`rr client`). */
  rrClient: boolean;
}

interface PeerSpec {
  node?: string;
  nodeSelector?: string;
  peerIP?: string;
  asNumber?: number;
  peerSelector?: string;
  password?: { secretKeyRef?: { name?: string; key?: string } };
  filters?: string[];
  maxRestartTime?: string;
  keepaliveTime?: string;
  localASNumber?: number;
  reversePeering?: string;
}

/** Fields that change who peers with whom, or with what, and that this module therefore models. */
const MODELLED = new Set([
  "node",
  "nodeSelector",
  "peerIP",
  "asNumber",
  "peerSelector",
  "password",
  "filters",
  "maxRestartTime",
  "keepaliveTime",
  "localASNumber",
  "reversePeering",
]);

interface Policy {
  name: string;
  zone: string;
  asn: string;
  /** Masters the policy leaves to our patches (its leaves-masters condition); it leaves ingress-tainted nodes too. */
  masters: Set<string>;
  /** Acts on Node CREATE and UPDATE: a registering Node gets the AS. */
  registration: boolean;
  /** Acts on status updates: a Node registered before the policy gets the AS at its next status report. */
  status: boolean;
}

const POLICY_ZONE = new RegExp(
  `^has\\(object\\.metadata\\.labels\\) && '${LABELS.zone}' in object\\.metadata\\.labels && object\\.metadata\\.labels\\['${LABELS.zone}'\\] == '([a-z0-9-]+)'$`,
);
const POLICY_MASTERS = /^!\(object\.metadata\.name in \[((?:'[a-z0-9.-]+'(?:, )?)*)\]\)$/;
const POLICY_ASN = new RegExp(
  `^Object\\{metadata: Object\\.metadata\\{annotations: \\{'${ANNOTATIONS.asNumber}': '(\\d+)'\\}\\}\\}$`,
);

/** Bound MutatingAdmissionPolicies that annotate a zone's Nodes with its AS (the only shape the plan emits). */
function admissionPolicies(idx: PlanIndex, problem: ProblemSink): Policy[] {
  const bound = new Set(
    idx
      .objects("MutatingAdmissionPolicyBinding")
      .map((o) => (o.body.spec as { policyName?: string }).policyName),
  );
  const out: Policy[] = [];
  for (const o of idx.objects("MutatingAdmissionPolicy")) {
    if (!bound.has(o.body.metadata.name)) continue; // an unbound policy does nothing
    const spec = o.body.spec as {
      matchConstraints?: { resourceRules?: { resources?: string[]; operations?: string[] }[] };
      matchConditions?: { expression: string }[];
      mutations?: { patchType?: string; applyConfiguration?: { expression: string } }[];
    };
    const zone = POLICY_ZONE.exec(spec.matchConditions?.[0]?.expression ?? "");
    const asn = POLICY_ASN.exec(spec.mutations?.[0]?.applyConfiguration?.expression ?? "");
    const masters = POLICY_MASTERS.exec(spec.matchConditions?.[2]?.expression ?? "");
    if (
      !zone ||
      !asn ||
      !masters ||
      spec.matchConditions!.length !== 4 ||
      spec.matchConditions![1].expression !== KEEPS_A_REMOVAL ||
      spec.matchConditions![3].expression !== LEAVES_INGRESS_NODES ||
      spec.mutations!.length !== 1 ||
      spec.mutations![0].patchType !== "ApplyConfiguration"
    ) {
      problem({
        path: "kubernetes.asAssignment",
        problem: `MutatingAdmissionPolicy ${o.body.metadata.name} is not one zone-label condition, the keeps-a-removal, leaves-masters and leaves-ingress-nodes conditions and one ASNumber annotation`,
        got: o.body.metadata.name,
        fix: "keep the policy to the shape model/plan/kubernetes.ts emits, or teach preflight the new shape",
      });
      continue;
    }
    // The annotation must be there before calico-node first reads the Node (its registration), domain brief §11, and
    // reach a Node registered before the policy at its kubelet's next status report.
    const rules = spec.matchConstraints?.resourceRules ?? [];
    const registration = rules.some(
      (r) =>
        r.resources?.includes("nodes") &&
        r.operations?.includes("CREATE") &&
        r.operations.includes("UPDATE"),
    );
    const status = rules.some(
      (r) => r.resources?.includes("nodes/status") && r.operations?.includes("UPDATE"),
    );
    if (!registration && !status) {
      problem({
        path: "kubernetes.asAssignment",
        problem: `MutatingAdmissionPolicy ${o.body.metadata.name} acts neither on Node CREATE and UPDATE nor on status updates, so it gives no node its zone's AS`,
        got: rules,
        fix: "match resources nodes with CREATE and UPDATE, or nodes/status with UPDATE, as model/plan/kubernetes.ts emits",
      });
      continue;
    }
    const failure = (spec as { failurePolicy?: string }).failurePolicy;
    if (status && failure !== "Ignore") {
      problem({
        path: "kubernetes.asAssignment",
        problem: `MutatingAdmissionPolicy ${o.body.metadata.name} acts on Node status updates with failurePolicy ${failure ?? "Fail"}: an error in it would refuse every kubelet status report of the zone, and its Nodes would go NotReady`,
        got: failure ?? null,
        fix: "give status updates their own policy with failurePolicy Ignore, as model/plan/kubernetes.ts emits",
      });
      continue;
    }
    const left = masters[1] === "" ? [] : masters[1].split(", ").map((q) => q.slice(1, -1));
    const planned = (idx.zones.get(zone[1])?.reflectors ?? []).map((m) => m.name);
    if ([...left].sort().join() !== [...planned].sort().join()) {
      problem({
        path: "kubernetes.asAssignment",
        problem: `MutatingAdmissionPolicy ${o.body.metadata.name} leaves masters [${left.join(", ")}] to our Node patches, but zone ${zone[1]}'s masters are [${planned.join(", ")}]: a heartbeat could re-annotate a master whose patch destroy released`,
        got: left,
        fix: "leave exactly the zone's masters, as model/plan/kubernetes.ts emits",
      });
      continue;
    }
    out.push({
      name: o.body.metadata.name,
      zone: zone[1],
      asn: asn[1],
      masters: new Set(left),
      registration,
      status,
    });
  }
  return out;
}

export interface NodeOptions {
  /**
   * Adds one synthetic "worker joining <zone>" per zone, described only by the kubelet's zone label and the admission
   * policies (no address, no patch): what preflight proves a later worker gets. The lab runs only planned hosts.
   */
  joiningWorkers: boolean;
}

/** Nodes as the API server holds them: the kubelet's zone label, the admission policies, then our Node patches. */
export function calicoNodes(
  idx: PlanIndex,
  problem: ProblemSink,
  options: NodeOptions,
): CalicoNode[] {
  const policies = admissionPolicies(idx, problem);
  const patches = new Map(idx.objects("Node").map((o) => [o.body.metadata.name, o.body]));
  const registered = new Map(idx.plan.nodeRegistrations.map((r) => [r.node, r]));
  const nodes: CalicoNode[] = [];
  const node = (e: Endpoint & { role: CalicoNode["role"] }, joining: boolean): CalicoNode => {
    const patch = patches.get(e.name);
    // The kubelet registers the Node as the plan states (`--node-labels`, `--register-with-taints`); a joining
    // worker's kubelet sets its zone label only.
    const registration = registered.get(e.name);
    const labels: Record<string, string> = {
      ...(registration?.labels ?? { [LABELS.zone]: e.zone }),
      ...(patch?.metadata.labels ?? {}),
    };
    const annotations: Record<string, string> = { ...(patch?.metadata.annotations ?? {}) };
    // A zone's policies annotate a Node they do not leave to our patches and that has no AS yet: a joining worker on
    // its CREATE, a planned node (registered before `up` created the policies) at its kubelet's next status report.
    // A patched node keeps what its patch says (preflight compares that with the zone's AS).
    const taints = (registration?.taints ?? []).map((t) => ({ ...t }));
    const ingressTainted = taints.some((t) => t.key === LABELS.ingress);
    const reaching = policies.find(
      (p) =>
        p.zone === labels[LABELS.zone] &&
        !p.masters.has(e.name) &&
        !ingressTainted &&
        (joining ? p.registration : p.status),
    );
    if (reaching && annotations[ANNOTATIONS.asNumber] === undefined)
      annotations[ANNOTATIONS.asNumber] = reaching.asn;
    const as = annotations[ANNOTATIONS.asNumber];
    const asn = as !== undefined && /^\d{1,10}$/.test(as) ? Number(as) : undefined;
    const clusterId = annotations[ANNOTATIONS.clusterId];
    return {
      ...e,
      labels,
      annotations,
      taints,
      joining,
      ...(asn === undefined ? {} : { asn }),
      ...(clusterId === undefined ? {} : { clusterId }),
    };
  };
  for (const e of idx.endpoints)
    if (e.role !== "switch") nodes.push(node({ ...e, role: e.role }, false));
  if (!options.joiningWorkers) return nodes;
  for (const z of idx.plan.zones) {
    nodes.push(
      node(
        {
          name: `(a worker joining ${z.name})`,
          zone: z.name,
          role: "worker",
          path: joinPath(["zones", z.name]),
          label: `a worker joining ${z.name}`,
        },
        true,
      ),
    );
  }
  return nodes;
}

/**
 * The nodes a BGPPeer can select, grouped by label value on first use: a selector's first `==` term (the zone, in
 * every selector the plan emits) narrows it to one group, so selecting stays linear in nodes however many zones.
 */
class NodesByLabel {
  private readonly groups = new Map<string, Map<string, CalicoNode[]>>();
  constructor(readonly nodes: CalicoNode[]) {}

  /** The nodes `terms` can match, in node order: those carrying the first `==` term's label value. */
  candidates(terms: readonly SelectorTerm[]): CalicoNode[] {
    const eq = terms.find((t) => t.op === "==");
    if (eq === undefined) return this.nodes;
    let byValue = this.groups.get(eq.key);
    if (byValue === undefined) {
      byValue = new Map();
      for (const n of this.nodes) {
        const v = n.labels[eq.key];
        if (typeof v !== "string") continue;
        const group = byValue.get(v);
        if (group) group.push(n);
        else byValue.set(v, [n]);
      }
      this.groups.set(eq.key, byValue);
    }
    return byValue.get(eq.value) ?? [];
  }
}

function select(
  selector: string,
  nodes: NodesByLabel,
  peer: string,
  field: string,
  problem: ProblemSink,
): CalicoNode[] {
  try {
    if (nodes.nodes.length === 0) return []; // nothing to match: the selector is not even read
    const terms = parseSelector(selector);
    return nodes.candidates(terms).filter((n) => termsMatch(terms, n.labels));
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    problem({
      path: bgpPeerPath(peer, field),
      problem: e.message,
      got: selector,
      fix: "emit only k == 'v', k != 'v' and &&",
    });
    return [];
  }
}

/** BGPPeers are no config entry: messages name them by a path under the plan's `kubernetes` objects. */
export const bgpPeerPath = (name: string, field?: string) =>
  `${childPath("kubernetes.BGPPeer", name)}${field ? `.spec.${field}` : ""}`;

/** Every half-session calico-node would configure from the plan's BGPPeers. */
export function calicoHalves(
  idx: PlanIndex,
  nodes: CalicoNode[],
  problem: ProblemSink,
): CalicoHalf[] {
  const halves: CalicoHalf[] = [];
  const seen = new Map<string, CalicoHalf>();
  const add = (h: CalicoHalf) => {
    const key = `${h.local.name}|${h.peerNode?.name ?? h.peerAddress}`;
    const before = seen.get(key);
    if (before) {
      const same = (x: CalicoHalf) =>
        JSON.stringify([x.peerAs, x.password, x.filters, x.maxRestartTime, x.keepaliveTime]);
      if (same(before) !== same(h)) {
        problem({
          path: h.local.path,
          problem: `gets two different peerings with ${h.peerNode?.label ?? h.peerAddress}, from BGPPeers ${before.from} and ${h.from}`,
          got: [before.from, h.from],
          fix: "let exactly one BGPPeer select each pair of peers",
        });
      }
      return;
    }
    seen.set(key, h);
    halves.push(h);
  };
  // bgp_processor.go: same AS, and this node reflects for a cluster the peer is not part of.
  const rrClient = (
    local: CalicoNode,
    localAs: number | undefined,
    peerAs?: number,
    peerCluster?: string,
  ) =>
    local.clusterId !== undefined &&
    localAs !== undefined &&
    peerAs === localAs &&
    peerCluster !== local.clusterId;

  const byLabel = new NodesByLabel(nodes);
  for (const o of idx.objects("BGPPeer")) {
    const name = o.body.metadata.name;
    const spec = (o.body.spec ?? {}) as PeerSpec;
    for (const k of Object.keys(spec)
      .filter((k) => !MODELLED.has(k))
      .sort()) {
      problem({
        path: bgpPeerPath(name, k),
        problem: "is a BGPPeer field preflight does not model",
        got: (spec as Record<string, unknown>)[k],
        fix: "teach model/verify/calico-view.ts what it does to the session before emitting it",
      });
    }
    if (!celRules(name, spec, problem)) continue;
    // No node and no nodeSelector: a global peer, every node (bgppeer.mdx "Peer scopes").
    const local =
      spec.node !== undefined
        ? nodes.filter((n) => n.name === spec.node)
        : spec.nodeSelector !== undefined
          ? select(spec.nodeSelector, byLabel, name, "nodeSelector", problem)
          : nodes;
    const common = {
      from: name,
      filters: spec.filters ?? [],
      ...(spec.password?.secretKeyRef
        ? {
            password: {
              name: spec.password.secretKeyRef.name ?? "",
              key: spec.password.secretKeyRef.key ?? "",
            },
          }
        : {}),
      ...(spec.maxRestartTime === undefined ? {} : { maxRestartTime: spec.maxRestartTime }),
      ...(spec.keepaliveTime === undefined ? {} : { keepaliveTime: spec.keepaliveTime }),
    };
    const localAs = (n: CalicoNode) => spec.localASNumber ?? n.asn;
    if (spec.peerIP !== undefined) {
      const v6 = isIPv6Text(spec.peerIP);
      for (const n of local) {
        if (spec.peerIP === n.address) continue; // calico-node skips itself.
        // An IPv6 peer is configured only on a node with an IPv6 BGP address (confd's bird6 template; Node
        // spec.bgp.ipv6Address, from the projectcalico.org/IPv6Address annotation).
        const own6 = nodeIPv6(n);
        if (v6 && (own6 === undefined || own6 === spec.peerIP)) continue;
        const as = localAs(n);
        add({
          local: n,
          ...(as === undefined ? {} : { localAs: as }),
          peerAddress: spec.peerIP,
          peerAs: spec.asNumber,
          rrClient: rrClient(n, as, spec.asNumber),
          ...common,
        });
      }
      continue;
    }
    const remote = select(spec.peerSelector!, byLabel, name, "peerSelector", problem);
    for (const n of local) {
      for (const r of remote) {
        if (r.name === n.name) continue;
        // reversePeering Auto (the default): the selected node peers back with the selecting one.
        const pairs: [CalicoNode, CalicoNode][] =
          spec.reversePeering === "Manual"
            ? [[n, r]]
            : [
                [n, r],
                [r, n],
              ];
        for (const [self, other] of pairs) {
          const as = localAs(self);
          add({
            local: self,
            ...(as === undefined ? {} : { localAs: as }),
            ...(other.address === undefined ? {} : { peerAddress: other.address }),
            ...(other.asn === undefined ? {} : { peerAs: other.asn }),
            peerNode: other,
            rrClient: rrClient(self, as, other.asn, other.clusterId),
            ...common,
          });
        }
      }
    }
  }
  return halves;
}

/**
 * The BGPPeer rules the native projectcalico.org/v3 CRDs enforce by CEL and the v1 CRDs we write do not (domain
 * brief §1.0): returns false when the peer is too malformed to derive sessions from.
 */
function celRules(name: string, spec: PeerSpec, problem: ProblemSink): boolean {
  const bad = (field: string, what: string, got: unknown, fix: string) => {
    problem({ path: bgpPeerPath(name, field), problem: what, got, fix });
    return false;
  };
  if (spec.node !== undefined && spec.nodeSelector !== undefined)
    return bad("node", "is set together with nodeSelector", spec.node, "set one of them");
  if (spec.peerIP !== undefined && spec.peerSelector !== undefined)
    return bad("peerIP", "is set together with peerSelector", spec.peerIP, "set one of them");
  if (spec.peerSelector !== undefined && spec.asNumber !== undefined)
    return bad(
      "asNumber",
      "must be empty when peerSelector is set (the selected nodes' own AS is used)",
      spec.asNumber,
      "remove it",
    );
  if (spec.peerIP === undefined && spec.peerSelector === undefined)
    return bad("peerIP", "is missing, and so is peerSelector", undefined, "set one of them");
  if (
    spec.peerIP !== undefined &&
    parseIPv4(spec.peerIP) === undefined &&
    parseIPv6(spec.peerIP) === undefined
  )
    return bad(
      "peerIP",
      "is not an IPv4 or canonical IPv6 address",
      spec.peerIP,
      "write a.b.c.d or an RFC 5952 IPv6 address (no port)",
    );
  if (spec.peerIP !== undefined && !Number.isInteger(spec.asNumber))
    return bad("asNumber", "is missing for a peerIP peer", spec.asNumber, "set the peer's AS");
  return true;
}

/** The CIDRs a peer's BGPFilters reject on export, in order (the only rule shape the plan emits). */
export function exportRejects(
  idx: PlanIndex,
  h: CalicoHalf,
  problem: ProblemSink,
): string[] | undefined {
  const filters = new Map(idx.objects("BGPFilter").map((o) => [o.body.metadata.name, o]));
  const out: string[] = [];
  for (const f of h.filters) {
    const o: KubernetesObject | undefined = filters.get(f);
    if (!o) {
      problem({
        path: bgpPeerPath(h.from, "filters"),
        problem: `names BGPFilter ${f}, which the plan does not create`,
        got: h.filters,
        fix: "create the filter or drop its name",
      });
      return undefined;
    }
    // An IPv6 peer (dual-stack zones) exports through the filter's IPv6 rules.
    const v6 = h.peerAddress !== undefined && isIPv6Text(h.peerAddress);
    const spec = o.body.spec as { exportV4?: unknown[]; exportV6?: unknown[] };
    const rules = ((v6 ? spec.exportV6 : spec.exportV4) ?? []) as {
      action?: string;
      matchOperator?: string;
      cidr?: string;
    }[];
    for (const r of rules) {
      if (r.action === "Reject" && r.matchOperator === "In" && r.cidr !== undefined)
        out.push(r.cidr);
    }
  }
  return out;
}

/** A node's IPv6 BGP address (Node spec.bgp.ipv6Address, from the projectcalico.org/IPv6Address annotation). */
export function nodeIPv6(n: CalicoNode): string | undefined {
  return n.annotations[ANNOTATIONS.ipv6Address]?.split("/")[0];
}

/**
 * The IPv6 halves of the node-to-node (peerSelector) sessions: confd renders a peerSelector peer once per family the
 * selected node has an address of (bird.cfg.template's `peer_v4`, bird6.cfg.template's `peer_v6` keys), and bird6
 * only runs peers on a node with an IPv6 address (`IPv6 disabled on this node` otherwise). `calicoHalves` lists
 * node pairs once, by name (what preflight pairs with the plan's sessions); the lab renders both families.
 */
export function ipv6NodeHalves(
  halves: CalicoHalf[],
  address6: (n: CalicoNode) => string | undefined = nodeIPv6,
): CalicoHalf[] {
  return halves.flatMap((h) => {
    const own = address6(h.local);
    const peer = h.peerNode && address6(h.peerNode);
    return own !== undefined && peer !== undefined ? [{ ...h, peerAddress: peer }] : [];
  });
}
