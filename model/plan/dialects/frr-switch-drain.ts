// Planned maintenance of one core switch around a password change (docs/password-rotation.md): before the new
// password drops the switch's sessions, a drain command (run before the base command and before the nodes' Secret
// changes) drains the switch (RFC 8326 GRACEFUL_SHUTDOWN on every
// route it accepts from our peer groups, so the upstream moves the traffic to the other switch while this one still
// forwards it); after the change it waits for every session of our groups, lets the routes settle, and only then
// removes the marking. A switch with sessions still down stays drained: it never carries traffic on a partial
// next-hop set. Only our route maps are touched (their names carry our prefix); FRR 8.4 has no per-neighbor
// graceful-shutdown, and `bgp graceful-shutdown` would mark the network team's sessions too.
import { NOTHING_TO_DELETE, blockAfter, freshUnless, prologue, q, sessionWait } from "./frr-shell";
import { PEER_GROUPS6 } from "../../core/names";

export interface DrainSpec {
  asn: number;
  label: string;
  /** Our peer groups that carry a password (their members are the sessions the change drops). */
  groups: string[];
  /** The permit entries of those groups' inbound route maps: where the marking goes. */
  entries: { map: string; seq: number }[];
  /** How long the upstream gets to move the traffic after the marking, and the routes to settle before undraining. */
  settleSeconds: number;
  /** Bounded wait for the sessions to come back (`bgp.healthCheckSeconds`). */
  timeoutSeconds: number;
}

/** The RFC 8326 well-known community, as FRR's `set community` spells it. */
export const GSHUT = "set community graceful-shutdown additive";

/** Reads the password lines (the base command's stdin): the drain compares them with the running config. */
export const HOLD_STDIN = "pwin=$(cat)";

export const seconds = (n: number, what: string) => {
  if (!Number.isInteger(n) || n < 1 || n > 99999) throw new Error(`internal: ${what} ${n}`);
  return String(n);
};

function marking(d: DrainSpec, no: boolean): string {
  if (d.entries.length === 0) throw new Error(`internal: ${d.label} has no inbound entry to mark`);
  const lines = [
    "configure terminal",
    ...d.entries.flatMap((e) => [
      `route-map ${e.map} permit ${e.seq}`,
      no ? `no ${GSHUT}` : GSHUT,
      "exit",
    ]),
    "end",
  ];
  return `vtysh ${lines.map((l) => `-c ${q(l)}`).join(" ")} </dev/null >/dev/null`;
}

/** A group's address family, from its name (the plan's constants: PEER_GROUPS6 are the IPv6 groups). */
export const groupFamily = (g: string) =>
  (Object.values(PEER_GROUPS6) as string[]).includes(g) ? "ipv6" : "ipv4";

/** Route refresh from our groups' members, so the changed inbound maps apply now (not after the route-map timer). */
function refresh(d: DrainSpec): string {
  return `vtysh ${d.groups.map((g) => `-c ${q(`clear bgp ${groupFamily(g)} unicast peer-group ${g} soft in`)}`).join(" ")} </dev/null >/dev/null 2>&1 || :`;
}

/**
 * The drain command's body, after `fresh` is known: when the groups exist and a password line on stdin is not in
 * the running config (this run changes a password), mark, refresh and wait for the upstream to move the traffic.
 */
export function drainBlock(d: DrainSpec): string {
  const settle = seconds(d.settleSeconds, "drain wait");
  return [
    HOLD_STDIN,
    'case "$fresh" in 0)',
    // A subshell per line read: the secret is compared, never printed; a missing line means a new password.
    `if printf '%s\\n' "$pwin" | (while IFS= read -r l; do case "$l" in ' neighbor '*' password '*) case "$bgp" in *"\n$l\n"*) ;; *) exit 1 ;; esac ;; esac; done); then :; else`,
    `${marking(d, false)} || { echo ${q(`bgp-fabric: ${d.label} - could not drain the switch with graceful-shutdown on our inbound route maps - password unchanged`)} >&2; exit 1; }`,
    refresh(d),
    `echo ${q(`bgp-fabric: ${d.label} - password change - drained with graceful-shutdown - waiting ${settle} s for the upstream to move the traffic`)} >&2`,
    `sleep ${settle}`,
    "fi ;;",
    "esac",
  ].join("\n");
}

/** The members of our groups in the running config read before (`$bgp`), as a shell word list. */
export function members(groups: string[]): string {
  // Group names are the plan's constants (PEER_GROUPS), checked by q() before they reach the sed expression.
  const e = groups
    .map((g) => `-e 's/^ neighbor \\([^ ]*\\) peer-group ${q(g).slice(1, -1)}$/\\1/p'`)
    .join(" ");
  return `$(printf '%s\\n' "$bgp" | sed -n ${e})`;
}

/**
 * Runs after the change applied (on the re-read `cfg`/`bgp`): when our inbound maps carry the marking, wait until
 * every member of our groups is Established, let the routes settle, then remove the marking. On timeout the switch
 * stays drained and the command fails naming the sessions.
 */
export function undrainBlock(d: DrainSpec): string {
  const settle = seconds(d.settleSeconds, "drain wait");
  const wait = seconds(d.timeoutSeconds, "session wait");
  return [
    "drained=0",
    ...d.entries.map(
      (e) =>
        `case "$cfg" in *'\nroute-map ${e.map} permit ${e.seq}\n'*) ${blockAfter("rm", `route-map ${e.map} permit ${e.seq}`)}; rm=\${rm%%'\nexit\n'*}; case "$rm" in *' ${GSHUT}'*) drained=1 ;; esac ;; esac`,
    ),
    'if [ "$drained" = 1 ]; then',
    ...sessionWait(
      members(d.groups),
      wait,
      `bgp-fabric: ${d.label} - the switch stays drained with graceful-shutdown - sessions not Established after ${wait} s:`,
    ),
    `sleep ${settle}`,
    `${marking(d, true)} || { echo ${q(`bgp-fabric: ${d.label} - could not remove the graceful-shutdown drain from our inbound route maps`)} >&2; exit 1; }`,
    refresh(d),
    `echo ${q(`bgp-fabric: ${d.label} - every session back: undrained`)} >&2`,
    "fi",
  ].join("\n");
}

/**
 * The drain command (`<zone>-<switch>-bgp-drain`): the switch lock and running config as every script, our reflector
 * group as the sign that the base exists, then the drain. It saves nothing (the base saves the undrained config) and
 * its delete has nothing to remove.
 */
export function drainCommand(d: DrainSpec): { create: string; delete: string } {
  return {
    create: [
      ...prologue(d.asn, NOTHING_TO_DELETE, d.label),
      freshUnless(`\n neighbor ${d.groups[0]} peer-group\n`),
      drainBlock(d),
    ].join("\n"),
    delete: NOTHING_TO_DELETE,
  };
}
