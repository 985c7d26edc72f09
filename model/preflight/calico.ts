// The Calico side of every session, derived only from the plan's Calico and Kubernetes objects the way calico-node
// would read them: node labels and AS (Node patches, admission policies), then each BGPPeer's selectors evaluated
// against those labels (domain brief §1.2, §2; calico confd bgp_processor.go).
import { childPath, joinPath } from "../errors";
import { parseIPv4 } from "../ip";
import { ANNOTATIONS, LABELS } from "../names";
import { matches, SelectorError, type Labels } from "../selectors";
import type { KubernetesObject } from "../types";
import { error, type Finding } from "./findings";
import type { Endpoint, PlanIndex } from "./plan-index";

export interface CalicoNode extends Endpoint {
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
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

/** Fields that change who peers with whom, or with what, and that preflight therefore models. */
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
}

const POLICY_ZONE = new RegExp(
  `^has\\(object\\.metadata\\.labels\\) && '${LABELS.zone}' in object\\.metadata\\.labels && object\\.metadata\\.labels\\['${LABELS.zone}'\\] == '([a-z0-9-]+)'$`,
);
const POLICY_ASN = new RegExp(
  `^Object\\{metadata: Object\\.metadata\\{annotations: \\{'${ANNOTATIONS.asNumber}': '(\\d+)'\\}\\}\\}$`,
);

/** Bound MutatingAdmissionPolicies that annotate a zone's Nodes with its AS (the only shape the plan emits). */
function admissionPolicies(idx: PlanIndex, findings: Finding[]): Policy[] {
  const bound = new Set(
    idx
      .objects("MutatingAdmissionPolicyBinding")
      .map((o) => (o.body.spec as { policyName?: string }).policyName),
  );
  const out: Policy[] = [];
  for (const o of idx.objects("MutatingAdmissionPolicy")) {
    if (!bound.has(o.body.metadata.name)) continue;
    const spec = o.body.spec as {
      matchConditions?: { expression: string }[];
      mutations?: { applyConfiguration?: { expression: string } }[];
    };
    const zone = POLICY_ZONE.exec(spec.matchConditions?.[0]?.expression ?? "");
    const asn = POLICY_ASN.exec(spec.mutations?.[0]?.applyConfiguration?.expression ?? "");
    if (!zone || !asn || spec.matchConditions!.length !== 1 || spec.mutations!.length !== 1) {
      findings.push(
        error(
          "kubernetes.asAssignment",
          `MutatingAdmissionPolicy ${o.body.metadata.name} is not one zone-label condition and one ASNumber annotation`,
          o.body.metadata.name,
          "keep the policy to the shape model/kubernetes.ts emits, or teach preflight the new shape",
        ),
      );
      continue;
    }
    out.push({ name: o.body.metadata.name, zone: zone[1], asn: asn[1] });
  }
  return out;
}

/** Nodes as the API server holds them: the kubelet's zone label, the admission policies, then our Node patches. */
export function calicoNodes(idx: PlanIndex, findings: Finding[]): CalicoNode[] {
  const policies = admissionPolicies(idx, findings);
  const patches = new Map(idx.objects("Node").map((o) => [o.body.metadata.name, o.body]));
  const nodes: CalicoNode[] = [];
  const node = (e: Endpoint, joining: boolean): CalicoNode => {
    const patch = patches.get(e.name);
    const labels: Record<string, string> = {
      [LABELS.zone]: e.zone,
      ...(patch?.metadata.labels ?? {}),
    };
    const annotations: Record<string, string> = { ...(patch?.metadata.annotations ?? {}) };
    // The policies run on every Node CREATE and UPDATE (our patches included), so they have the last word.
    const policy = policies.filter((p) => p.zone === labels[LABELS.zone]);
    for (const p of policy) {
      const patched = patch?.metadata.annotations?.[ANNOTATIONS.asNumber];
      if (patched !== undefined && patched !== p.asn) {
        findings.push(
          error(
            e.path,
            `is annotated ${ANNOTATIONS.asNumber}=${patched}, but admission policy ${p.name} rewrites it to ${p.asn} on every update`,
            patched,
            "annotate the node with its zone's AS",
          ),
        );
      }
      annotations[ANNOTATIONS.asNumber] = p.asn;
    }
    const as = annotations[ANNOTATIONS.asNumber];
    const asn = as !== undefined && /^\d{1,10}$/.test(as) ? Number(as) : undefined;
    const clusterId = annotations[ANNOTATIONS.clusterId];
    return {
      ...e,
      labels,
      annotations,
      joining,
      ...(asn === undefined ? {} : { asn }),
      ...(clusterId === undefined ? {} : { clusterId }),
    };
  };
  for (const e of idx.endpoints) if (e.role !== "switch") nodes.push(node(e, false));
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

function select(
  selector: string,
  nodes: CalicoNode[],
  peer: string,
  field: string,
  findings: Finding[],
): CalicoNode[] {
  try {
    return nodes.filter((n) => matches(selector, n.labels));
  } catch (e) {
    if (!(e instanceof SelectorError)) throw e;
    findings.push(
      error(bgpPeerPath(peer, field), e.message, selector, "emit only k == 'v', k != 'v' and &&"),
    );
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
  findings: Finding[],
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
        findings.push(
          error(
            h.local.path,
            `gets two different peerings with ${h.peerNode?.label ?? h.peerAddress}, from BGPPeers ${before.from} and ${h.from}`,
            [before.from, h.from],
            "let exactly one BGPPeer select each pair of peers",
          ),
        );
      }
      return;
    }
    seen.set(key, h);
    halves.push(h);
  };
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

  for (const o of idx.objects("BGPPeer")) {
    const name = o.body.metadata.name;
    const spec = (o.body.spec ?? {}) as PeerSpec;
    for (const k of Object.keys(spec)
      .filter((k) => !MODELLED.has(k))
      .sort()) {
      findings.push(
        error(
          bgpPeerPath(name, k),
          "is a BGPPeer field preflight does not model",
          (spec as Record<string, unknown>)[k],
          "teach model/preflight/calico.ts what it does to the session before emitting it",
        ),
      );
    }
    if (!celRules(name, spec, findings)) continue;
    const local =
      spec.node !== undefined
        ? nodes.filter((n) => n.name === spec.node)
        : spec.nodeSelector !== undefined
          ? select(spec.nodeSelector, nodes, name, "nodeSelector", findings)
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
      for (const n of local) {
        if (spec.peerIP === n.address) continue; // calico-node skips itself.
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
    const remote = select(spec.peerSelector!, nodes, name, "peerSelector", findings);
    for (const n of local) {
      for (const r of remote) {
        if (r.name === n.name) continue;
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
function celRules(name: string, spec: PeerSpec, findings: Finding[]): boolean {
  const bad = (field: string, problem: string, got: unknown, fix: string) => {
    findings.push(error(bgpPeerPath(name, field), problem, got, fix));
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
  if (spec.peerIP !== undefined && parseIPv4(spec.peerIP) === undefined)
    return bad("peerIP", "is not an IPv4 address", spec.peerIP, "write a.b.c.d (no port)");
  if (spec.peerIP !== undefined && !Number.isInteger(spec.asNumber))
    return bad("asNumber", "is missing for a peerIP peer", spec.asNumber, "set the peer's AS");
  return true;
}

/** The CIDRs a peer's BGPFilters reject on export, in order (the only rule shape the plan emits). */
export function exportRejects(
  idx: PlanIndex,
  h: CalicoHalf,
  findings: Finding[],
): string[] | undefined {
  const filters = new Map(idx.objects("BGPFilter").map((o) => [o.body.metadata.name, o]));
  const out: string[] = [];
  for (const f of h.filters) {
    const o: KubernetesObject | undefined = filters.get(f);
    if (!o) {
      findings.push(
        error(
          bgpPeerPath(h.from, "filters"),
          `names BGPFilter ${f}, which the plan does not create`,
          h.filters,
          "create the filter or drop its name",
        ),
      );
      return undefined;
    }
    const rules = ((o.body.spec as { exportV4?: unknown[] }).exportV4 ?? []) as {
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
