// The validated spec and the NetworkPlan: the one contract every consumer (components, offline plan, lab) reads.

/** Switch CLI dialects: FRR (vtysh), Arista EOS, Cisco NX-OS. */
export type DialectName = "frr" | "eos" | "nxos";

/** How each ingress node's LoadBalancer /32 reaches the core switches as a separate path. */
export type IngressMode = "direct" | "reflector";

/** How `pulumi up` rolls a change out over the zones (docs/rollout.md). */
export type RolloutMode = "zone-by-zone" | "parallel";

/**
 * `zone-by-zone`: each zone's switch changes (and its other entries) wait for the health-checked switch commands of
 * the zone before it in `order`; `parallel`: no zone waits for another. `order` holds every zone once: the
 * `rolloutOrder` setting's zones first, then the rest by name (parallel: by name, for display only).
 */
export interface RolloutPlan {
  mode: RolloutMode;
  order: string[];
}

/** How a node that joins later gets its zone's AS number (annotation `projectcalico.org/ASNumber`). */
export type AsAssignment = "admission-policy" | "external";

export interface SwitchSpec {
  name: string;
  zone: string;
  /** Address the switch peers from, inside the zone's node subnet. */
  address: string;
  /** Dual-stack zones: the source of its IPv6 sessions, inside the zone's IPv6 node subnet. */
  ipv6Address?: string;
  sshHost: string;
  sshPort: number;
  sshUser: string;
  /** Expected SSH host key (`ssh-ed25519 AAAA…`), when pinned. */
  sshHostKey?: string;
  dialect: DialectName;
  /**
   * EOS/NX-OS: the interface the node sessions leave from (`update-source`), in the dialect's canonical form; absent:
   * the switch picks the source (the primary address of the interface toward the node, docs/dialects.md).
   */
  updateSource?: string;
}

export type NodeRole = "master" | "ingress" | "worker";

export interface NodeSpec {
  name: string;
  zone: string;
  address: string;
  /** Dual-stack zones: the node's address in the zone's IPv6 node subnet. */
  ipv6Address?: string;
  role: NodeRole;
  /**
   * Ingress nodes only: drained (`zones.<zone>.drain` or `zones.<zone>.ingressNodes.<node>.drain`, model/spec/drain.ts),
   * i.e. labelled for exclusion from external load balancers, so Calico withdraws its LoadBalancer /32s.
   */
  drained?: true;
}

export interface ZoneSpec {
  name: string;
  asn: number;
  nodeCidr: string;
  podCidr: string;
  podBlockSize: number;
  /** Dual-stack: the zone's IPv6 ranges (`zones.<zone>.ipv6`); absent for an IPv4-only zone. */
  ipv6?: ZoneIPv6Spec;
  routeReflectorClusterId: string;
  switches: SwitchSpec[];
  masters: NodeSpec[];
  ingressNodes: NodeSpec[];
  /** Lab-only workers (`lab.workers.<zone>`); production workers are not in the config. */
  workers: NodeSpec[];
  /**
   * Set when the switch sessions of this zone use TCP-MD5: `zone` for one password for all its switches
   * (`bgpPasswords.<zone>`), `switch` for one per switch (`bgpPasswords.<zone>.<switch>`).
   */
  bgpPassword?: "zone" | "switch";
  /** `zones.<zone>.drain`: every ingress node of the zone drained on purpose. */
  drained?: true;
}

/** A dual-stack zone's IPv6 node subnet and Calico IPv6 pool. */
export interface ZoneIPv6Spec {
  nodeCidr: string;
  podCidr: string;
  podBlockSize: number;
}

export interface LoadBalancerPoolSpec {
  name: string;
  cidr: string;
  /**
   * The IPv6 prefix beside an IPv4 `cidr`: one MetalLB pool of both families, the only kind a dual-stack Service
   * can take its two addresses from (MetalLB allocates them from one pool).
   */
  cidr6?: string;
  autoAssign: boolean;
}

export interface BgpTimersSpec {
  keepaliveSeconds: number;
  holdSeconds: number;
  connectRetrySeconds: number;
  /** Calico `maxRestartTime` (graceful restart) on node sessions. */
  gracefulRestartSeconds: number;
  /** Switch `maximum-paths ibgp`. */
  maximumPaths: number;
  /** Bounded wait of a switch change's health check (docs/commit-confirm.md); 0: no check. */
  healthCheckSeconds: number;
  /** What the core switches send the zone's route reflectors (README "Route policy on the switches"). */
  nodesReceive: NodesReceive;
  /**
   * `maximum-prefix` of each switch peer group: accepted prefixes per session before the switch acts, the share of
   * it that logs a warning, and the minutes after which a session closed for it restarts (docs/switches.md).
   */
  maximumPrefix: {
    reflectors: number;
    ingress: number;
    warningPercent: number;
    restartMinutes: number;
  };
  /** Whether the transport contract accepts a default route from the other zones (off: `0.0.0.0/0` is refused). */
  transportAcceptsDefault: boolean;
  /** Bounded wait of a drain (or undrain) for the switches' LoadBalancer next hops (docs/drain.md). */
  drainWaitSeconds: number;
  /** How long a switch drained for a password change gives the upstream (docs/password-rotation.md); 0: no drain. */
  switchDrainSeconds: number;
}

/** Outbound policy toward the nodes: a default route only, the other zones' pods and pools, or the whole table. */
export type NodesReceive = "default-only" | "pods-and-pools" | "all";

/**
 * Where a Helm chart comes from: a repository (`chart` name with an https `repo`, or an `oci://` chart reference)
 * or `path`, an unpacked chart directory relative to the project directory (air-gapped datacenters).
 */
export interface HelmChartSpec {
  chart?: string;
  repo?: string;
  path?: string;
  version: string;
  namespace: string;
  /** How long `pulumi up` waits for the release to become ready before rolling it back (`atomic`). */
  timeoutSeconds: number;
}

export interface FabricSpec {
  datacenter: string;
  kubernetes: { version: string; serviceCidr: string; asAssignment: AsAssignment };
  calico: { version: string; namespace: string; natOutgoing: boolean };
  metallb: HelmChartSpec;
  ingress: HelmChartSpec & { mode: IngressMode; ingressClass: string; loadBalancerIP?: string };
  bgp: BgpTimersSpec;
  loadBalancerPools: LoadBalancerPoolSpec[];
  zones: ZoneSpec[];
  rollout: RolloutPlan;
}

/** One end of a BGP session. */
export interface SessionEnd {
  name: string;
  address: string;
  asn: number;
  role: "master" | "ingress" | "worker" | "switch";
}

export type SessionKind = "rr-rr" | "node-rr" | "rr-switch" | "ingress-switch";

export interface BgpSession {
  zone: string;
  kind: SessionKind;
  /** `ipv6`: the session runs over IPv6 between the ends' IPv6 addresses and carries IPv6 unicast only; absent: IPv4. */
  family?: "ipv6";
  a: SessionEnd;
  b: SessionEnd;
  /** Route-reflector client side, when one end reflects to the other (Calico `rr client`). */
  rrClient?: string;
  /** Where the switch's TCP-MD5 password is set (`bgpPasswords.<zone>.<switch>` or `bgpPasswords.<zone>`), if any. */
  passwordRef?: string;
  /** Routes the Calico side filters out of its export on this session. */
  exportReject: string[];
}

export type ComponentName = "cluster" | "zone" | "master-pair" | "ingress-pool";

export interface KubernetesObject {
  /** Pulumi logical name. */
  resourceName: string;
  component: ComponentName;
  /** Zone that owns the object; absent for cluster-wide objects. */
  zone?: string;
  /** `create` = a managed object; `patch` = server-side-apply fields onto an object someone else creates. */
  mode: "create" | "patch";
  /** Resource names (within the plan) this object must wait for. */
  dependsOn: string[];
  body: {
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    [field: string]: unknown;
  };
}

export interface HelmRelease {
  resourceName: string;
  component: ComponentName;
  name: string;
  namespace: string;
  /** A chart name (with `repo`) or an `oci://` chart reference; absent for a local chart (`path`). */
  chart?: string;
  repo?: string;
  /** Unpacked chart directory, relative to the project directory (`./…`, `../…`) or absolute. */
  path?: string;
  version: string;
  values: Record<string, unknown>;
  /** Seconds Helm waits for every resource (and Job) to be ready; a timeout rolls the release back. */
  timeoutSeconds: number;
  /** Resource names (plan objects and releases) this release must wait for. */
  dependsOn: string[];
}

/** A Node taint (`spec.taints`), as a DaemonSet's tolerations see it. */
export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/**
 * What the kubelet must register a planned node with: fields the program cannot own on a Node (the zone label the
 * admission policy reads, and taints, an atomic list that server-side apply would take over whole).
 */
export interface NodeRegistration {
  node: string;
  zone: string;
  /** kubelet `--node-labels`. */
  labels: Record<string, string>;
  /** kubelet `--register-with-taints`. */
  taints: Taint[];
  /** The kubelet flags that register exactly these labels and taints. */
  kubeletFlags: string[];
}

export interface SwitchCommand {
  /** Pulumi logical name, e.g. `az1-core1-neighbor-10.1.0.11`. */
  name: string;
  /** `base-v6`: a dual-stack zone's IPv6 groups, policy and address-family lines (the IPv4 base stays as it was). */
  kind: "drain" | "base" | "base-v6" | "neighbor";
  /** Idempotent: also what an in-place update re-runs. */
  create: string;
  delete: string;
  /** Values whose change replaces the command (delete old, then create new). */
  triggers: string[];
  /** Lines fed on stdin; `<secret>` marks where the switch's BGP password goes (never on a command line). */
  stdin?: string;
  /**
   * The previous command of the same switch (apply order): Pulumi runs it first, so no two commands on one switch
   * ever run at once. Absent on the first command (the drain where there is one, else the base).
   */
  after?: string;
  /**
   * The health check gating this change (docs/commit-confirm.md): its `create` applies, waits until these sessions
   * are Established, then confirms, or rolls back and fails naming them. Absent: the change brings up no session.
   */
  healthCheck?: HealthCheck;
  /**
   * Kubernetes objects (`resourceName`) that make the other end of the checked sessions peer (its BGPPeer and the
   * node's patch): the command runs after them, so the check waits for nodes that are configured to connect.
   */
  dependsOn?: string[];
}

/** What a switch change's health check waits for. */
export interface HealthCheck {
  /** The sessions the change brings up, by peer address. */
  addresses: string[];
  /** Bounded wait (`bgp.healthCheckSeconds`). */
  timeoutSeconds: number;
  /** Names the change on the switch (EOS configuration session, NX-OS checkpoint): the command's name. */
  changeId: string;
}

/** An address family a switch session carries. */
export type AddressFamily = "ipv4-unicast" | "ipv6-unicast";

/** What a dialect's peer group negotiates with every neighbor in it (stated by the dialect, not assumed). */
export interface Negotiated {
  /** Address families activated for the group's neighbors. */
  addressFamilies: AddressFamily[];
  /** ADD-PATH receive capability: the neighbor may send several paths per prefix (RFC 7911). */
  addPathReceive: boolean;
}

/** A switch peer group as the plan configures it; the dialect renders the base command from exactly this. */
export interface SwitchPeerGroup {
  name: string;
  /** `ipv6`: the group's sessions run over IPv6 and carry IPv6 unicast only (dual-stack zones); absent: IPv4. */
  family?: "ipv6";
  /** Whose sessions the group carries: the zone's route reflectors or its directly peering ingress nodes. */
  role: "reflectors" | "ingress";
  description: string;
  /** Remote AS of every neighbor: the switch's own AS (iBGP inside the zone). */
  remoteAs: number;
  /** Source address of the group's sessions: the switch's address in the zone's node subnet. */
  updateSource: string;
  /** EOS/NX-OS: the interface the sessions leave from (`zones.<zone>.switches.<switch>.updateSource`), when set. */
  updateSourceInterface?: string;
  keepaliveSeconds: number;
  holdSeconds: number;
  connectRetrySeconds: number;
  /** Off for ingress nodes: a crashed node's /32 must leave at once, not after the restart time. */
  gracefulRestart: boolean;
  nextHopSelf: boolean;
  /**
   * Where the switch's password is set when the group's sessions use TCP-MD5: `bgpPasswords.<zone>.<switch>`, or
   * `bgpPasswords.<zone>` for the zone's one password (the value travels on the command's stdin).
   */
  passwordRef?: string;
  negotiates: Negotiated;
  /** Route maps (of `SwitchPlan.routeMaps`) applied to what the group's neighbors send and receive. */
  routeMapIn: string;
  routeMapOut: string;
  /** Accepted prefixes per neighbor, the warning and what the switch does beyond it (switch-policy.ts). */
  maximumPrefix: MaximumPrefix;
}

/**
 * A peer group's prefix limit: counted on accepted routes (after the inbound map) where the platform can, a warning at
 * `warningPercent` of `limit`, and a session closed for exceeding it restarts after `restartMinutes`: never for good.
 */
export interface MaximumPrefix {
  limit: number;
  warningPercent: number;
  restartMinutes: number;
}

/** One entry of a prefix list: `seq N permit|deny PREFIX [ge G] [le L]`. */
export interface PrefixListEntry {
  seq: number;
  action: "permit" | "deny";
  prefix: string;
  ge?: number;
  le?: number;
}

/** A prefix list the switch holds for our policy; `description` carries the ownership marker. */
export interface PrefixList {
  name: string;
  /** `ipv6`: an IPv6 prefix list (`ipv6 prefix-list`); absent: IPv4. */
  family?: "ipv6";
  description: string;
  entries: PrefixListEntry[];
}

/** One entry of a route map; without `matchPrefixList` it matches every route. */
export interface RouteMapEntry {
  seq: number;
  action: "permit" | "deny";
  /** Ownership marker (`bgp-fabric ...`). */
  description: string;
  matchPrefixList?: string;
  /** The route's next hop must match this prefix list (the zone's node subnet). */
  matchNextHopPrefixList?: string;
  localPreference?: number;
  /** MED and ORIGIN set to one value on every accepted route, so ECMP never depends on what a node sends. */
  metric?: number;
  origin?: "igp";
}

export interface RouteMap {
  name: string;
  /** `ipv6`: its matches are on IPv6 prefixes and next hops (`match ipv6 ...`); absent: IPv4. */
  family?: "ipv6";
  entries: RouteMapEntry[];
}

/**
 * What the zone's switches must send and accept on their inter-zone eBGP (the transport contract, README): not
 * applied by any command; rendered for the network team (and applied by the lab as the network team would).
 */
export interface TransportPolicy {
  /** `aggregate-address <pod CIDR>`: the zone's pods leave the zone as one prefix (the out-policy drops the blocks). */
  aggregates: string[];
  prefixLists: PrefixList[];
  routeMaps: RouteMap[];
  /** Route maps for the transport neighbors, in and out. */
  routeMapIn: string;
  routeMapOut: string;
  /**
   * The transport neighbors must send standard communities (GRACEFUL_SHUTDOWN, RFC 8326): EOS and NX-OS send none to
   * a neighbor without `send-community`; FRR sends them by default.
   */
  sendCommunity: true;
  /** The policy as the switch's dialect renders it (configuration lines). */
  lines: string[];
}

/** A neighbor of a switch: one node, one peer group, one command. */
export interface SwitchNeighbor {
  address: string;
  /** Kubernetes node name. */
  node: string;
  peerGroup: string;
  description: string;
  /** Name of the command that adds it. */
  command: string;
}

export interface SwitchPlan {
  name: string;
  zone: string;
  dialect: DialectName;
  address: string;
  asn: number;
  ssh: { host: string; port: number; user: string; hostKey?: string };
  /** `maximum-paths ibgp`: how many equal paths (ingress nodes) the switch installs per prefix. */
  maximumPaths: number;
  /** `bgp.healthCheckSeconds`: each neighbor command's bounded wait for its session; 0: no check. */
  healthCheckSeconds: number;
  /**
   * A password change drains the switch first (RFC 8326 graceful-shutdown on what it accepts from the nodes): the
   * seconds the upstream gets to move the traffic away, and the routes to settle before the switch is undrained.
   */
  drainSeconds: number;
  /** Inbound and outbound policy of the peer groups; every name starts with `bgp-fabric-` (the ownership marker). */
  prefixLists: PrefixList[];
  routeMaps: RouteMap[];
  peerGroups: SwitchPeerGroup[];
  /** Sorted by address. */
  neighbors: SwitchNeighbor[];
  transport: TransportPolicy;
  /** Rendered from the fields above, in apply order: base first, then neighbors sorted by address. */
  commands: SwitchCommand[];
  /** One read-only wait per drained ingress node of the zone, sorted by node (model/plan/drain.ts); absent: none. */
  drainWaits?: DrainWait[];
}

/**
 * A drain's bounded wait on one switch (docs/drain.md): `create` returns once no route inside the LoadBalancer pools
 * has the node as next hop (Calico withdrew the /32s after the node's exclusion label); `delete`, run when the node
 * is undrained (after the label is gone), once such a route is back. Read-only: it changes nothing on the switch.
 */
export interface DrainWait {
  /** Pulumi logical name, `<zone>-<switch>-drain-<node>`. */
  name: string;
  zone: string;
  switch: string;
  node: string;
  address: string;
  create: string;
  delete: string;
  timeoutSeconds: number;
  /** The node's patch (which carries the label) and the switch's neighbor command for the node. */
  dependsOn: string[];
  /**
   * The neighbor command for the node: deleted in the same update (node or switch removed, `pulumi destroy`), the
   * wait's delete is skipped, as nothing will come back.
   */
  deletedWith: string;
}

/** A node or switch of a zone plan: its IPv6 address only in a dual-stack zone. */
export interface PlannedHost {
  name: string;
  address: string;
  ipv6Address?: string;
}

export interface ZonePlan {
  name: string;
  asn: number;
  nodeCidr: string;
  podCidr: string;
  /** Dual-stack: the zone's IPv6 node subnet and pod CIDR; absent for an IPv4-only zone. */
  ipv6?: { nodeCidr: string; podCidr: string };
  routeReflectorClusterId: string;
  reflectors: PlannedHost[];
  /** `drained` only when the node is drained. */
  ingressNodes: (PlannedHost & { drained?: true })[];
  /** `zones.<zone>.drain`: the whole zone drained on purpose; absent otherwise. */
  drained?: true;
  /** Lab-only workers; empty in production stacks. */
  workers: PlannedHost[];
  switches: PlannedHost[];
}

export interface Warning {
  path: string;
  message: string;
}

/**
 * An ordering edge beyond the entries' own `dependsOn` (objects, releases) and `after` (switch commands): what waits
 * for a whole component (all it holds), what a component waits for, and what waits for entries of other components.
 * Keys are plan keys: an object's or release's `resourceName`, a component's `names.componentKey`, or a switch
 * command's `name` (the zone-by-zone rollout: a zone's first commands wait for the previous zone's last ones).
 */
export interface OrderingEdge {
  key: string;
  after: string[];
}

export interface NetworkPlan {
  datacenter: string;
  versions: { kubernetes: string; calico: string; metallb: string; ingress: string };
  ingressMode: IngressMode;
  loadBalancerPools: LoadBalancerPoolSpec[];
  zones: ZonePlan[];
  sessions: BgpSession[];
  kubernetes: KubernetesObject[];
  helmReleases: HelmRelease[];
  /** One per planned node (masters, ingress nodes, lab workers), sorted by node name. */
  nodeRegistrations: NodeRegistration[];
  switches: SwitchPlan[];
  /** The order in which `pulumi up` changes the zones (model/plan/ordering.ts turns it into edges). */
  rollout: RolloutPlan;
  /** Every ordering edge the entries do not carry themselves (model/plan/ordering.ts). */
  ordering: OrderingEdge[];
  warnings: Warning[];
}
