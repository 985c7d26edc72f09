// The slice of the plan each component emits: filtering by the owner fields the plan already carries.
import type {
  ComponentName,
  HelmRelease,
  KubernetesObject,
  NetworkPlan,
  SwitchPlan,
} from "../core/types";

export function objectsOf(
  plan: NetworkPlan,
  component: ComponentName,
  zone?: string,
): KubernetesObject[] {
  return plan.kubernetes.filter((o) => o.component === component && o.zone === zone);
}

export function releasesOf(plan: NetworkPlan, component: ComponentName): HelmRelease[] {
  return plan.helmReleases.filter((r) => r.component === component);
}

export function switchesOf(plan: NetworkPlan, zone: string): SwitchPlan[] {
  return plan.switches.filter((s) => s.zone === zone);
}
