// LoadBalancer services of the plan, as the cluster would realise them: which IP MetalLB's controller assigns and
// on which nodes the service has a local endpoint (the DaemonSet's pods), i.e. which nodes Calico lets announce
// the /32 with `externalTrafficPolicy: Local` (domain brief §3).
import type { Taint } from "../model/verify/calico-view";
import type { Labels } from "../model/plan/selectors";
import type { NetworkPlan } from "../model/core/types";
import { cidr4, formatIPv4 } from "../model/core/ip";
import { cidr6, formatIPv6, isIPv6Text } from "../model/core/ip6";

interface Toleration {
  key?: string;
  operator?: "Equal" | "Exists";
  value?: string;
  effect?: string;
}

export interface LoadBalancerService {
  /** Helm release that owns the service. */
  release: string;
  ip: string;
  /** A dual-stack Service's IPv6 address (`ipFamilies` with IPv6); absent for an IPv4-only one. */
  ip6?: string;
  nodeSelector: Labels;
  tolerations: Toleration[];
}

interface ReleaseValues {
  controller?: {
    kind?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: Toleration[];
    service?: {
      type?: string;
      externalTrafficPolicy?: string;
      ipFamilies?: string[];
      annotations?: Record<string, string>;
    };
  };
}

/**
 * MetalLB assigns the requested address (`metallb.io/loadBalancerIPs`) or else the lowest free address of the first
 * auto-assign pool; with `avoidBuggyIPs: false` (the plan's IPAddressPool) that is the pool's network address. A
 * dual-stack Service (`ipFamilies: [IPv4, IPv6]`) gets one address of each family, each from that family's first
 * auto-assign pool (MetalLB's allocator, controller/service.go: one address per family of the Service).
 */
export function loadBalancerServices(plan: NetworkPlan): LoadBalancerService[] {
  const out: LoadBalancerService[] = [];
  let next = 0n;
  let next6 = 0n;
  for (const r of plan.helmReleases) {
    const c = (r.values as ReleaseValues).controller;
    if (c?.service?.type !== "LoadBalancer") continue;
    const where = `lab: Helm release ${r.name}`;
    if (c.kind !== "daemonset")
      throw new Error(
        `${where}: controller kind ${c.kind} is not a DaemonSet; the lab places one endpoint per selected node`,
      );
    if (c.service.externalTrafficPolicy !== "Local") {
      throw new Error(
        `${where}: externalTrafficPolicy ${c.service.externalTrafficPolicy} - only Local (per-node /32s) is modelled`,
      );
    }
    const requested = c.service.annotations?.["metallb.io/loadBalancerIPs"];
    let ip = requested;
    if (ip === undefined) {
      const pool = plan.loadBalancerPools.find((p) => p.autoAssign && !isIPv6Text(p.cidr));
      if (!pool)
        throw new Error(
          `${where}: no auto-assign LoadBalancer pool, and no metallb.io/loadBalancerIPs`,
        );
      ip = formatIPv4(cidr4(pool.cidr).first + next++);
    }
    let ip6: string | undefined;
    if (c.service.ipFamilies?.includes("IPv6")) {
      const pool6 = plan.loadBalancerPools.find((p) => p.autoAssign && isIPv6Text(p.cidr));
      if (!pool6) throw new Error(`${where}: a dual-stack Service and no auto-assign IPv6 pool`);
      ip6 = formatIPv6(cidr6(pool6.cidr).first + next6++);
    }
    out.push({
      release: r.name,
      ip,
      ...(ip6 === undefined ? {} : { ip6 }),
      nodeSelector: c.nodeSelector ?? {},
      tolerations: c.tolerations ?? [],
    });
  }
  return out;
}

function tolerates(tolerations: Toleration[], t: Taint): boolean {
  return tolerations.some(
    (x) =>
      (x.effect === undefined || x.effect === t.effect) &&
      (x.operator === "Exists"
        ? x.key === undefined || x.key === t.key
        : x.key === t.key && (x.value ?? "") === (t.value ?? "")),
  );
}

/** A DaemonSet pod lands on a node whose labels match its nodeSelector and whose scheduling taints it tolerates. */
export function hostsEndpoint(svc: LoadBalancerService, labels: Labels, taints: Taint[]): boolean {
  const selected = Object.entries(svc.nodeSelector).every(([k, v]) => labels[k] === v);
  const scheduling = taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
  return selected && scheduling.every((t) => tolerates(svc.tolerations, t));
}
