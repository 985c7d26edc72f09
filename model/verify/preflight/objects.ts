// Cluster-wide Calico and MetalLB objects: the rules the native v3 CRDs enforce by CEL and the v1 CRDs we write do
// not (domain brief §1.0), the mesh being off, and every MetalLB pool being announced by Calico.
import { childPath, joinPath } from "../../core/errors";
import { names } from "../../core/names";
import { error, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";

interface BgpConfigSpec {
  nodeToNodeMeshEnabled?: boolean;
  nodeMeshPassword?: unknown;
  nodeMeshMaxRestartTime?: unknown;
  serviceLoadBalancerIPs?: { cidr: string }[];
}

export function objectChecks(idx: PlanIndex, findings: Finding[]): void {
  const config = idx
    .objects("BGPConfiguration")
    .find((o) => o.body.metadata.name === names.bgpConfiguration.k8s);
  const spec = (config?.body.spec ?? {}) as BgpConfigSpec;
  const path = `kubernetes.BGPConfiguration.${names.bgpConfiguration.k8s}.spec`;
  if (spec.nodeToNodeMeshEnabled !== false) {
    findings.push(
      error(
        `${path}.nodeToNodeMeshEnabled`,
        "leaves the node-to-node mesh on: every node would also peer with every other node, across zones and ASes",
        spec.nodeToNodeMeshEnabled,
        "set nodeToNodeMeshEnabled: false (after the replacement BGPPeers exist)",
      ),
    );
  } else {
    for (const f of ["nodeMeshPassword", "nodeMeshMaxRestartTime"] as const) {
      if (spec[f] !== undefined)
        findings.push(
          error(
            `${path}.${f}`,
            "cannot be set when nodeToNodeMeshEnabled is false",
            spec[f],
            "remove it",
          ),
        );
    }
  }
  const announced = new Set((spec.serviceLoadBalancerIPs ?? []).map((x) => x.cidr));
  for (const pool of idx.plan.loadBalancerPools) {
    for (const [field, range] of [
      ["cidr", pool.cidr],
      ["cidr6", pool.cidr6],
    ] as const) {
      if (range === undefined || announced.has(range)) continue;
      findings.push(
        error(
          joinPath(["loadBalancerPools", pool.name, field]),
          "is allocated by MetalLB but missing from BGPConfiguration serviceLoadBalancerIPs, so Calico never announces its addresses",
          range,
          "list every pool in serviceLoadBalancerIPs",
        ),
      );
    }
  }
  for (const o of idx.objects("IPPool")) {
    const p = o.body.spec as {
      ipipMode?: string;
      vxlanMode?: string;
      allowedUses?: string[];
    };
    const at = childPath("kubernetes.IPPool", o.body.metadata.name);
    const encap = (m?: string) => m !== undefined && m !== "Never";
    if (encap(p.ipipMode) && encap(p.vxlanMode)) {
      findings.push(
        error(
          `${at}.spec.ipipMode`,
          "and vxlanMode cannot both be enabled",
          [p.ipipMode, p.vxlanMode],
          "set both to Never (no overlay)",
        ),
      );
    }
    if (p.allowedUses?.includes("LoadBalancer")) {
      findings.push(
        error(
          `${at}.spec.allowedUses`,
          "includes LoadBalancer: Calico's IPAM would allocate service IPs beside MetalLB (double IPAM, calico #11607)",
          p.allowedUses,
          "use [Workload, Tunnel]; MetalLB allocates LoadBalancer IPs",
        ),
      );
    }
  }
}
