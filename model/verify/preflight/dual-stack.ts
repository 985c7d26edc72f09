// Dual-stack zones (issue 19): the FRR dialect renders the IPv6 sessions; EOS and NX-OS do not yet, so a dual-stack
// zone with such a switch is refused in one line per switch instead of applying IPv6 BGPPeers toward a switch that
// would not answer them.
import { DIALECTS } from "../../plan/dialects";
import { error, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";

/** The dialects that render a dual-stack zone's IPv6 neighbors, groups and policy. */
export const DUAL_STACK_DIALECTS: readonly string[] = Object.values(DIALECTS)
  .filter((d) => d.dualStack)
  .map((d) => d.name);

export function dualStackChecks(idx: PlanIndex, findings: Finding[]): void {
  for (const z of idx.plan.zones) {
    if (z.ipv6 === undefined) continue;
    for (const sw of idx.plan.switches.filter((s) => s.zone === z.name)) {
      if (DUAL_STACK_DIALECTS.includes(sw.dialect)) continue;
      findings.push(
        error(
          `${idx.switchPath(sw)}.dialect`,
          `cannot carry the zone's IPv6 sessions yet (${idx.zonePath(z.name)}.ipv6): only ${DUAL_STACK_DIALECTS.join(", ")} renders them`,
          sw.dialect,
          `keep ${idx.zonePath(z.name)} IPv4-only (remove its ipv6 settings and the IPv6 pools) until the ${sw.dialect} dialect renders IPv6 (issue 19)`,
        ),
      );
    }
  }
}
