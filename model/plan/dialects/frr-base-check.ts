// The base command's own health check (docs/commit-confirm.md): a base update changes peer-group settings (timers,
// remote-as, password, policy) under the switch's existing sessions. Before the apply it notes which members of our
// peer groups are Established; after it (and after the undrain, whose wait it shares), it lets the change settle and
// waits until each of them is Established again. On timeout it fails naming them, before the confirming save:
// FRR has no transactional rollback of a base, so the running config keeps the change and the saved one does not.
//
// Why "Established after a settle" and not the established-transitions counter: the only stale read is a session
// the change resets but bgpd has not torn down yet. FRR resets a member on a config change (Cease/config change
// NOTIFICATION) while it processes the vtysh command, so after the settle a reset session reads Established only
// once it came back; one that reset and came back within the settle did survive the change, which is the question.
// A counter would add nothing to that, and an uptime bound would fail sessions that were reset and recovered.

import { sessionWait } from "./frr-shell";
import { members, seconds } from "./frr-switch-drain";

export interface BaseCheckSpec {
  label: string;
  /** All our peer groups (their members are the sessions the base's settings apply to). */
  groups: string[];
  /** The pause after the apply before the first look. */
  settleSeconds: number;
  /** `bgp.healthCheckSeconds`. */
  timeoutSeconds: number;
}

/** Before the apply (on the `$bgp` the prologue read): the members of our groups that are Established now. */
export function keptBlock(c: BaseCheckSpec): string {
  if (c.groups.length === 0) throw new Error(`internal: ${c.label} has no peer group`);
  return [
    "kept=''",
    `for a in ${members(c.groups)}; do`,
    `s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''`,
    `case "$s" in *'"bgpState":"Established"'*) kept="$kept $a" ;; esac`,
    "done",
  ].join("\n");
}

/** After the apply, before the save: every session noted before is Established again, or the command fails. */
export function survivedBlock(c: BaseCheckSpec): string {
  const settle = seconds(c.settleSeconds, "settle");
  const wait = seconds(c.timeoutSeconds, "session wait");
  return [
    // A fresh switch (nothing Established before) passes at once.
    'if [ -n "$kept" ]; then',
    `sleep ${settle}`,
    ...sessionWait(
      "$kept",
      wait,
      `bgp-fabric: ${c.label} - the base change is in the running config but NOT saved - fix the peer-group settings and re-run pulumi up or restart frr to load the saved config - sessions not Established again after ${wait} s:`,
    ),
    "fi",
  ].join("\n");
}

/** Both blocks, for the grammar check: undefined if `text` holds neither. */
export const BASE_CHECK_MARK = "\nkept=''\n";
