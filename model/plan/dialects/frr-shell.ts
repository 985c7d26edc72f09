// The FRR dialect's shell template: the lock and running-config prologue, ownership guards, the one vtysh
// transaction and the verified save. The renderer (frr.ts) builds scripts only from these pieces and the grammar
// check (frr-grammar.ts) accepts only them.
import type { GatePieces } from "./gate";
import { q } from "./shell-quote";

// The FRR files take the shared quoting from here as before.
export { q };

/**
 * A vtysh argument: a quoted literal, or (for the recorded maximum-paths) a literal ending in ` $mp` (` $mp6`: the
 * IPv6 address family's, `family` ipv6).
 */
export type Arg = string | { withMp: string; family?: "ipv6" };

export const MP = "$mp";

function arg(a: Arg): string {
  if (typeof a === "string") return `-c ${q(a)}`;
  q(a.withMp);
  return `-c "${a.withMp} ${a.family === "ipv6" ? "$mp6" : "$mp"}"`;
}

/** The create script's message when the switch lacks the zone's BGP instance. */
export function missingInstance(label: string, asn: number): string {
  return `echo ${q(`bgp-fabric: ${label} runs no router bgp ${asn} - configure the zone AS on the switch first`)} >&2; exit 1`;
}

/** What a delete script does when the instance is gone: nothing left to remove. */
export const NOTHING_TO_DELETE = "exit 0";

/** Where scripts serialize on the switch: one lock per BGP instance, held until the script exits. */
export const lockFile = (asn: number) => `/tmp/bgp-fabric-${asn}.lock`;

/**
 * Cuts the default-VRF `router bgp <asn>` block out of `$cfg` into `$bgp`. FRR 8.1 and later end every block with
 * `exit` (FRRouting/frr#9331); an older bgpd prints none, so the cut would run on into the VRF stanzas and every
 * read of `$bgp` could take another instance's line: `ifUnterminated` then, never a guess. The cut keeps the newline
 * that ends the `router bgp` line as its first character: an instance with nothing in it prints `exit` on the very
 * next line, and that newline is then both the stanza's end and the exit's start.
 */
export function instanceCase(asn: number, ifMissing: string, ifUnterminated = ifMissing): string[] {
  return [
    'case "$cfg" in',
    `*'\nrouter bgp ${asn}\n'*) ${blockAfter("bgp", `router bgp ${asn}`)}; case "$bgp" in *'\nexit\n'*) bgp="\${bgp%%'\nexit\n'*}\n" ;; *) ${ifUnterminated} ;; esac ;;`,
    `*) ${ifMissing} ;;`,
    "esac",
  ];
}

/**
 * Sets `v` to what follows the top-level `header` line in `$cfg`, starting with that line's newline: a block with
 * nothing in it prints `exit` on the very next line, so a cut at `\nexit\n` must still see that newline.
 */
export function blockAfter(v: string, header: string): string {
  return `${v}=\${cfg#*'\n${header}\n'}; ${v}="\n$${v}"`;
}

/** The prologue's answer to a running config without `exit` after `router bgp`: refused, nothing changed. */
export function unterminatedInstance(label: string, asn: number): string {
  return `echo ${q(`bgp-fabric: ${label} prints no exit after router bgp ${asn} - FRR older than 8.1: upgrade FRR to 8.1 or later - nothing changed`)} >&2; exit 1`;
}

/**
 * Takes the switch's bgp-fabric lock (concurrent runs wait, they never interleave), reads the running config and
 * checks the instance: `router bgp <asn>` on a switch without it would create one.
 */
export function prologue(asn: number, ifMissing: string, label: string): string[] {
  return [
    "set -e",
    // A rollback runs the delete inside the create that holds the lock (fd 9): it must not wait for itself.
    `[ "\${${ROLLING_BACK}-}" = 1 ] || { exec 9>>${lockFile(asn)}; flock -w 300 9 || { echo ${q(`bgp-fabric: ${label} - another bgp-fabric command holds ${lockFile(asn)}`)} >&2; exit 1; }; }`,
    "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
    ...instanceCase(asn, ifMissing, unterminatedInstance(label, asn)),
  ];
}

/** Exits 0 (nothing to do) unless `line` is in `scope`. */
export function onlyIf(scope: "cfg" | "bgp", line: string): string {
  return `case "$${scope}" in *'${line}'*) ;; *) exit 0 ;; esac`;
}

/** `fresh=1` when `line` is not in the instance: this run creates the object (and rolls it back on failure). */
export function freshUnless(line: string): string {
  return `case "$bgp" in *'${line}'*) fresh=0 ;; *) fresh=1 ;; esac`;
}

/** Starts the argument list of the one vtysh transaction. */
export function start(args: Arg[]): string {
  return `set -- ${args.map(arg).join(" ")}`;
}

export function add(args: Arg[]): string {
  return `set -- "$@" ${args.map(arg).join(" ")}`;
}

/** Adds `args` only while `line` is in `scope`. */
export function addIf(scope: "cfg" | "bgp", line: string, args: Arg[]): string {
  return `case "$${scope}" in *'${line}'*) ${add(args)} ;; esac`;
}

/** Adds one of two argument lists, by a variable's value (`fresh`: 1 or else; `mp`: none or else). */
export function addEither(
  variable: "fresh" | "mp",
  value: string,
  then: Arg[],
  otherwise: Arg[],
): string {
  return `case "$${variable}" in ${value}) ${add(then)} ;; *) ${add(otherwise)} ;; esac`;
}

export const RESTORE_MP = "restore-maximum-paths-ibgp";
/** The IPv6 family's record, a word of its own: the IPv4 record's pattern never matches it. */
export const RESTORE_MP6 = "restore-ipv6-maximum-paths-ibgp";

/** Per family: the script variable, the record's word in our holder group's description, the refusal's noun. */
const MP_OF = {
  ipv4: { v: "mp", word: RESTORE_MP, form: "a maximum-paths ibgp form" },
  ipv6: { v: "mp6", word: RESTORE_MP6, form: "an ipv6 maximum-paths ibgp form" },
} as const;

/**
 * The family's `maximum-paths ibgp` the switch had before our first create (`mp` for ipv4, `mp6` for ipv6),
 * recorded in our holder group's description (so it is saved with the config it belongs to), else (`read`) read
 * from inside the family's ` address-family <family> unicast` block of the instance only, so another family's value
 * is never taken for it; `none` if unset. `keep` in a delete that finds no record (our part is gone: nothing to
 * restore).
 */
export function foundMaximumPaths(
  family: "ipv4" | "ipv6",
  group: string,
  label: string,
  ifUnrecorded: "read" | "keep",
): string[] {
  const { v, word, form } = MP_OF[family];
  const rec = `\n neighbor ${group} description bgp-fabric `;
  return [
    'case "$bgp" in',
    `*'${rec}'*' ${word} '*) ${v}=\${bgp#*' ${word} '}; ${v}=\${${v}%%'\n'*} ;;`,
    ...(ifUnrecorded === "read" ? [readInFamily(v, family)] : []),
    `*) ${v}=${ifUnrecorded === "read" ? "none" : "keep"} ;;`,
    "esac",
    `case "$${v}" in keep|none|[1-9]|[1-9][0-9]) ;; *) echo ${q(`bgp-fabric: ${label} has ${form} this tool cannot restore - nothing changed`)} >&2; exit 1 ;; esac`,
  ];
}

/**
 * A case branch reading `maximum-paths ibgp` from inside one address family's block of `$bgp` (the default
 * instance's `router bgp` stanza: a VRF's is a stanza of its own) into `v`, else none.
 */
function readInFamily(v: "mp" | "mp6", family: "ipv4" | "ipv6"): string {
  const af = `\n address-family ${family} unicast\n`;
  return `*'${af}'*) ${v}=\${bgp#*'${af}'}; ${v}="\n\${${v}%%'\n exit-address-family'*}"; case "$${v}" in *'\n  maximum-paths ibgp '*) ${v}=\${${v}#*'\n  maximum-paths ibgp '}; ${v}=\${${v}%%'\n'*} ;; *) ${v}=none ;; esac ;;`;
}

/** Runs the transaction; `ok=0` when vtysh stops at a failing line. */
export const APPLY = ["ok=1", 'vtysh "$@" </dev/null || ok=0'];

/**
 * The password lines on stdin: vtysh echoes a failing line, so its output goes nowhere (the secret never reaches
 * stdout/stderr, which remote.Command logs).
 */
export const APPLY_STDIN = '[ "$ok" = 0 ] || vtysh -f /dev/stdin >/dev/null 2>&1 || ok=0';

/** Re-reads the running config after the change: bgpd must still run the instance (and hold each `lines`). */
export function verify(asn: number, lines: string[]): string[] {
  return [
    "cfg=$(vtysh -c 'show running-config' </dev/null) || ok=0",
    ...instanceCase(asn, "ok=0"),
    ...lines.map((l) => `case "$bgp" in *'${l}'*) ;; *) ok=0 ;; esac`),
  ];
}

/** The rollback block: runs `body` (ending in a vtysh call) only when this run created the stanza and failed. */
export const ROLLBACK_IF = 'if [ "$fresh$ok" = 10 ]; then';
export const ROLLBACK_RUN = 'vtysh "$@" </dev/null >/dev/null 2>&1 || :';
export const ROLLBACK_END = "fi";

/** Set (in its subshell only) while a failed health check runs the change's delete: no lock, no save. */
export const ROLLING_BACK = "bgp_fabric_rollback";

/** Ends the apply part of a script: fails, naming what did not apply, unless the whole change applied. */
export function applied(label: string, failed: string): string {
  return `[ "$ok" = 1 ] || { echo ${q(`bgp-fabric: ${label} - ${failed}`)} >&2; exit 1; }`;
}

/**
 * Saves the running config: `write memory` must confirm the save (direct: "Integrated configuration saved to",
 * through watchfrr: "[OK]"), and a concurrent write ("already in progress") fails. Inside a rollback nothing is saved:
 * the saved config stays what it was before the change.
 */
export function saveLines(label: string): string[] {
  return [
    `case "\${${ROLLING_BACK}-}" in 1) exit 0 ;; esac`,
    "out=$(vtysh -c 'write memory' </dev/null 2>&1) || :",
    `case "$out" in *'already in progress'*) ;; *'onfiguration saved to '*|*'[OK]'*) exit 0 ;; esac`,
    `echo ${q(`bgp-fabric: ${label} - write memory did not confirm:`)} "$out" >&2; exit 1`,
  ];
}

/** Nothing is saved unless the whole change applied (`applied`), then the verified save. */
export function save(label: string, failed: string): string[] {
  return [applied(label, failed), ...saveLines(label)];
}

/**
 * The FRR health check: polls `show bgp neighbors <address> json` (FRR 8.4: `"bgpState":"Established"`, or
 * `"bgpNoSuchNeighbor":true`) every second until every address is Established or the wait is over (sessionWait). A neighbor the
 * create found in place (`fresh=0`: an update re-run) brings up no session of this change: nothing to check.
 */
export function healthCheckScript(
  asn: number,
  addresses: string[],
  timeoutSeconds: number,
): string {
  if (addresses.length === 0)
    throw new Error(`internal: a health check of AS ${asn} without addresses`);
  const wait = String(timeoutSeconds);
  if (!/^[1-9][0-9]{0,4}$/.test(wait)) throw new Error(`internal: health check wait ${wait}`);
  return [
    'case "${fresh-1}" in 0) exit 0 ;; esac',
    ...sessionWait(
      addresses.map(q).join(" "),
      wait,
      `bgp-fabric: AS ${asn} - BGP sessions not Established after ${wait} s:`,
    ),
    "exit 0",
  ].join("\n");
}

/**
 * The one FRR session wait (a neighbor's health check, the undrain after a password change, the base command's own
 * check): polls every address of `list` (a shell word list) each second until all are Established and falls
 * through; after `wait` seconds prints `fail` and each address still down with its state on one line, and exits 1.
 */
export function sessionWait(list: string, wait: string, fail: string): string[] {
  return [
    `end=$(($(date +%s) + ${wait}))`,
    "while :; do",
    "down=''",
    `for a in ${list}; do`,
    `s=$(vtysh -c "show bgp neighbors $a json" </dev/null 2>/dev/null) || s=''`,
    'case "$s" in',
    `*'"bgpState":"Established"'*) continue ;;`,
    // The state word as FRR prints it (letters only: anything else is not echoed).
    `*'"bgpState":"'*) st=\${s#*'"bgpState":"'}; st=\${st%%'"'*}; case "$st" in ''|*[!A-Za-z]*) st=unknown ;; esac ;;`,
    "*bgpNoSuchNeighbor*) st='not configured' ;;",
    "*) st='bgpd did not answer' ;;",
    "esac",
    'down="$down $a ($st)"',
    "done",
    '[ -n "$down" ] || break',
    `[ "$(date +%s)" -lt "$end" ] || { echo ${q(fail)}"$down" >&2; exit 1; }`,
    "sleep 1",
    "done",
  ];
}

/** Confirms a checked change: the verified save. */
export function confirmScript(label: string): string {
  return saveLines(label).join("\n");
}

/**
 * Undoes a change whose sessions did not come up: runs its delete (which removes only what is ours and in place)
 * without the lock the create holds and without saving, so running and saved config are what they were before.
 * A neighbor the create found in place (`fresh=0`) is not this change's to remove.
 */
export function rollbackScript(label: string, changeId: string, deleteScript: string): string {
  return [
    'if [ "${fresh-1}" = 1 ]; then',
    `( ${ROLLING_BACK}=1`,
    deleteScript,
    `) && echo ${q(`bgp-fabric: ${label} - rolled back ${changeId}: removed from the running config and nothing saved`)} >&2 || echo ${q(`bgp-fabric: ${label} - the rollback of ${changeId} did not complete: run its delete`)} >&2`,
    "fi",
  ].join("\n");
}

/** Fails (nothing changed) unless `line` is in `scope`. */
export function requireLine(scope: "cfg" | "bgp", line: string, message: string): string {
  return `case "$${scope}" in *'${line}'*) ;; *) echo ${q(message)} >&2; exit 1 ;; esac`;
}

/** Restores the recorded `maximum-paths ibgp` (`mp`): unset, a value, or untouched when nothing was recorded. */
export const RESTORE_MAXIMUM_PATHS = `case "$mp" in keep) ;; none) ${add(["address-family ipv4 unicast", "no maximum-paths ibgp", "exit-address-family"])} ;; *) ${add(["address-family ipv4 unicast", { withMp: "maximum-paths ibgp" }, "exit-address-family"])} ;; esac`;

/** Restores the IPv6 family's recorded `maximum-paths ibgp` (`mp6`), as RESTORE_MAXIMUM_PATHS the IPv4 one. */
export const RESTORE_MAXIMUM_PATHS6 = `case "$mp6" in keep) ;; none) ${add(["address-family ipv6 unicast", "no maximum-paths ibgp", "exit-address-family"])} ;; *) ${add(["address-family ipv6 unicast", { withMp: "maximum-paths ibgp", family: "ipv6" }, "exit-address-family"])} ;; esac`;

/** Refuses to delete our `group` while it has a member that does not carry our marker. */
export function foreignMembers(group: string, label: string): string {
  return `case "$bgp" in *'\n neighbor ${group} description bgp-fabric '*) for a in $(printf '%s\\n' "$bgp" | sed -n 's/^ neighbor \\([^ ]*\\)\\( interface\\)\\{0,1\\} peer-group ${group}$/\\1/p'); do case "$bgp" in *"\n neighbor $a description bgp-fabric "*) ;; *) echo ${q(`bgp-fabric: ${label} - peer-group ${group} has a neighbor that is not ours:`)} "$a" ${q("- nothing changed")} >&2; exit 1 ;; esac; done ;; esac`;
}

/** FRR's pieces of the health gate (gate.ts), for the dialect and its grammar check. */
export const FRR_GATE: GatePieces = {
  healthCheck: (c) => healthCheckScript(c.asn, c.addresses, c.timeoutSeconds),
  // The create saved nothing: the save is the confirmation.
  confirm: (c) => confirmScript(c.label),
  rollback: (c) => rollbackScript(c.label, c.changeId, c.deleteScript),
};
