// What the API server holds after `pulumi up`, in the plan's shape: every planned object's live body replaces the
// planned one, and the LoadBalancer Services come with the IP MetalLB assigned and the nodes holding a ready endpoint.
// The lab's nodes are then configured from this, so a defect between the plan and the cluster shows as a session
// or a route that does not come up.
import type { LiveService } from "../lab/calico-bird";
import type { KubernetesObject, NetworkPlan, NodeRegistration } from "../model/core/types";
import type { Json, KindResolver, KubeReader } from "./kube-client";

const SERVER_FIELDS = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "managedFields",
];

function userBody(live: Json): KubernetesObject["body"] {
  const { status: _status, metadata, ...rest } = live;
  const m = { ...(metadata as Json) };
  for (const f of SERVER_FIELDS) delete m[f];
  return { ...rest, metadata: m } as KubernetesObject["body"];
}

export async function livePlan(
  plan: NetworkPlan,
  kube: KubeReader,
  kinds: KindResolver,
): Promise<{ plan: NetworkPlan; missing: string[] }> {
  const missing: string[] = [];
  const objects: KubernetesObject[] = [];
  for (const o of plan.kubernetes) {
    const { apiVersion, kind, metadata } = o.body;
    const path = await kinds.path(apiVersion, kind, metadata.name, metadata.namespace);
    const live = await kube.find(path);
    if (!live) {
      missing.push(`${kind} ${metadata.namespace ? `${metadata.namespace}/` : ""}${metadata.name}`);
      continue;
    }
    let body = userBody(live);
    if (kind === "Node") {
      // Only what our patch can hold: labels and annotations (the taints are the kubelet's, below).
      const m = body.metadata;
      body = {
        apiVersion,
        kind,
        metadata: { name: m.name, labels: m.labels ?? {}, annotations: m.annotations ?? {} },
      };
    }
    objects.push({ ...o, body });
  }
  // What each kubelet registered, as the Node now stands: its labels and taints.
  const nodeRegistrations: NodeRegistration[] = [];
  for (const r of plan.nodeRegistrations) {
    const live = await kube.find(`/api/v1/nodes/${encodeURIComponent(r.node)}`);
    if (!live) {
      missing.push(`Node ${r.node}`);
      continue;
    }
    nodeRegistrations.push({
      ...r,
      labels: ((live.metadata as Json).labels as Record<string, string> | undefined) ?? {},
      taints:
        ((live.spec as Json | undefined)?.taints as NodeRegistration["taints"] | undefined) ?? [],
    });
  }
  return { plan: { ...plan, kubernetes: objects, nodeRegistrations }, missing };
}

/**
 * Every address MetalLB gave a LoadBalancer Service, one entry each (a dual-stack Service has one per family, IPv4
 * first), with the nodes holding a ready endpoint of the Service.
 */
export async function liveServices(kube: KubeReader): Promise<(LiveService & { name: string })[]> {
  const out: (LiveService & { name: string })[] = [];
  for (const svc of await kube.list("/api/v1/services")) {
    const spec = svc.spec as { type?: string };
    if (spec.type !== "LoadBalancer") continue;
    const meta = svc.metadata as { name: string; namespace: string };
    const ingress = (
      (svc.status as Json | undefined)?.loadBalancer as { ingress?: { ip?: string }[] } | undefined
    )?.ingress;
    // IPv4 first: the drain drill and the first HTTP check take a Service's first entry as its /32.
    const ips = (ingress ?? [])
      .map((i) => i.ip)
      .filter((ip): ip is string => !!ip)
      .sort((a, b) => Number(a.includes(":")) - Number(b.includes(":")));
    if (ips.length === 0) continue;
    const slices = await kube.list(
      `/apis/discovery.k8s.io/v1/namespaces/${meta.namespace}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${meta.name}`)}`,
    );
    const nodes = slices
      .flatMap(
        (s) =>
          (s.endpoints as { nodeName?: string; conditions?: { ready?: boolean } }[] | undefined) ??
          [],
      )
      .filter((e) => e.conditions?.ready === true && e.nodeName)
      .map((e) => e.nodeName!);
    const ready = [...new Set(nodes)].sort();
    for (const ip of ips) out.push({ name: `${meta.namespace}/${meta.name}`, ip, nodes: ready });
  }
  return out;
}
