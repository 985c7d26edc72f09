// Health check, confirm and rollback for the EOS and NX-OS dialects: run by separate commands after a change, over
// the same SSH account (bash). The change is named by `changeName` (the EOS session, the NX-OS checkpoint).
import { changeName, type CliOs } from "./cli-shell";
import { q } from "./frr-shell";
import { parseIPv4 } from "../../core/ip";

const cli = (os: CliOs, command: string) =>
  os.name === "eos"
    ? `Cli -p 15 -c ${q(command)} </dev/null 2>&1`
    : `vsh -c ${q(command)} </dev/null 2>&1`;

const failOnPercent = (what: string) =>
  `case "$out" in '%'*|*'\n%'*) echo ${q(what)} "$out" >&2; exit 1 ;; esac`;

/** Waits until `show ip bgp neighbors A` says Established for every address; exits 1 naming the others. */
export function healthCheckScript(
  os: CliOs,
  check: { asn: number; addresses: string[]; timeoutSeconds: number },
): string {
  for (const a of check.addresses)
    if (parseIPv4(a) === undefined) throw new Error(`internal: ${a} is not an IPv4 address`);
  if (!Number.isInteger(check.timeoutSeconds) || check.timeoutSeconds < 1)
    throw new Error(`internal: health-check timeout ${check.timeoutSeconds}`);
  const established =
    os.name === "eos" ? "*'BGP state is Established'*" : "*'BGP state = Established'*";
  return [
    "set -e",
    `end=$(( $(date +%s) + ${check.timeoutSeconds} ))`,
    "while :; do",
    "  down=",
    `  for a in ${check.addresses.join(" ")}; do`,
    `    out=$(${os.name === "eos" ? "Cli -p 15 -c" : "vsh -c"} "show ip bgp neighbors $a" </dev/null 2>&1) || out=`,
    `    case "$out" in ${established}) ;; *) down="$down $a" ;; esac`,
    "  done",
    '  [ -z "$down" ] && exit 0',
    `  [ "$(date +%s)" -lt "$end" ] || { echo ${q(`bgp-fabric: router bgp ${check.asn} - not Established after ${check.timeoutSeconds} s:`)}"$down" >&2; exit 1; }`,
    "  sleep 5",
    "done",
  ].join("\n");
}

function named(change: { label: string; changeId: string }): string {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(change.label))
    throw new Error(`internal: ${JSON.stringify(change.label)} is not a switch label`);
  return changeName(change.label, change.changeId);
}

/** EOS commits the session (before its timer runs out) and saves; NX-OS saves and drops the checkpoint. */
export function confirmScript(os: CliOs, change: { label: string; changeId: string }): string {
  const name = named(change);
  const steps =
    os.name === "eos"
      ? [`configure session ${name} commit`, "write memory"]
      : ["copy running-config startup-config", `no checkpoint ${name}`];
  return [
    "set -e",
    ...steps.flatMap((s) => [
      `out=$(${cli(os, s)}) || out="% exit $?: $out"`,
      failOnPercent(`bgp-fabric: ${change.label} - ${s} failed:`),
    ]),
  ].join("\n");
}

/** EOS aborts the session (the commit timer is the backstop); NX-OS rolls back to the checkpoint and drops it. */
export function rollbackScript(
  os: CliOs,
  change: { label: string; changeId: string; deleteScript: string },
): string {
  const name = named(change);
  const steps =
    os.name === "eos"
      ? [`configure session ${name} abort`]
      : [`rollback running-config checkpoint ${name}`, `no checkpoint ${name}`];
  return [
    "set -e",
    ...steps.flatMap((s) => [
      `out=$(${cli(os, s)}) || out="% exit $?: $out"`,
      failOnPercent(`bgp-fabric: ${change.label} - ${s} failed:`),
    ]),
  ].join("\n");
}
