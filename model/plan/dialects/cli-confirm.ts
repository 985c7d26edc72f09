// Health check, confirm and rollback for the EOS and NX-OS dialects, composed by gate.ts into the change's own
// script after its apply: they act on the run's change `$s` and the `undo` the script defined (cli-transaction.ts).
// Also the base command's own check: the sessions of our groups Established before the change must be again after it.
import type { CliOs } from "./cli-shell";
import { confirmSteps, rollbackSteps } from "./cli-transaction";
import { q } from "./shell-quote";
import { parseIPv4 } from "../../core/ip";
import { parseIPv6 } from "../../core/ip6";
import { PEER_GROUPS, PEER_GROUPS6 } from "../../core/names";

/** The family of the sessions a check waits for: a dual-stack zone's IPv6 ones are shown by other commands. */
export type Family = "ipv4" | "ipv6";

/** Seconds between two looks at the sessions: as short as one CLI call per address allows. */
export const POLL_SECONDS = 1;

const established = (os: CliOs) =>
  os.name === "eos" ? "*'BGP state is Established'*" : "*'BGP state = Established'*";

/**
 * One session's detail: `show ip bgp neighbors A`; an IPv6 session's on EOS `show ipv6 bgp peers A`, on NX-OS
 * `show bgp ipv6 unicast neighbors A` (docs/dialects.md, syntax facts), printed in the same form.
 */
const showNeighbor = (os: CliOs, family: Family) =>
  `${os.name === "eos" ? "Cli -p 15 -c" : "vsh -c"} "${
    family === "ipv4"
      ? "show ip bgp neighbors"
      : os.name === "eos"
        ? "show ipv6 bgp peers"
        : "show bgp ipv6 unicast neighbors"
  } $a" </dev/null 2>&1`;

/** Waits until every address of `list` (a shell word list) is Established, or exits 1 with `message` and the others. */
function waitEstablished(
  os: CliOs,
  list: string,
  timeoutSeconds: number,
  message: string,
  family: Family,
): string[] {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)
    throw new Error(`internal: health-check timeout ${timeoutSeconds}`);
  return [
    `end=$(( $(date +%s) + ${timeoutSeconds} ))`,
    "while :; do",
    "  down=",
    `  for a in ${list}; do`,
    `    out=$(${showNeighbor(os, family)}) || out=`,
    `    case "$out" in ${established(os)}) ;; *) down="$down $a" ;; esac`,
    "  done",
    '  [ -z "$down" ] && break',
    `  [ "$(date +%s)" -lt "$end" ] || { echo ${q(message)}"$down" >&2; exit 1; }`,
    `  sleep ${POLL_SECONDS}`,
    "done",
  ];
}

/**
 * Waits until `show ip bgp neighbors A` (IPv6: the family's command) says Established for every address; exits 1
 * naming the others. One check holds one family.
 */
export function healthCheckScript(
  os: CliOs,
  check: { asn: number; addresses: string[]; timeoutSeconds: number },
): string {
  const family: Family = check.addresses.every((a) => parseIPv6(a) !== undefined) ? "ipv6" : "ipv4";
  for (const a of check.addresses)
    if (family === "ipv4" && parseIPv4(a) === undefined)
      throw new Error(`internal: ${a} is not an IPv4 address`);
  return [
    "set -e",
    ...waitEstablished(
      os,
      check.addresses.join(" "),
      check.timeoutSeconds,
      `bgp-fabric: router bgp ${check.asn} - not Established after ${check.timeoutSeconds} s:`,
      family,
    ),
  ].join("\n");
}

/** The gate's confirm (the change's `$s`): EOS commits the session and saves; NX-OS saves and drops the checkpoint. */
export function confirmScript(os: CliOs, change: { label: string }): string {
  return confirmSteps(os.name, checkedLabel(change.label));
}

/** The gate's rollback: EOS aborts the session (undoing its timed commit); NX-OS rolls back, then drops. */
export function rollbackScript(os: CliOs, change: { label: string }): string {
  return rollbackSteps(os.name, checkedLabel(change.label));
}

function checkedLabel(label: string): string {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(label))
    throw new Error(`internal: ${JSON.stringify(label)} is not a switch label`);
  return label;
}

/**
 * The members of our peer groups / templates of one family in `$bgp` (EOS `neighbor A peer group G`, NX-OS
 * `inherit peer G`): the IPv4 groups' dotted quads, or the IPv6 groups' IPv6 addresses.
 */
function members(os: CliOs, family: Family): string {
  const groups = Object.values(family === "ipv4" ? PEER_GROUPS : PEER_GROUPS6).join("\\|");
  const addr = family === "ipv4" ? "[0-9.]*" : "[0-9a-f:]*";
  return os.name === "eos"
    ? `$(printf '%s\\n' "$bgp" | sed -n 's/^   neighbor \\(${addr}\\) peer group \\(${groups}\\)$/\\1/p')`
    : `$(printf '%s\\n' "$bgp" | sed -n '/^  neighbor /{s/^  neighbor \\(${addr}\\).*/\\1/;h;};/^    inherit peer \\(${groups}\\)$/{g;p;}')`;
}

/** Base check, before the change: the members of our groups of `family` that are Established now (`$kept`). */
export function keptBlock(os: CliOs, family: Family = "ipv4"): string {
  return [
    "kept=''",
    `for a in ${members(os, family)}; do`,
    `  out=$(${showNeighbor(os, family)}) || out=`,
    `  case "$out" in ${established(os)}) kept="$kept $a" ;; esac`,
    "done",
  ].join("\n");
}

/**
 * Base check, after the change is live (EOS committed with its timer, NX-OS applied): after `settleSeconds` (the
 * switch resets the sessions a change affects while it applies it), every session of `$kept` must be Established
 * again within `timeoutSeconds`, else the change is undone (EOS abort, NX-OS rollback) and the command fails.
 */
export function survivedBlock(
  os: CliOs,
  label: string,
  settleSeconds: number,
  timeoutSeconds: number,
  family: Family = "ipv4",
): string {
  if (!Number.isInteger(settleSeconds) || settleSeconds < 0)
    throw new Error(`internal: settle ${settleSeconds}`);
  const failed = `bgp-fabric: ${checkedLabel(label)} - the base change was undone - sessions not Established again after ${timeoutSeconds} s:`;
  return [
    `if [ -n "$kept" ]; then sleep ${settleSeconds}`,
    "if (",
    ...waitEstablished(os, "$kept", timeoutSeconds, failed, family),
    "); then :; else",
    rollbackSteps(os.name, label),
    "exit 1",
    "fi",
    "fi",
  ].join("\n");
}

/** The settle and wait of a survivedBlock in `script`, for the grammar check; undefined when there is none. */
export function survivedIn(script: string): { settle: number; timeout: number } | undefined {
  const settle = /\nif \[ -n "\$kept" \]; then sleep (\d{1,4})\n/.exec(script)?.[1];
  const timeout = /sessions not Established again after (\d{1,5}) s:/.exec(script)?.[1];
  return settle === undefined || timeout === undefined
    ? undefined
    : { settle: Number(settle), timeout: Number(timeout) };
}
