// Version parsing, and the version gates of every Calico, MetalLB and Kubernetes kind and field the plan can emit:
// the one table the plan builder (what to emit) and preflight (is it known to the target release) both read.

export type Version = [number, number, number];

/** `1.2.3` (an optional leading `v` is accepted) or, with `allowMinor`, `1.34`. */
export function parseVersion(text: string, allowMinor = false): Version | undefined {
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$/.exec(text);
  if (!m || (m[3] === undefined && !allowMinor)) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** A kind or field that exists from `since` on (and no longer from `until`, when set). */
export interface Gate {
  since: string;
  until?: string;
  /** Where the version comes from. */
  source: string;
  /** Own wording for a target release without it: `<problem> (got <version>); <fix>`. */
  problem?: string;
  fix?: string;
  /** A warning that applies whenever the plan uses it (e.g. a beta API). */
  warn?: { problem: string; fix: string };
}

// Domain brief §1 ("CRD diff" of libcalico-go/config/crd at v3.22.0 … v3.32.1) and ../shared/crds/ (v3.30.7,
// v3.32.1). v3.22.0 is the first tag the diff covers: "3.22.0" means "present at least since then".
const CRD_DIFF = "domain brief §1 CRD diff";
const FIRST_CHECKED = "present at v3.22.0, the first tag checked";
const calico = (since: string, source = CRD_DIFF): Gate => ({ since, source });

/** BGPFilter rule fields (every rule list has the same item schema). */
const FILTER_RULE: Record<string, string> = {
  action: "3.26.0",
  cidr: "3.26.0",
  matchOperator: "3.26.0",
  source: "3.27.0",
  interface: "3.27.0",
  prefixLength: "3.29.0",
  "prefixLength.min": "3.29.0",
  "prefixLength.max": "3.29.0",
  peerType: "3.32.0",
  priority: "3.32.0",
  communities: "3.32.0",
  "communities.values": "3.32.0",
  asPathPrefix: "3.32.0",
  operations: "3.32.0",
  "operations[].addCommunity": "3.32.0",
  "operations[].addCommunity.value": "3.32.0",
  "operations[].prependASPath": "3.32.0",
  "operations[].prependASPath.prefix": "3.32.0",
  "operations[].setPriority": "3.32.0",
  "operations[].setPriority.value": "3.32.0",
};

/** `crd.projectcalico.org/v1` kinds (`Kind`) and spec fields (`Kind.spec.a.b`, list items as `[]`). */
export const CALICO_GATES: Record<string, Gate> = {
  BGPConfiguration: calico("3.22.0", FIRST_CHECKED),
  ...Object.fromEntries(
    [
      "logSeverityScreen",
      "nodeToNodeMeshEnabled",
      "asNumber",
      "serviceClusterIPs",
      "serviceClusterIPs[].cidr",
      "serviceExternalIPs",
      "serviceExternalIPs[].cidr",
      // Calico has advertised LoadBalancer IPs since 3.18 (MetalLB docs, configuration/calico.md).
      "serviceLoadBalancerIPs",
      "serviceLoadBalancerIPs[].cidr",
      "listenPort",
      "communities",
      "communities[].name",
      "communities[].value",
      "prefixAdvertisements",
      "prefixAdvertisements[].cidr",
      "prefixAdvertisements[].communities",
    ].map((f) => [`BGPConfiguration.spec.${f}`, calico("3.22.0", FIRST_CHECKED)]),
  ),
  ...Object.fromEntries(
    [
      "bindMode",
      "nodeMeshPassword",
      "nodeMeshPassword.secretKeyRef",
      "nodeMeshPassword.secretKeyRef.name",
      "nodeMeshPassword.secretKeyRef.key",
      "nodeMeshPassword.secretKeyRef.optional",
      "nodeMeshMaxRestartTime",
    ].map((f) => [`BGPConfiguration.spec.${f}`, calico("3.23.0")]),
  ),
  "BGPConfiguration.spec.ignoredInterfaces": calico("3.25.0"),
  "BGPConfiguration.spec.localWorkloadPeeringIPV4": calico("3.30.0"),
  "BGPConfiguration.spec.localWorkloadPeeringIPV6": calico("3.30.0"),
  /** `Disabled`: only /32s from nodes with a local endpoint, no node announces the pool (calico PR #10719). */
  "BGPConfiguration.spec.serviceLoadBalancerAggregation": calico("3.31.0"),
  "BGPConfiguration.spec.ipv4NormalRoutePriority": calico("3.32.0"),
  "BGPConfiguration.spec.ipv6NormalRoutePriority": calico("3.32.0"),
  "BGPConfiguration.spec.programClusterRoutes": calico("3.32.0"),

  BGPPeer: calico("3.22.0", FIRST_CHECKED),
  ...Object.fromEntries(
    [
      "node",
      "nodeSelector",
      "peerIP",
      "asNumber",
      "peerSelector",
      "password",
      "password.secretKeyRef",
      "password.secretKeyRef.name",
      "password.secretKeyRef.key",
      "password.secretKeyRef.optional",
      "sourceAddress",
      "keepOriginalNextHop",
      "maxRestartTime",
    ].map((f) => [`BGPPeer.spec.${f}`, calico("3.22.0", FIRST_CHECKED)]),
  ),
  "BGPPeer.spec.numAllowedLocalASNumbers": calico("3.23.0"),
  "BGPPeer.spec.ttlSecurity": calico("3.25.0"),
  "BGPPeer.spec.reachableBy": calico("3.25.0"),
  "BGPPeer.spec.filters": calico("3.26.0"),
  "BGPPeer.spec.localWorkloadSelector": calico("3.30.0"),
  // The brief's diff of .0 tags dates these to 3.31; the v3.30.7 CRD already has them (a 3.30 patch backport).
  "BGPPeer.spec.nextHopMode": calico("3.30.7", "../shared/crds/calico-v3.30.7"),
  "BGPPeer.spec.reversePeering": calico("3.30.7", "../shared/crds/calico-v3.30.7"),
  "BGPPeer.spec.localASNumber": calico("3.31.0"),
  "BGPPeer.spec.keepaliveTime": calico("3.32.0"),

  BGPFilter: calico("3.26.0"),
  ...Object.fromEntries(
    ["exportV4", "importV4", "exportV6", "importV6"].flatMap((list) => [
      [`BGPFilter.spec.${list}`, calico("3.26.0")],
      ...Object.entries(FILTER_RULE).map(([f, since]) => [
        `BGPFilter.spec.${list}[].${f}`,
        calico(since),
      ]),
    ]),
  ),

  IPPool: calico("3.22.0", FIRST_CHECKED),
  ...Object.fromEntries(
    ["cidr", "blockSize", "ipipMode", "vxlanMode", "natOutgoing", "disabled", "nodeSelector"].map(
      (f) => [`IPPool.spec.${f}`, calico("3.22.0", FIRST_CHECKED)],
    ),
  ),
  "IPPool.spec.disableBGPExport": calico("3.21.0"),
  "IPPool.spec.allowedUses": calico("3.21.0"),
  "IPPool.spec.assignmentMode": calico("3.30.0"),
  "IPPool.spec.namespaceSelector": calico("3.31.0"),
  // Deprecated forms, removed from the v1 CRD in 3.32.
  ...Object.fromEntries(
    ["ipip", "ipip.enabled", "ipip.mode", "nat-outgoing"].map((f) => [
      `IPPool.spec.${f}`,
      { ...calico("3.22.0", FIRST_CHECKED), until: "3.32.0" },
    ]),
  ),
};

const MLB = "domain brief §5 (metallb v0.16.1 config/crd/bases/metallb.io_ipaddresspools.yaml)";

/** `metallb.io/v1beta1` kinds and spec fields. */
export const METALLB_GATES: Record<string, Gate> = {
  IPAddressPool: {
    since: "0.13.0",
    source: "domain brief §5: v0.13.0 replaced the ConfigMap by CRDs",
    problem: "is older than 0.13.0, which configures pools by ConfigMap instead of IPAddressPool",
    fix: "use MetalLB 0.13.0 or later",
  },
  "IPAddressPool.spec.addresses": { since: "0.13.0", source: MLB },
  "IPAddressPool.spec.autoAssign": { since: "0.13.0", source: MLB },
  "IPAddressPool.spec.avoidBuggyIPs": { since: "0.13.4", source: MLB },
  ...Object.fromEntries(
    [
      "serviceAllocation",
      "serviceAllocation.priority",
      "serviceAllocation.namespaces",
      ...["namespaceSelectors", "serviceSelectors"].flatMap((s) => [
        `serviceAllocation.${s}`,
        `serviceAllocation.${s}[].matchLabels`,
        `serviceAllocation.${s}[].matchExpressions`,
        `serviceAllocation.${s}[].matchExpressions[].key`,
        `serviceAllocation.${s}[].matchExpressions[].operator`,
        `serviceAllocation.${s}[].matchExpressions[].values`,
      ]),
    ].map((f) => [`IPAddressPool.spec.${f}`, { since: "0.13.8", source: MLB }]),
  ),
};

const MAP_BETA: Gate = {
  since: "1.34.0",
  source: "domain brief §11 (KEP-3962)",
  problem:
    "is older than 1.34, which has no MutatingAdmissionPolicy to give joining workers their zone AS",
  fix: "upgrade Kubernetes, or set kubernetes.asAssignment: external and annotate nodes with projectcalico.org/ASNumber at provisioning",
  warn: {
    problem: "MutatingAdmissionPolicy is beta before 1.36",
    fix: "enable the MutatingAdmissionPolicy feature gate and the admissionregistration.k8s.io/v1beta1 API on the API server",
  },
};
const MAP_GA: Gate = {
  since: "1.36.0",
  source: "domain brief §11 (KEP-3962)",
  problem:
    "is older than 1.36, which serves MutatingAdmissionPolicy as admissionregistration.k8s.io/v1",
  fix: "upgrade Kubernetes to 1.36 or later",
};

/** Kubernetes API kinds, by `apiVersion/Kind`. */
export const KUBERNETES_GATES: Record<string, Gate> = {
  "v1/Node": { since: "1.0.0", source: "core API" },
  "v1/Secret": { since: "1.0.0", source: "core API" },
  "rbac.authorization.k8s.io/v1/Role": { since: "1.8.0", source: "RBAC GA" },
  "rbac.authorization.k8s.io/v1/RoleBinding": { since: "1.8.0", source: "RBAC GA" },
  "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy": MAP_BETA,
  "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicyBinding": MAP_BETA,
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy": MAP_GA,
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding": MAP_GA,
};

function gate(table: Record<string, Gate>, key: string, text = table[key].since) {
  return { version: parseVersion(table[key].since)!, text };
}

/** Minimum versions the plan builder and preflight decide by (domain brief §1, §3, §5, §11). */
export const GATES = {
  /** Route reflectors pass on `Local` LB /32s they have no endpoint for (calico PR #8358/#8593). */
  calicoMinimum: { version: [3, 27, 3] as Version, text: "3.27.3" },
  /** BGPConfiguration `serviceLoadBalancerAggregation: Disabled` (no LB CIDR announced anywhere). */
  calicoLbAggregation: gate(CALICO_GATES, "BGPConfiguration.spec.serviceLoadBalancerAggregation"),
  /** Route priority (`ipv4NormalRoutePriority`), carried in LOCAL_PREF by calico-node's BIRD export filters. */
  calicoRoutePriority: gate(CALICO_GATES, "BGPConfiguration.spec.ipv4NormalRoutePriority"),
  /** BGPPeer `keepaliveTime`. */
  calicoKeepaliveTime: gate(CALICO_GATES, "BGPPeer.spec.keepaliveTime"),
  /** MetalLB CRDs (IPAddressPool) replace the ConfigMap. */
  metallbMinimum: gate(METALLB_GATES, "IPAddressPool"),
  /** MetalLB's Helm chart deploys frr-k8s unless told not to (domain brief §5). */
  metallbFrrK8sDefault: { version: [0, 16, 0] as Version, text: "0.16.0" },
  /** MutatingAdmissionPolicy: beta (v1beta1, feature gate) in 1.34, GA (v1) in 1.36. */
  kubernetesMapBeta: gate(
    KUBERNETES_GATES,
    "admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy",
    "1.34",
  ),
  kubernetesMapGa: gate(
    KUBERNETES_GATES,
    "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy",
    "1.36",
  ),
  /** The F5 NGINX Ingress chart the release's values are checked against (test/chart-values.test.ts). */
  ingressChart: { version: [2, 6, 4] as Version, text: "2.6.4" },
} as const;

/**
 * The Helm charts whose values the plan's releases are checked against (../shared/charts, domain brief §12.2):
 * F5 NGINX Ingress 2.6.4 = app 5.5.4 (tag v5.5.4, 2026-07-16; 2.4.0 predates Kubernetes 1.36), MetalLB 0.16.1.
 */
export const CHECKED_CHARTS = {
  ingress: { chart: "nginx-ingress", version: "2.6.4", app: "5.5.4" },
  metallb: { chart: "metallb", version: "0.16.1", app: "v0.16.1" },
} as const;

/**
 * Calico advertises a `Local` service's /32 only from nodes whose local endpoint is ready since PR #13246: in 3.31.7
 * (3.31 line), after 3.32.1 (3.32 line) and in every later minor (domain brief §3, pitfall 7).
 */
export const READY_ENDPOINTS = {
  text: "3.31.7 (3.31 line) or a 3.32 release after 3.32.1",
  fixed: (v: Version): boolean =>
    v[0] > 3 ||
    (v[0] === 3 && (v[1] > 32 || (v[1] === 32 && v[2] >= 2) || (v[1] === 31 && v[2] >= 7))),
};

/**
 * Calico 3.31.0-3.31.3's confd (the first on EndpointSlices) judges a `Local` Service's endpoints by its first
 * ClusterIP's family, one slice per event: an update of a dual-stack Service's second-family slice finds no endpoint
 * of the first family and withdraws the Service's routes of both families from that node (calico #11502, fixed by
 * PR #11503 in 3.31.4 and 3.32.0; 3.30 and older read the v1 Endpoints, which hold the first family only).
 */
export const DUAL_STACK_LOCAL_ADVERTISEMENT = {
  text: "3.31.4 or later (or 3.30)",
  broken: (v: Version): boolean => v[0] === 3 && v[1] === 31 && v[2] < 4,
};
