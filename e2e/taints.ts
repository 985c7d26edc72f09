// The taints each planned node's kubelet registers with (`--register-with-taints`), as the plan expects them.
import { INGRESS_TAINT } from "../model/kubernetes";
import type { NetworkPlan } from "../model/types";

export function expectedTaints(plan: NetworkPlan, node: string) {
  return plan.zones.some((z) => z.ingressNodes.some((n) => n.name === node))
    ? [{ ...INGRESS_TAINT }]
    : [];
}
