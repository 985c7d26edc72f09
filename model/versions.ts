// Version parsing and the version gates of the Calico, MetalLB and Kubernetes fields the plan uses.

export type Version = [number, number, number];

/** `1.2.3` (an optional leading `v` is accepted) or, with `allowMinor`, `1.34`. */
export function parseVersion(text: string, allowMinor = false): Version | undefined {
  const m = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?$/.exec(text);
  if (!m || (m[3] === undefined && !allowMinor)) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function atLeast(v: Version, min: Version): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

/** Minimum versions, each with the reason (domain brief §1, §3, §5, §11). */
export const GATES = {
  /** Route reflectors pass on `Local` LB /32s they have no endpoint for (calico PR #8358/#8593). */
  calicoMinimum: { version: [3, 27, 3] as Version, text: "3.27.3" },
  /** BGPConfiguration `serviceLoadBalancerAggregation: Disabled` (no LB CIDR announced anywhere). */
  calicoLbAggregation: { version: [3, 31, 0] as Version, text: "3.31.0" },
  /** BGPPeer `keepaliveTime`. */
  calicoKeepaliveTime: { version: [3, 32, 0] as Version, text: "3.32.0" },
  /** MetalLB CRDs (IPAddressPool) replace the ConfigMap. */
  metallbMinimum: { version: [0, 13, 0] as Version, text: "0.13.0" },
  /** MutatingAdmissionPolicy: beta (v1beta1, feature gate) in 1.34, GA (v1) in 1.36. */
  kubernetesMapBeta: { version: [1, 34, 0] as Version, text: "1.34" },
  kubernetesMapGa: { version: [1, 36, 0] as Version, text: "1.36" },
} as const;
