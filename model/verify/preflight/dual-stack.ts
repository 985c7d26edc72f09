// Dual-stack zones (issue 19): a dialect renders a zone's IPv6 sessions when it says so (`dualStack`: FRR, EOS and
// NX-OS do); a dual-stack zone with a switch of a dialect that does not is refused in one line per switch instead of
// applying IPv6 BGPPeers toward a switch that would not answer them.
import { DIALECTS } from "../../plan/dialects";
import { error, type Finding } from "./findings";
import type { PlanIndex } from "../plan-index";

/** The dialects that render a dual-stack zone's IPv6 neighbors, groups and policy. */
export const DUAL_STACK_DIALECTS: readonly string[] = Object.values(DIALECTS)
  .filter((d) => d.dualStack)
  .map((d) => d.name);

/** `renders`: the dialects that carry IPv6 sessions (every registered one that says so; a test may narrow it). */
export function dualStackChecks(
  idx: PlanIndex,
  findings: Finding[],
  renders: readonly string[] = DUAL_STACK_DIALECTS,
): void {
  for (const z of idx.plan.zones) {
    if (z.ipv6 === undefined) continue;
    for (const sw of idx.plan.switches.filter((s) => s.zone === z.name)) {
      if (renders.includes(sw.dialect)) continue;
      findings.push(
        error(
          `${idx.switchPath(sw)}.dialect`,
          `cannot carry the zone's IPv6 sessions yet (${idx.zonePath(z.name)}.ipv6): only ${renders.join(", ")} render${renders.length === 1 ? "s" : ""} them`,
          sw.dialect,
          `keep ${idx.zonePath(z.name)} IPv4-only (remove its ipv6 settings and the IPv6 pools) until the ${sw.dialect} dialect renders IPv6 (issue 19)`,
        ),
      );
    }
  }
}
