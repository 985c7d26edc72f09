// Kubernetes object bodies and Helm releases of the plan (Calico crd.projectcalico.org/v1, MetalLB, nodes).
// v1 Calico CRDs have no validation or defaulting (domain brief §1.0), so every field we rely on is explicit.
import { SECRET_PLACEHOLDER } from "../spec/secrets";
import { ANNOTATIONS, LABELS, checkK8sName, names } from "../core/names";
import { isIPv6Text } from "../core/ip6";
import { ingressPeersDirectly, peeringsBySwitch, poolsOf, type Family } from "./sessions";
import { selectors } from "./selectors";
import { GATES, atLeast, parseVersion, type Version } from "../core/versions";
import type {
  BgpSession,
  FabricSpec,
  HelmChartSpec,
  HelmRelease,
  KubernetesObject,
  NodeRegistration,
  NodeSpec,
  Taint,
  ZoneSpec,
} from "../core/types";

const CALICO = "crd.projectcalico.org/v1";
/**
 * The Secret key of a zone's one password for all switches, as plans before per-switch keys named it. Kept (same
 * value as every switch's key) while the zone sets one password, so BGPPeers still naming it during an upgrade never
 * read a missing key: calico-node renders a peer whose key is missing without a password, which drops the session.
 */
export const ZONE_PASSWORD_KEY = "password";

function calicoVersion(spec: FabricSpec): Version {
  return parseVersion(spec.calico.version) ?? [0, 0, 0];
}

function object(
  resourceName: string,
  component: KubernetesObject["component"],
  zone: string | undefined,
  mode: KubernetesObject["mode"],
  body: KubernetesObject["body"],
  dependsOn: string[] = [],
): KubernetesObject {
  checkK8sName(body.metadata.name);
  return {
    resourceName,
    component,
    ...(zone === undefined ? {} : { zone }),
    mode,
    dependsOn,
    body,
  };
}

/** The `default` BGPConfiguration fields we own; applied as a patch because calico-node >= 3.32 creates it (§1.1). */
export function bgpConfiguration(spec: FabricSpec): KubernetesObject {
  const aggregation = atLeast(calicoVersion(spec), GATES.calicoLbAggregation.version);
  return object(names.bgpConfiguration.resource, "cluster", undefined, "patch", {
    apiVersion: CALICO,
    kind: "BGPConfiguration",
    metadata: { name: names.bgpConfiguration.k8s },
    spec: {
      nodeToNodeMeshEnabled: false,
      serviceLoadBalancerIPs: spec.loadBalancerPools.map((p) => ({ cidr: p.cidr })),
      // Only /32s from nodes with a local endpoint (ingress nodes); no node announces the whole pool.
      ...(aggregation ? { serviceLoadBalancerAggregation: "Disabled" } : {}),
    },
  });
}

export function metallbRelease(spec: FabricSpec): HelmRelease {
  return {
    resourceName: names.metallbRelease.resource,
    component: "cluster",
    name: names.metallbRelease.k8s,
    namespace: spec.metallb.namespace,
    ...chartSource(spec.metallb),
    // Controller only: Calico announces; speakers or frr-k8s (default since 0.16) would fight it for the sessions.
    values: {
      controller: { enabled: true },
      speaker: { enabled: false },
      frrk8s: { enabled: false },
      crds: { enabled: true },
    },
    timeoutSeconds: spec.metallb.timeoutSeconds,
    dependsOn: [],
  };
}

/** Where Helm finds the chart: exactly one of a local directory or a repository chart, and its version. */
function chartSource(c: HelmChartSpec): Pick<HelmRelease, "chart" | "repo" | "path" | "version"> {
  if (c.path !== undefined) return { path: c.path, version: c.version };
  return {
    ...(c.chart === undefined ? {} : { chart: c.chart }),
    ...(c.repo === undefined ? {} : { repo: c.repo }),
    version: c.version,
  };
}

/**
 * One IPAddressPool per pool; with IPv6 pools the auto-assign IPv6 pool's range joins the auto-assign IPv4 pool's
 * object instead (the spec allows exactly one of each then): MetalLB 0.16.1 gives a RequireDualStack Service both
 * addresses from one pool holding both families (internal/allocator/allocator.go findBestPoolForService), found by
 * the e2e's real controller. Adding IPv6 to an IPv4 datacenter so updates the IPv4 pool's `addresses` in place.
 */
export function metallbPools(spec: FabricSpec): KubernetesObject[] {
  const auto6 = spec.loadBalancerPools.find((p) => p.autoAssign && isIPv6Text(p.cidr));
  const auto4 = auto6 && spec.loadBalancerPools.find((p) => p.autoAssign && !isIPv6Text(p.cidr));
  const joined = auto4 ? auto6 : undefined;
  return spec.loadBalancerPools
    .filter((p) => p !== joined)
    .map((p) =>
      object(
        names.metallbPool(p.name).resource,
        "cluster",
        undefined,
        "create",
        {
          apiVersion: "metallb.io/v1beta1",
          kind: "IPAddressPool",
          metadata: { name: names.metallbPool(p.name).k8s, namespace: spec.metallb.namespace },
          spec: {
            addresses: p === auto4 && joined ? [p.cidr, joined.cidr] : [p.cidr],
            autoAssign: p.autoAssign,
            avoidBuggyIPs: false,
          },
        },
        [names.metallbRelease.resource],
      ),
    );
}

export function ipPool(spec: FabricSpec, zone: ZoneSpec): KubernetesObject {
  return zonePool(spec, zone, names.ipPool(zone.name), zone.podCidr, zone.podBlockSize);
}

/** A dual-stack zone's IPv6 pod pool: the IPv4 pool's settings, on the zone's IPv6 pod CIDR and block size. */
export function ipPool6(spec: FabricSpec, zone: ZoneSpec): KubernetesObject[] {
  if (zone.ipv6 === undefined) return [];
  const { podCidr, podBlockSize } = zone.ipv6;
  return [zonePool(spec, zone, names.ipPool6(zone.name), podCidr, podBlockSize)];
}

function zonePool(
  spec: FabricSpec,
  zone: ZoneSpec,
  n: { resource: string; k8s: string },
  cidr: string,
  blockSize: number,
): KubernetesObject {
  return object(n.resource, "zone", zone.name, "create", {
    apiVersion: CALICO,
    kind: "IPPool",
    metadata: { name: n.k8s },
    spec: {
      cidr,
      blockSize,
      ipipMode: "Never",
      vxlanMode: "Never",
      natOutgoing: spec.calico.natOutgoing,
      disabled: false,
      nodeSelector: selectors.zone(zone.name),
      allowedUses: ["Workload", "Tunnel"],
    },
  });
}

/**
 * Calico's reference to a session's TCP-MD5 password: the key of the switch it dials in the zone's Secret, so rotating
 * one switch's password changes no other session.
 */
function password(session: BgpSession): Record<string, unknown> {
  if (session.passwordRef === undefined) return {};
  return {
    password: {
      secretKeyRef: {
        name: names.passwordSecret(session.zone).k8s,
        key: names.passwordKey(session.b.name),
      },
    },
  };
}

/**
 * The password a key of a zone's Secret holds: a switch's key its switch's password; the zone key, which the plan
 * writes only when the zone sets one password for all switches, that one (every switch's). Components fill the
 * Secret through this, from values they hold as secrets.
 */
export function secretKeyValue<T>(
  key: string,
  switches: readonly string[],
  bySwitch: (sw: string) => T | undefined,
): T | undefined {
  const sw = switches.find((name) => names.passwordKey(name) === key);
  if (sw !== undefined) return bySwitch(sw);
  return key === ZONE_PASSWORD_KEY && switches.length > 0 ? bySwitch(switches[0]) : undefined;
}

const peer = (
  zone: ZoneSpec,
  n: { resource: string; k8s: string },
  peerSpec: Record<string, unknown>,
  component: KubernetesObject["component"] = "zone",
) =>
  object(n.resource, component, zone.name, "create", {
    apiVersion: CALICO,
    kind: "BGPPeer",
    metadata: { name: n.k8s },
    spec: peerSpec,
  });

/**
 * Nodes peer with their zone's reflectors; reflectors with each other (both by selector, whatever the node count);
 * reflectors with each core switch: one BGPPeer per switch the zone's `rr-switch` sessions reach.
 */
export function zonePeers(
  spec: FabricSpec,
  zone: ZoneSpec,
  sessions: BgpSession[],
): KubernetesObject[] {
  const restart = `${spec.bgp.gracefulRestartSeconds}s`;
  const toSwitches = [
    ...reflectorsToSwitches(zone, sessions, "ipv4"),
    ...reflectorsToSwitches(zone, sessions, "ipv6"),
  ];
  // The node-to-node peers select nodes, not addresses: calico-node peers each family both nodes have an address of.
  return [
    peer(zone, names.peerNodesToReflectors(zone.name), {
      nodeSelector: selectors.nonReflectors(zone.name),
      peerSelector: selectors.reflectors(zone.name),
      maxRestartTime: restart,
    }),
    peer(
      zone,
      names.peerReflectorsToReflectors(zone.name),
      {
        nodeSelector: selectors.reflectors(zone.name),
        peerSelector: selectors.reflectors(zone.name),
        maxRestartTime: restart,
      },
      "master-pair",
    ),
    ...toSwitches,
  ];
}

/** The reflectors' BGPPeer toward each switch, one per family: the IPv6 one dials the switch's IPv6 address. */
function reflectorsToSwitches(
  zone: ZoneSpec,
  sessions: BgpSession[],
  family: Family,
): KubernetesObject[] {
  const name = family === "ipv6" ? names.peerReflectorsToSwitch6 : names.peerReflectorsToSwitch;
  return peeringsBySwitch(sessions, zone, "rr-switch", family).map(({ sw, sessions: [s] }) =>
    peer(zone, name(zone.name, sw.name), {
      nodeSelector: selectors.reflectors(zone.name),
      peerIP: s.b.address,
      asNumber: s.b.asn,
      ...password(s),
      // Direct mode: switches learn LB /32s only from the ingress nodes themselves, whose sessions they time out
      // in seconds; a reflected copy would keep a dead node's next hop alive for BIRD's 240 s hold time. The
      // session's export reject list is what the BGPFilter rejects.
      ...(s.exportReject.length > 0 ? { filters: [names.noLbViaReflectors.k8s] } : {}),
    }),
  );
}

/** Direct mode: the zone's ingress nodes peer with each core switch their `ingress-switch` sessions reach. */
export function ingressPeers(zone: ZoneSpec, sessions: BgpSession[]): KubernetesObject[] {
  return [
    ...ingressToSwitches(zone, sessions, "ipv4"),
    ...ingressToSwitches(zone, sessions, "ipv6"),
  ];
}

function ingressToSwitches(
  zone: ZoneSpec,
  sessions: BgpSession[],
  family: Family,
): KubernetesObject[] {
  const name = family === "ipv6" ? names.peerIngressToSwitch6 : names.peerIngressToSwitch;
  return peeringsBySwitch(sessions, zone, "ingress-switch", family).map(({ sw, sessions: [s] }) =>
    peer(
      zone,
      name(zone.name, sw.name),
      {
        nodeSelector: selectors.ingress(zone.name),
        peerIP: s.b.address,
        asNumber: s.b.asn,
        ...password(s),
      },
      "ingress-pool",
    ),
  );
}

const rejects = (cidrs: string[]) =>
  cidrs.map((cidr) => ({ action: "Reject", matchOperator: "In", cidr }));

/** Keeps LB /32s off the reflector->switch sessions in direct mode (BGPFilter, Calico >= 3.26). */
export function noLbViaReflectors(spec: FabricSpec): KubernetesObject[] {
  if (!ingressPeersDirectly(spec)) return [];
  return [
    object(names.noLbViaReflectors.resource, "cluster", undefined, "create", {
      apiVersion: CALICO,
      kind: "BGPFilter",
      metadata: { name: names.noLbViaReflectors.k8s },
      spec: {
        exportV4: rejects(poolsOf(spec, "ipv4")),
        // BGPFilter's IPv6 rules (exportV6, same item schema: Calico's BGPFilter CRD), only when there are IPv6 pools.
        ...(poolsOf(spec, "ipv6").length > 0 ? { exportV6: rejects(poolsOf(spec, "ipv6")) } : {}),
      },
    }),
  ];
}

/**
 * TCP-MD5 passwords for a zone's switch sessions, one key per switch, readable by calico-node only (domain brief
 * §1.2, pitfall 17).
 */
export function passwordObjects(spec: FabricSpec, zone: ZoneSpec): KubernetesObject[] {
  if (!zone.bgpPassword) return [];
  const ns = spec.calico.namespace;
  const secret = names.passwordSecret(zone.name);
  const role = names.passwordRole(zone.name);
  const binding = names.passwordRoleBinding(zone.name);
  return [
    object(secret.resource, "zone", zone.name, "create", {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: secret.k8s, namespace: ns },
      type: "Opaque",
      stringData: Object.fromEntries(
        [
          ...(zone.bgpPassword === "zone" ? [ZONE_PASSWORD_KEY] : []),
          ...zone.switches.map((sw) => names.passwordKey(sw.name)),
        ]
          .sort()
          .map((k) => [k, SECRET_PLACEHOLDER]),
      ),
    }),
    object(role.resource, "zone", zone.name, "create", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: role.k8s, namespace: ns },
      rules: [
        {
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: [secret.k8s],
          verbs: ["get", "list", "watch"],
        },
      ],
    }),
    object(binding.resource, "zone", zone.name, "create", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: binding.k8s, namespace: ns },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "Role",
        name: role.k8s,
      },
      subjects: [{ kind: "ServiceAccount", name: "calico-node", namespace: ns }],
    }),
  ];
}

/**
 * The policy never puts back the annotation in the update that removes it: a removal is deliberate (our Node patch
 * released by `pulumi destroy`, or an operator). It annotates a Node on CREATE and on an update of one that had none. Ordering
 * the policy's delete before the patches' is not enough: the API server drops a deleted policy from its admission
 * cache a moment later, and the real-engine e2e saw a patch released within that moment re-annotated.
 */
export const KEEPS_A_REMOVAL = `oldObject == null || !has(oldObject.metadata.annotations) || !('${ANNOTATIONS.asNumber}' in oldObject.metadata.annotations)`;

/**
 * The zone's masters and ingress nodes get the AS from our Node patches, never from the policy: a status report that
 * reached the policy in the moment after `pulumi destroy` deleted it (the admission cache lags) would otherwise
 * annotate a node whose patch had just been released. Masters by name (node names are DNS-1123 subdomains, model/spec:
 * no quote or backslash, safe in a CEL string); ingress nodes by the taint their kubelet registers, so adding one changes no policy.
 */
export function leavesMasters(masters: readonly string[]): string {
  return `!(object.metadata.name in [${masters.map((n) => `'${n}'`).join(", ")}])`;
}
export const LEAVES_INGRESS_NODES = `!(has(object.spec.taints) && object.spec.taints.exists(t, t.key == '${LABELS.ingress}'))`;

/**
 * Workers join with no config change: a MutatingAdmissionPolicy writes the zone AS annotation onto every Node whose
 * kubelet-set zone label names this zone, in the same request that creates the Node, so the annotation is there before
 * calico-node first configures BGP (domain brief §11); `Fail`, so a Node never registers without it.
 * A worker registered before the policy existed (the first `up` into a running cluster) gets it from a second policy
 * at its kubelet's next status report: every kubelet updates `nodes/status` at least every
 * `nodeStatusReportFrequency` (5 min by default; at once on a status change). That one is `Ignore`: an error in it
 * must never refuse a heartbeat (a Node whose reports are refused goes NotReady and its pods are evicted).
 * Two policies per zone: adding a zone touches no other object.
 */
export function asnPolicy(spec: FabricSpec, zone: ZoneSpec): KubernetesObject[] {
  if (spec.kubernetes.asAssignment !== "admission-policy") return [];
  const k8s = parseVersion(spec.kubernetes.version, true) ?? [0, 0, 0];
  const apiVersion = atLeast(k8s, GATES.kubernetesMapGa.version)
    ? "admissionregistration.k8s.io/v1"
    : "admissionregistration.k8s.io/v1beta1";
  // A policy re-annotated every Node it matched on UPDATE, our patches' releases included: it goes before the
  // zone's Node patches on destroy (so it is created after them), or `pulumi destroy` would leave their AS
  // annotation behind (the real-engine e2e saw it).
  const patches = [...zone.masters, ...zone.ingressNodes].map(
    (n) => names.nodePatch(zone.name, n.name).resource,
  );
  const policy = (
    n: { resource: string; k8s: string },
    b: { resource: string; k8s: string },
    failurePolicy: "Fail" | "Ignore",
    rule: { operations: string[]; resources: string[] },
  ): KubernetesObject[] => [
    object(
      n.resource,
      "zone",
      zone.name,
      "create",
      {
        apiVersion,
        kind: "MutatingAdmissionPolicy",
        metadata: { name: n.k8s },
        spec: {
          failurePolicy,
          reinvocationPolicy: "Never",
          matchConstraints: {
            resourceRules: [{ apiGroups: [""], apiVersions: ["v1"], ...rule }],
          },
          matchConditions: [
            {
              name: `in-zone-${zone.name}`,
              expression: `has(object.metadata.labels) && '${LABELS.zone}' in object.metadata.labels && object.metadata.labels['${LABELS.zone}'] == '${zone.name}'`,
            },
            {
              name: "keeps-a-removal",
              expression: KEEPS_A_REMOVAL,
            },
            { name: "leaves-masters", expression: leavesMasters(zone.masters.map((m) => m.name)) },
            { name: "leaves-ingress-nodes", expression: LEAVES_INGRESS_NODES },
          ],
          mutations: [
            {
              patchType: "ApplyConfiguration",
              applyConfiguration: {
                expression: `Object{metadata: Object.metadata{annotations: {'${ANNOTATIONS.asNumber}': '${zone.asn}'}}}`,
              },
            },
          ],
        },
      },
      patches,
    ),
    object(
      b.resource,
      "zone",
      zone.name,
      "create",
      {
        apiVersion,
        kind: "MutatingAdmissionPolicyBinding",
        metadata: { name: b.k8s },
        spec: { policyName: n.k8s },
      },
      [n.resource],
    ),
  ];
  return [
    ...policy(names.asnPolicy(zone.name), names.asnPolicyBinding(zone.name), "Fail", {
      operations: ["CREATE", "UPDATE"],
      resources: ["nodes"],
    }),
    ...policy(names.asnStatusPolicy(zone.name), names.asnStatusPolicyBinding(zone.name), "Ignore", {
      operations: ["UPDATE"],
      resources: ["nodes/status"],
    }),
  ];
}

/**
 * A dual-stack node's IPv6 BGP address as calico-node stores it on the Node (`projectcalico.org/IPv6Address`,
 * `addr/len` of the zone's IPv6 node subnet: libcalico-go's K8sNodeToCalico reads it into spec.bgp.ipv6Address).
 */
function ipv6Annotation(zone: ZoneSpec, node: NodeSpec): Record<string, string> {
  if (zone.ipv6 === undefined || node.ipv6Address === undefined) return {};
  return { [ANNOTATIONS.ipv6Address]: `${node.ipv6Address}/${zone.ipv6.nodeCidr.split("/")[1]}` };
}

/** Masters: route reflectors of their zone, sharing one cluster ID, never announcing LB addresses. */
export function masterPatch(zone: ZoneSpec, node: NodeSpec): KubernetesObject {
  const n = names.nodePatch(zone.name, node.name);
  return object(n.resource, "master-pair", zone.name, "patch", {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: n.k8s,
      labels: {
        [LABELS.zone]: zone.name,
        [LABELS.routeReflector]: "true",
        [LABELS.excludeFromLb]: "true",
      },
      annotations: {
        [ANNOTATIONS.asNumber]: String(zone.asn),
        [ANNOTATIONS.clusterId]: zone.routeReflectorClusterId,
        ...ipv6Annotation(zone, node),
      },
    },
  });
}

export const INGRESS_TAINT: Taint = { key: LABELS.ingress, value: "true", effect: "NoSchedule" };

/**
 * Ingress nodes: labelled for the controller and the direct peers. Labels and annotations only: server-side apply
 * owns them key by key, so deleting the patch gives back just these keys. The taint is the kubelet's to register
 * (`nodeRegistrations`): `spec.taints` is an atomic list that an apply would take over whole.
 */
export function ingressPatch(zone: ZoneSpec, node: NodeSpec): KubernetesObject {
  const n = names.nodePatch(zone.name, node.name);
  return object(n.resource, "ingress-pool", zone.name, "patch", {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: n.k8s,
      labels: {
        [LABELS.zone]: zone.name,
        [LABELS.ingress]: "true",
        // Drained (docs/drain.md): Calico withdraws the node's LoadBalancer /32s. Undrained, the patch no longer
        // names the key, so server-side apply removes it only if no other field manager also holds it.
        ...(node.drained ? { [LABELS.excludeFromLb]: "true" } : {}),
      },
      annotations: { [ANNOTATIONS.asNumber]: String(zone.asn), ...ipv6Annotation(zone, node) },
    },
  });
}

/** `key=value:effect`, the form of kubelet `--register-with-taints` and `kubectl taint`. */
export function taintText(t: Taint): string {
  return `${t.key}${t.value === undefined ? "" : `=${t.value}`}:${t.effect}`;
}

/**
 * How the kubelet of each planned node must register it: the zone label the admission policy and every selector
 * read, and for ingress nodes the taint that keeps other workloads off them.
 */
export function nodeRegistrations(spec: FabricSpec): NodeRegistration[] {
  return spec.zones
    .flatMap((z) => [...z.masters, ...z.ingressNodes, ...z.workers])
    .map((n) => {
      const labels = { [LABELS.zone]: n.zone };
      const taints = n.role === "ingress" ? [{ ...INGRESS_TAINT }] : [];
      const flags = [
        `--node-labels=${Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(",")}`,
        ...(taints.length > 0 ? [`--register-with-taints=${taints.map(taintText).join(",")}`] : []),
      ];
      return { node: n.name, zone: n.zone, labels, taints, kubeletFlags: flags };
    })
    .sort((a, b) => a.node.localeCompare(b.node));
}

/** F5 NGINX Ingress Controller (the community ingress-nginx is retired), one pod per ingress node. */
export function ingressRelease(spec: FabricSpec): HelmRelease {
  const service: Record<string, unknown> = {
    type: "LoadBalancer",
    // Local: only nodes with a ready controller pod announce the /32, and client source IPs survive (§3).
    externalTrafficPolicy: "Local",
    // Dual-stack (IPv6 pools): one address of each family, which MetalLB allocates from the pools of each family.
    // Required, not preferred: on a cluster that is not dual-stack the release fails instead of quietly serving IPv4.
    ...(poolsOf(spec, "ipv6").length > 0
      ? { ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] }
      : {}),
    ...(spec.ingress.loadBalancerIP === undefined
      ? {}
      : { annotations: { "metallb.io/loadBalancerIPs": spec.ingress.loadBalancerIP } }),
  };
  return {
    resourceName: names.ingressRelease.resource,
    component: "ingress-pool",
    name: names.ingressRelease.k8s,
    namespace: spec.ingress.namespace,
    ...chartSource(spec.ingress),
    values: {
      controller: {
        kind: "daemonset",
        nodeSelector: { [LABELS.ingress]: "true" },
        tolerations: [
          {
            key: INGRESS_TAINT.key,
            operator: "Equal",
            value: INGRESS_TAINT.value,
            effect: INGRESS_TAINT.effect,
          },
        ],
        ingressClass: { name: spec.ingress.ingressClass, create: true },
        service,
        // A surge rollout: each node's new pod is Ready before its old one goes, so an upgrade never withdraws a
        // node's /32 (externalTrafficPolicy Local) nor rehashes the switches' ECMP; a quarter of the nodes at a
        // time (rounded up), so 64 ingress nodes roll in 4 waves within the release's timeout, not 64. It is also
        // the in-program readiness wait: Helm's DaemonSet check (helm v3.18.6 pkg/kube/ready.go daemonSetReady)
        // passes with `maxUnavailable` pods not Ready, which the chart leaves at Kubernetes' default of 1.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      },
    },
    timeoutSeconds: spec.ingress.timeoutSeconds,
    // Helm's wait includes the LoadBalancer Service's address, which MetalLB's controller assigns from its pools,
    // and the DaemonSet's pods, which exist only on nodes our patches labelled: without those edges the wait passes
    // on an empty DaemonSet (the real-engine e2e saw it). A zone's patches are new with the zone, so the plan diff
    // counts these edges as part of that addition, not as a change of the release.
    dependsOn: [
      names.metallbRelease.resource,
      ...metallbPools(spec).map((o) => o.resourceName),
      ...spec.zones.flatMap((z) =>
        z.ingressNodes.map((n) => names.nodePatch(z.name, n.name).resource),
      ),
    ],
  };
}
