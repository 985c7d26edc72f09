// What calico-node does besides confd that confd's rendering reads, done by Calico's own code where it exists:
// - the node's BGP address annotations, which calico-node's start-up writes from address autodetection
//   (calico v3.28 node/pkg/lifecycle/startup/startup.go configureIPsAndSubnets: `IP=autodetect` sets
//   spec.bgp.ipv4Address, `IP6=autodetect` spec.bgp.ipv6Address, each `addr/len` of the interface's subnet; in the
//   Kubernetes datastore libcalico-go/lib/backend/k8s/resources/node.go stores them as the Node's
//   `projectcalico.org/IPv4Address` and `projectcalico.org/IPv6Address`): the harness writes them, with the node's
//   planned addresses and its zone's nodeCidr lengths (stand-in), IPv6 only on a node of a dual-stack zone;
// - a pod address block per family: Calico's own IPAM (the calico-ipam CNI plugin built from the same module, run as
//   the CNI runtime runs it for a pod's ADD; `assign_ipv6: "true"` on a dual-stack node, as Calico's dual-stack CNI
//   config has it) claims a block affine to the node and one address in it, which goes on a `cali…` interface in
//   the node's namespace as a pod's veth would be (Calico's BIRD skips cali*).
import { spawnSync } from "node:child_process";
import { sh } from "../../lab/sh";
import type { LabNode } from "../../lab/topology";
import type { KubeClient } from "../kube-client";
import type { Tools } from "../tools";
import { ANNOTATIONS } from "../../model/core/names";
import type { NetworkPlan, PlannedHost, ZonePlan } from "../../model/core/types";

/** calico-node's own annotation (not one the plan writes, so not in model/core/names.ts). */
export const IPV4_ADDRESS = "projectcalico.org/IPv4Address";

function planned(plan: NetworkPlan, node: string): { zone: ZonePlan; host: PlannedHost } {
  for (const zone of plan.zones)
    for (const host of [...zone.reflectors, ...zone.ingressNodes, ...zone.workers])
      if (host.name === node) return { zone, host };
  throw new Error(`e2e confd: node ${node} is not in the plan`);
}

/** The `a.b.c.d/len` calico-node's start-up writes: the node's address, its subnet's length (the zone's nodeCidr). */
export function ipv4Annotation(plan: NetworkPlan, node: string): string {
  const { zone, host } = planned(plan, node);
  return `${host.address}/${zone.nodeCidr.split("/")[1]}`;
}

/** The IPv6 `addr/len` (the zone's IPv6 nodeCidr length), or undefined on a node of an IPv4-only zone. */
export function ipv6Annotation(plan: NetworkPlan, node: string): string | undefined {
  const { zone, host } = planned(plan, node);
  if (!zone.ipv6 || !host.ipv6Address) return undefined;
  return `${host.ipv6Address}/${zone.ipv6.nodeCidr.split("/")[1]}`;
}

/** Both annotations calico-node's start-up writes for the node (the IPv6 one on a dual-stack node only). */
export function nodeAddressAnnotations(plan: NetworkPlan, node: string): Record<string, string> {
  const v6 = ipv6Annotation(plan, node);
  return {
    [IPV4_ADDRESS]: ipv4Annotation(plan, node),
    ...(v6 === undefined ? {} : { [ANNOTATIONS.ipv6Address]: v6 }),
  };
}

export async function writeNodeAddress(
  kube: KubeClient,
  plan: NetworkPlan,
  node: string,
): Promise<void> {
  await kube.mergePatch(`/api/v1/nodes/${encodeURIComponent(node)}`, {
    metadata: { annotations: nodeAddressAnnotations(plan, node) },
  });
}

/** The interface the node's one "pod" address sits on (Calico names a workload's host side cali<hash>). */
export const POD_INTERFACE = "calie2epod0";

/**
 * One pod address per family for `n` from Calico's IPAM (calico-ipam ADD in the control plane's namespace, where the
 * kubeconfig reaches the API server); returns them (IPv4 first). Idempotent per node: the same container ID gets the
 * same addresses back.
 */
export function allocatePod(
  tools: Tools,
  apiNs: string,
  kubeconfig: string,
  n: LabNode,
  ipv6: boolean,
): string[] {
  const netconf = {
    cniVersion: "0.3.1",
    name: "k8s-pod-network",
    type: "calico",
    datastore_type: "kubernetes",
    nodename: n.name,
    kubernetes: { kubeconfig },
    ipam: { type: "calico-ipam", ...(ipv6 ? { assign_ipv4: "true", assign_ipv6: "true" } : {}) },
  };
  const r = spawnSync("ip", ["netns", "exec", apiNs, tools.bin("calico-ipam")], {
    input: JSON.stringify(netconf),
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      CNI_COMMAND: "ADD",
      CNI_CONTAINERID: `e2e-pod-${n.name}`,
      CNI_NETNS: `/var/run/netns/${n.ns}`,
      CNI_IFNAME: "eth0",
      CNI_PATH: tools.dirs.join(":"),
    },
  });
  let ips: string[] = [];
  try {
    ips = ((JSON.parse(r.stdout) as { ips?: { address: string }[] }).ips ?? []).map(
      (x) => x.address.split("/")[0],
    );
  } catch {
    ips = [];
  }
  const want = ipv6 ? 2 : 1;
  if (r.status !== 0 || ips.length !== want)
    throw new Error(
      `e2e confd: ${n.name}: calico-ipam ADD failed (exit ${r.status}, ${ips.length} of ${want} addresses): ${(r.stdout + r.stderr).trim().split("\n").slice(-3).join(" | ")}`,
    );
  if (sh("ip", ["-n", n.ns, "link", "show", POD_INTERFACE], { check: false }).code !== 0) {
    // A veth pair inside the node's namespace, as a pod's would be (its other end in the pod); the lab's kernel has
    // no dummy interfaces.
    sh("ip", [
      "-n",
      n.ns,
      "link",
      "add",
      POD_INTERFACE,
      "type",
      "veth",
      "peer",
      "name",
      `${POD_INTERFACE}p`,
    ]);
    for (const l of [POD_INTERFACE, `${POD_INTERFACE}p`])
      sh("ip", ["-n", n.ns, "link", "set", l, "up"]);
  }
  for (const addr of ips)
    sh("ip", [
      "-n",
      n.ns,
      "addr",
      "replace",
      `${addr}/${addr.includes(":") ? 128 : 32}`,
      "dev",
      POD_INTERFACE,
      ...(addr.includes(":") ? ["nodad"] : []),
    ]);
  return ips.sort((a, b) => Number(a.includes(":")) - Number(b.includes(":")));
}
