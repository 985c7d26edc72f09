// Every Pulumi logical name, Kubernetes name, label and peer-group name, derived from stable keys only.
// Names are a contract: a zone, switch or node keeps its names however the config is reordered or extended.
import { joinPath } from "./errors";
import type { ComponentName } from "./types";
import { DNS_SUBDOMAIN } from "./patterns";

export const LABELS = {
  zone: "topology.kubernetes.io/zone",
  routeReflector: "bgp-fabric.io/route-reflector",
  ingress: "bgp-fabric.io/ingress",
  excludeFromLb: "node.kubernetes.io/exclude-from-external-load-balancers",
} as const;

export const ANNOTATIONS = {
  asNumber: "projectcalico.org/ASNumber",
  clusterId: "projectcalico.org/RouteReflectorClusterID",
  /** The node's IPv6 BGP address and prefix length, as calico-node stores it on the Node (`addr/len`). */
  ipv6Address: "projectcalico.org/IPv6Address",
} as const;

/** Switch peer groups: one for the zone's route reflectors, one for directly peering ingress nodes. */
export const PEER_GROUPS = { reflectors: "K8S-RR", ingress: "K8S-INGRESS" } as const;

/** Dual-stack zones: the same sessions over IPv6, in groups of their own (one address family per group). */
export const PEER_GROUPS6 = { reflectors: "K8S-RR6", ingress: "K8S-INGRESS6" } as const;

export const COMPONENT_TYPES = {
  cluster: "bgp-fabric:index:Cluster",
  zone: "bgp-fabric:index:Zone",
  masterPair: "bgp-fabric:index:MasterPair",
  ingressPool: "bgp-fabric:index:IngressPool",
} as const;

export const names = {
  // Components.
  zone: (zone: string) => zone,
  masterPair: (zone: string) => `${zone}-masters`,
  ingressPool: () => "ingress",
  /**
   * A component's key in the plan's ordering edges and the component tree: `component:<kind>` or
   * `component:<kind>/<zone>` (no resource name holds a colon, so it never collides with one).
   */
  componentKey: (component: ComponentName, zone?: string) =>
    zone === undefined ? `component:${component}` : `component:${component}/${zone}`,
  /** A switch's key in the component tree: its commands (but a drain command) are emitted together, in `after` order. */
  switchKey: (zone: string, sw: string) => `switch:${zone}/${sw}`,
  /**
   * The key of a switch's drain command (a password change drains the switch before either end changes): emitted
   * on its own, ahead of the zone's Secret, which waits for it.
   */
  switchDrainKey: (zone: string, sw: string) => `switch-drain:${zone}/${sw}`,

  // Cluster-wide Kubernetes objects: [Pulumi name, metadata.name].
  bgpConfiguration: { resource: "bgpconfiguration-default", k8s: "default" },
  metallbRelease: { resource: "metallb", k8s: "metallb" },
  metallbPool: (pool: string) => ({ resource: `metallb-pool-${pool}`, k8s: pool }),
  ingressRelease: { resource: "ingress-controller", k8s: "nginx-ingress" },
  noLbViaReflectors: {
    resource: "bgpfilter-no-lb-via-reflectors",
    k8s: "bgp-fabric-no-lb-via-reflectors",
  },
  // Per-zone Kubernetes objects.
  ipPool: (zone: string) => ({ resource: `${zone}-ippool`, k8s: `${zone}-pods` }),
  ipPool6: (zone: string) => ({ resource: `${zone}-ippool-v6`, k8s: `${zone}-pods-v6` }),
  peerNodesToReflectors: (zone: string) => ({
    resource: `${zone}-bgppeer-nodes-to-rrs`,
    k8s: `${zone}-nodes-to-rrs`,
  }),
  peerReflectorsToReflectors: (zone: string) => ({
    resource: `${zone}-bgppeer-rrs-to-rrs`,
    k8s: `${zone}-rrs-to-rrs`,
  }),
  peerReflectorsToSwitch: (zone: string, sw: string) => ({
    resource: `${zone}-bgppeer-rrs-to-${sw}`,
    k8s: `${zone}-rrs-to-${sw}`,
  }),
  peerIngressToSwitch: (zone: string, sw: string) => ({
    resource: `${zone}-bgppeer-ingress-to-${sw}`,
    k8s: `${zone}-ingress-to-${sw}`,
  }),
  /** The IPv6 BGPPeers toward a switch (dual-stack zones): the IPv4 one's names with `-v6`. */
  peerReflectorsToSwitch6: (zone: string, sw: string) => ({
    resource: `${zone}-bgppeer-rrs-to-${sw}-v6`,
    k8s: `${zone}-rrs-to-${sw}-v6`,
  }),
  peerIngressToSwitch6: (zone: string, sw: string) => ({
    resource: `${zone}-bgppeer-ingress-to-${sw}-v6`,
    k8s: `${zone}-ingress-to-${sw}-v6`,
  }),
  asnPolicy: (zone: string) => ({ resource: `${zone}-asn-policy`, k8s: `bgp-fabric-${zone}-asn` }),
  asnPolicyBinding: (zone: string) => ({
    resource: `${zone}-asn-policy-binding`,
    k8s: `bgp-fabric-${zone}-asn`,
  }),
  /** The zone's second policy: the AS on a status report, for a Node registered before the first. */
  asnStatusPolicy: (zone: string) => ({
    resource: `${zone}-asn-status-policy`,
    k8s: `bgp-fabric-${zone}-asn-status`,
  }),
  asnStatusPolicyBinding: (zone: string) => ({
    resource: `${zone}-asn-status-policy-binding`,
    k8s: `bgp-fabric-${zone}-asn-status`,
  }),
  nodePatch: (zone: string, node: string) => ({ resource: `${zone}-node-${node}`, k8s: node }),
  /** A zone's TCP-MD5 password for calico-node, and the Role and RoleBinding that let calico-node read it. */
  passwordSecret: (zone: string) => ({
    resource: `${zone}-bgp-passwords`,
    k8s: `bgp-fabric-bgp-passwords-${zone}`,
  }),
  passwordRole: (zone: string) => ({
    resource: `${zone}-bgp-passwords-reader`,
    k8s: `bgp-fabric-bgp-passwords-reader-${zone}`,
  }),
  passwordRoleBinding: (zone: string) => ({
    resource: `${zone}-bgp-passwords-reader-calico-node`,
    k8s: `bgp-fabric-bgp-passwords-reader-${zone}`,
  }),

  // Switch commands.
  switchBase: (zone: string, sw: string) => `${zone}-${sw}-bgp-base`,
  /** A dual-stack zone's IPv6 part of the switch (groups, policy, ipv6 unicast), beside the IPv4 base. */
  switchBase6: (zone: string, sw: string) => `${zone}-${sw}-bgp-base-v6`,
  switchDrain: (zone: string, sw: string) => `${zone}-${sw}-bgp-drain`,
  /** By the neighbor's address; an IPv6 one with `-` for `:` (`::` separates the parts of a Pulumi URN). */
  switchNeighbor: (zone: string, sw: string, address: string) =>
    `${zone}-${sw}-neighbor-${address.replaceAll(":", "-")}`,
  /** A drained ingress node's wait on one switch of its zone (by node name: a drain follows the node, not its address). */
  drainWait: (zone: string, sw: string, node: string) => `${zone}-${sw}-drain-${node}`,
  /**
   * Key of a switch's password in its zone's Kubernetes Secret (one key per switch, so a rotation of one switch's
   * password changes only what the BGPPeers to that switch read).
   */
  passwordKey: (sw: string) => sw,
  /**
   * The one spelling of a reference to a BGP password in the plan (sessions, switch peer groups): its config path,
   * `bgpPasswords.<zone>` (the zone's one password for all its switches) or `bgpPasswords.<zone>.<switch>`.
   */
  passwordRef: (zone: string, sw?: string) =>
    joinPath(sw === undefined ? ["bgpPasswords", zone] : ["bgpPasswords", zone, sw]),
} as const;

/** Kubernetes object names are checked, never truncated or hashed (config keys are bounded so this holds). */
export function checkK8sName(name: string): string {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    throw new Error(`internal: ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  return name;
}
