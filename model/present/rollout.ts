// The rollout order as people read it: in the plan's summary, the plan diff and DIFF.md.
import type { RolloutPlan } from "../core/types";

/**
 * `zone by zone: az1 → az2 → az3` or `parallel: az1, az2 at once`; with `changed` (the zones a diff changes), the
 * order this change runs in, since unchanged zones are no-ops: `…; this change: az1 → az3`.
 */
export function rolloutText(r: RolloutPlan, changed?: string[]): string {
  const zones = (xs: string[]) => (r.mode === "zone-by-zone" ? xs.join(" → ") : xs.join(", "));
  const head =
    r.mode === "zone-by-zone"
      ? `zone by zone: ${zones(r.order)}`
      : `parallel: ${zones(r.order)} at once`;
  if (changed === undefined) return head;
  const these = r.order.filter((z) => changed.includes(z));
  return `${head}; this change: ${these.length === 0 ? "no zone" : zones(these)}`;
}
