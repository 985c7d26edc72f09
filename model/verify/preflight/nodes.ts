// Node-level facts both session ends rely on: every node runs its zone's AS, and the two reflectors of a zone (and
// only they) carry the zone's one route-reflector cluster ID.
import type { CalicoNode } from "../calico-view";
import { parseIPv4 } from "../../core/ip";
import { ANNOTATIONS } from "../../core/names";
import { error, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";

/** Checks AS numbers and cluster IDs; returns the names of nodes whose cluster ID is wrong (reported here). */
export function nodeChecks(idx: PlanIndex, nodes: CalicoNode[], findings: Finding[]): Set<string> {
  const badCluster = new Set<string>();
  const anyPolicy = idx.objects("MutatingAdmissionPolicy").length > 0;
  for (const n of nodes) {
    const zone = idx.zones.get(n.zone)!;
    if (n.asn === undefined) {
      // With kubernetes.asAssignment external the provisioning annotates workers: nothing to check here.
      if (n.joining && !anyPolicy) continue;
      findings.push(
        error(
          n.path,
          `${n.joining ? "would get" : "has"} no ${ANNOTATIONS.asNumber} annotation${n.joining ? " (no admission policy matches its zone label)" : ""}, so calico-node gives it the default AS 64512 and eBGP sessions to its reflectors`,
          n.annotations[ANNOTATIONS.asNumber],
          `annotate ${n.joining ? "the zone's joining workers" : "it"} with zone ${n.zone}'s AS ${zone.asn}`,
        ),
      );
    } else if (n.asn !== zone.asn) {
      findings.push(
        error(
          n.path,
          `${n.joining ? "would run" : "runs"} AS ${n.asn} (${ANNOTATIONS.asNumber}), but zone ${n.zone} runs AS ${zone.asn}: its sessions inside the zone would be eBGP`,
          n.asn,
          `annotate it with ${zone.asn} (iBGP inside the zone)`,
        ),
      );
    }
    const reflector = zone.reflectors.some((r) => r.name === n.name);
    if (!reflector && n.clusterId !== undefined) {
      badCluster.add(n.name);
      findings.push(
        error(
          n.path,
          `has route-reflector cluster ID ${n.clusterId}, which makes it a reflector of zone ${n.zone}`,
          n.clusterId,
          `remove ${ANNOTATIONS.clusterId}: only the zone's two masters reflect`,
        ),
      );
    }
  }
  for (const zone of idx.zones.values()) {
    const pair = nodes.filter((n) => !n.joining && zone.reflectors.some((r) => r.name === n.name));
    for (const r of pair) {
      const partner = pair.find((p) => p !== r);
      const expected = zone.routeReflectorClusterId;
      if (r.clusterId === expected) continue;
      badCluster.add(r.name);
      const theirs = partner
        ? `${partner.label} has ${partner.clusterId ?? "none"}`
        : "it has no partner";
      findings.push(
        error(
          r.path,
          r.clusterId === undefined
            ? `has no ${ANNOTATIONS.clusterId}, so it reflects nothing (${theirs})`
            : `has route-reflector cluster ID ${r.clusterId}${parseIPv4(r.clusterId) === undefined ? " (not an IPv4 address)" : ""}, but ${theirs} and ${idx.zonePath(zone.name)}.routeReflectorClusterId is ${expected}`,
          r.clusterId,
          `both reflectors of ${zone.name} must share cluster ID ${expected}`,
        ),
      );
    }
  }
  return badCluster;
}
