// Validated spec -> NetworkPlan: pure and deterministic (sorted by stable keys), no @pulumi import.
import * as k8s from "./kubernetes";
import { orderingEdges } from "./ordering";
import { zoneSessions } from "./sessions";
import { switchPlan } from "./switches";
import type {
  FabricSpec,
  KubernetesObject,
  NetworkPlan,
  NodeSpec,
  PlannedHost,
  SwitchSpec,
  Warning,
  ZoneSpec,
} from "../core/types";

/** A node or switch as the zone plan lists it: the IPv6 address only where the zone is dual-stack. */
const host = (n: NodeSpec | SwitchSpec): PlannedHost => ({
  name: n.name,
  address: n.address,
  ...(n.ipv6Address === undefined ? {} : { ipv6Address: n.ipv6Address }),
});

export function buildPlan(spec: FabricSpec, warnings: Warning[] = []): NetworkPlan {
  // Who peers with whom, decided once: the switch neighbors and the BGPPeers toward the switches are built from it.
  const sessions = new Map(spec.zones.map((z) => [z.name, zoneSessions(spec, z)]));
  const sessionsOf = (z: ZoneSpec) => sessions.get(z.name)!;
  const objects: KubernetesObject[] = [
    k8s.bgpConfiguration(spec),
    ...k8s.metallbPools(spec),
    ...k8s.noLbViaReflectors(spec),
  ];
  for (const zone of spec.zones) {
    objects.push(
      k8s.ipPool(spec, zone),
      ...k8s.ipPool6(spec, zone),
      ...k8s.passwordObjects(spec, zone),
      ...k8s.zonePeers(spec, zone, sessionsOf(zone)),
      ...k8s.asnPolicy(spec, zone),
      ...zone.masters.map((m) => k8s.masterPatch(zone, m)),
      ...zone.ingressNodes.map((n) => k8s.ingressPatch(zone, n)),
      ...k8s.ingressPeers(zone, sessionsOf(zone)),
    );
  }
  objects.sort((a, b) => a.resourceName.localeCompare(b.resourceName));
  const switches = spec.zones.flatMap((z) =>
    z.switches.map((sw) => switchPlan(spec, z, sw, sessionsOf(z))),
  );
  return {
    datacenter: spec.datacenter,
    versions: {
      kubernetes: spec.kubernetes.version,
      calico: spec.calico.version,
      metallb: spec.metallb.version,
      ingress: spec.ingress.version,
    },
    ingressMode: spec.ingress.mode,
    loadBalancerPools: spec.loadBalancerPools,
    zones: spec.zones.map((z) => ({
      name: z.name,
      asn: z.asn,
      nodeCidr: z.nodeCidr,
      podCidr: z.podCidr,
      ...(z.ipv6 ? { ipv6: { nodeCidr: z.ipv6.nodeCidr, podCidr: z.ipv6.podCidr } } : {}),
      routeReflectorClusterId: z.routeReflectorClusterId,
      reflectors: z.masters.map(host),
      ...(z.drained ? { drained: true as const } : {}),
      ingressNodes: z.ingressNodes.map((n) => ({
        ...host(n),
        ...(n.drained ? { drained: true as const } : {}),
      })),
      workers: z.workers.map(host),
      switches: z.switches.map(host),
    })),
    sessions: spec.zones.flatMap(sessionsOf),
    kubernetes: objects,
    helmReleases: [k8s.metallbRelease(spec), k8s.ingressRelease(spec)],
    nodeRegistrations: k8s.nodeRegistrations(spec),
    switches,
    rollout: spec.rollout,
    ordering: orderingEdges(spec, objects, switches),
    warnings,
  };
}
