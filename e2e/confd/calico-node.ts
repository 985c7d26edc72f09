// What calico-node does besides confd that confd's rendering reads, done by Calico's own code where it exists:
// - the node's BGP address annotation, which calico-node's start-up writes from address autodetection
//   (calico v3.28 node/pkg/lifecycle/startup: `projectcalico.org/IPv4Address: a.b.c.d/len` in the Kubernetes
//   datastore): the harness writes it, with the node's planned address and its zone's nodeCidr length (stand-in);
// - a pod address block: Calico's own IPAM (the calico-ipam CNI plugin built from the same module, run as the CNI
//   runtime runs it for a pod's ADD) claims a block affine to the node and one address in it, which goes on a
//   `cali…` interface in the node's namespace as a pod's veth would be (Calico's BIRD skips cali*).
import { spawnSync } from "node:child_process";
import { sh } from "../../lab/sh";
import type { LabNode } from "../../lab/topology";
import type { KubeClient } from "../kube-client";
import type { Tools } from "../tools";
import type { NetworkPlan } from "../../model/core/types";

/** calico-node's own annotation (not one the plan writes, so not in model/core/names.ts). */
export const IPV4_ADDRESS = "projectcalico.org/IPv4Address";

/** The `a.b.c.d/len` calico-node's start-up writes: the node's address, its subnet's length (the zone's nodeCidr). */
export function ipv4Annotation(plan: NetworkPlan, node: string): string {
  for (const z of plan.zones)
    for (const n of [...z.reflectors, ...z.ingressNodes, ...z.workers])
      if (n.name === node) return `${n.address}/${z.nodeCidr.split("/")[1]}`;
  throw new Error(`e2e confd: node ${node} is not in the plan`);
}

export async function writeNodeAddress(
  kube: KubeClient,
  plan: NetworkPlan,
  node: string,
): Promise<void> {
  await kube.mergePatch(`/api/v1/nodes/${encodeURIComponent(node)}`, {
    metadata: { annotations: { [IPV4_ADDRESS]: ipv4Annotation(plan, node) } },
  });
}

/** The interface the node's one "pod" address sits on (Calico names a workload's host side cali<hash>). */
export const POD_INTERFACE = "calie2epod0";

/**
 * One pod address for `n` from Calico's IPAM (calico-ipam ADD in the control plane's namespace, where the kubeconfig
 * reaches the API server); returns it. Idempotent per node: the same container ID gets the same address back.
 */
export function allocatePod(tools: Tools, apiNs: string, kubeconfig: string, n: LabNode): string {
  const netconf = {
    cniVersion: "0.3.1",
    name: "k8s-pod-network",
    type: "calico",
    datastore_type: "kubernetes",
    nodename: n.name,
    kubernetes: { kubeconfig },
    ipam: { type: "calico-ipam" },
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
  let ip: string | undefined;
  try {
    ip = (JSON.parse(r.stdout) as { ips?: { address: string }[] }).ips?.[0]?.address;
  } catch {
    ip = undefined;
  }
  if (r.status !== 0 || !ip)
    throw new Error(
      `e2e confd: ${n.name}: calico-ipam ADD failed (exit ${r.status}): ${(r.stdout + r.stderr).trim().split("\n").slice(-3).join(" | ")}`,
    );
  const addr = ip.split("/")[0];
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
  sh("ip", ["-n", n.ns, "addr", "replace", `${addr}/32`, "dev", POD_INTERFACE]);
  return addr;
}
