// Dual-stack zones (issue 19): the Calico side is planned (IPv6 pools, node addresses, BGPPeers, filters) but no
// dialect renders the core switches' IPv6 sessions yet, so a plan with a dual-stack zone is refused in one line per
// zone instead of applying IPv6 BGPPeers toward switches that would never answer them.
import { error, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";

export function dualStackChecks(idx: PlanIndex, findings: Finding[]): void {
  for (const z of idx.plan.zones) {
    if (z.ipv6 === undefined) continue;
    const switches = idx.plan.switches.filter((s) => s.zone === z.name);
    findings.push(
      error(
        `${idx.zonePath(z.name)}.ipv6`,
        `plans IPv6 sessions with the core switches (${switches.map((s) => `${s.name}: ${s.dialect}`).join(", ")}), which no switch dialect renders yet`,
        z.ipv6.nodeCidr,
        `remove ${idx.zonePath(z.name)}.ipv6, the zone's ipv6Address settings and the IPv6 pools until the switches' IPv6 rendering lands (issue 19)`,
      ),
    );
  }
}
