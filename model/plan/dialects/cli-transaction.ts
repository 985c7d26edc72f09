// The EOS/NX-OS transaction: how a change is named, sent, undone and cleaned up (docs/dialects.md#how-one-change-runs).
// - The name is unique to each run: the change's stable name plus a nonce made on the switch (time and 32 random
//   bits), validated before use; nothing of an earlier run is ever re-entered, committed or rolled back to.
// - Before a change, every pending `bgp-fabric` session (EOS) or `bgp-fabric` checkpoint (NX-OS) of this switch is
//   an earlier run that did not finish (the switch lock is held): it is aborted / dropped, never committed or
//   rolled back to, and each result is checked.
// - The lines (and the password lines from stdin) go to the CLI in ONE invocation; every answer is scanned for each
//   form in which EOS and NX-OS report a refused line or a failed operation (REFUSALS).
// - A failed rollback never drops its checkpoint: it is the only way back. The script says what to do and leaves a
//   marker that stops every later run on the switch until the operator has done it.
import { createHash } from "node:crypto";

/**
 * A constant of this module (a message, a pattern) single-quoted for bash. The switch label inside messages is
 * validated by `switchPrefix`; nothing from the stack config reaches here unvalidated.
 */
function lit(s: string): string {
  if (/['\n\\]/.test(s)) throw new Error(`internal: ${JSON.stringify(s)} cannot be single-quoted`);
  return `'${s}'`;
}

export type TxOs = "eos" | "nxos";

/**
 * Every form in which EOS or NX-OS reports a refused line or a failed operation, as extended regular expressions
 * for `grep -E` (sources in docs/dialects.md#how-a-refusal-looks). Any line of an answer matching one is a refusal.
 */
export const REFUSALS: { re: string; example: string }[] = [
  // Both CLIs: `% Invalid input (at token 2)`, `% Incomplete command`, `% Ambiguous command`, `% Error ...`,
  // NX-OS `% Invalid command at '^' marker.`, `% Invalid parameter detected at '^' marker.`
  { re: "^ *%", example: "% Invalid input (at token 2)" },
  { re: "[Ii]nvalid (input|command|parameter)", example: "Invalid command at '^' marker." },
  { re: "([Ii]ncomplete|[Aa]mbiguous) command", example: "Incomplete command" },
  // NX-OS: `Syntax error while parsing '...'`
  { re: "[Ss]yntax error", example: "Syntax error while parsing 'neighbor 10.0.0.21 remote-as x'" },
  // NX-OS: `ERROR: ...`, `Error: ...` at the start of a line
  { re: "^ *(ERROR|[Ee]rror):", example: "ERROR: Checkpoint name is in use" },
  // Both: `Rollback failed`, `Command authorization failed`, `Checkpoint creation failed`
  { re: "[Ff]ailed|FAILED", example: "Rollback failed." },
  { re: "[^ ] not found", example: "Checkpoint bgp-fabric-x not found" },
  { re: "not allowed", example: "configuration not allowed at '^' marker" },
  // EOS: the pending-session limit
  {
    re: "Maximum number of pending sessions",
    example: "Maximum number of pending sessions has been reached",
  },
];

const GREP = REFUSALS.map((r) => `-e ${lit(r.re)}`).join(" ");

/** How long the switch-side nonce is: `-<10-digit epoch seconds>-<8 hex>`. */
const NONCE_CHARS = 20;
/** NX-OS checkpoint names are at most 80 characters (Cisco NX-OS System Management guide, "Creating a Checkpoint"). */
const MAX_NAME = 80;

/**
 * The stable part of a change's name: `bgp-fabric-<zone>-<switch>-<id>` (an id that already starts with
 * `<zone>-<switch>-`, such as a command name, is not prefixed twice), shortened with a hash so that with the nonce
 * it stays within NX-OS's 80 characters.
 */
export function changeName(label: string, changeId: string): string {
  const prefix = switchPrefix(label);
  const local = prefix.slice("bgp-fabric-".length);
  const full = `bgp-fabric-${changeId.startsWith(local) ? changeId : local + changeId}`;
  // Too long (zone and switch names of up to 20 characters each): the switch prefix stays (the cleanup finds the
  // switch's changes by it), the rest becomes a hash of the full name.
  const room = MAX_NAME - NONCE_CHARS;
  const name =
    full.length <= room
      ? full
      : `${prefix}${createHash("sha256")
          .update(full)
          .digest("hex")
          .slice(0, room - prefix.length)}`;
  if (
    !/^bgp-fabric-[a-z0-9][a-z0-9.-]{0,48}$/.test(name) ||
    !name.startsWith(prefix) ||
    name.length - prefix.length < 6
  )
    throw new Error(`internal: ${JSON.stringify(name)} is not a change name`);
  return name;
}

/** `bgp-fabric-<zone>-<switch>-`: every session or checkpoint of this switch starts with it. */
export function switchPrefix(label: string): string {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(label))
    throw new Error(`internal: ${JSON.stringify(label)} is not a switch label`);
  return `bgp-fabric-${label.replace("/", "-")}-`;
}

/** The marker a failed NX-OS rollback leaves (it holds the kept checkpoint's name); /tmp, like the lock. */
export const keptMarker = (label: string) => `/tmp/${switchPrefix(label)}rollback-failed`;

const cliRun = (os: TxOs) => (os === "eos" ? "Cli -p 15" : "vsh");

/** One CLI command from bash, its answer in `$out` (a non-zero exit becomes a refusal). */
export const run = (os: TxOs, command: string) =>
  `out=$(${cliRun(os)} -c "${command}" </dev/null 2>&1) || out="% exit $?: $out"`;

/**
 * The statements every EOS/NX-OS script defines before it sends anything: the refusal test, the run's name `$s`,
 * `undo` (EOS: abort the session; NX-OS: roll back to the checkpoint, then drop it), `drop` (NX-OS), `apply` (every
 * line in one CLI invocation), then the cleanup of what earlier runs left.
 */
export function transaction(os: TxOs, label: string, name: string, indent: number): string[] {
  const prefix = switchPrefix(label);
  if (!name.startsWith(prefix)) throw new Error(`internal: ${name} is not a change of ${label}`);
  const say = (text: string) => lit(`bgp-fabric: ${label} - ${text}`);
  const kept = keptMarker(label);
  const undone =
    os === "eos"
      ? "- configuration session aborted - nothing changed"
      : "- rolled back to the checkpoint taken before - nothing changed";
  const head = os === "eos" ? `"configure session $s"` : "'configure terminal'";
  const undo =
    os === "eos"
      ? `undo() { ${run(os, "configure session $s abort")}; if refused "$out"; then echo ${say("ABORT FAILED for configuration session")} "$s:" "$(shown "$out")" ${lit("- abort it by hand: configure session")} "$s" ${lit("abort (a committed change is also rolled back when its commit timer ends)")} >&2; exit 1; fi; }`
      : `undo() { ${run(os, "rollback running-config checkpoint $s")}; if refused "$out"; then printf '%s\\n' "$s" > ${kept}; echo ${say("ROLLBACK FAILED - the running config may still hold the change - checkpoint")} "$s" ${lit("is kept as the only way back: run rollback running-config checkpoint")} "$s" ${lit("and check show running-config, then no checkpoint")} "$s" ${lit(`and rm ${kept} - no bgp-fabric change runs on this switch until then:`)} "$(shown "$out")" >&2; exit 1; fi; drop; }`;
  const stale =
    os === "eos"
      ? [
          `${run(os, "show configuration sessions detail")}; if unlisted "$out"; then echo ${say("could not list the configuration sessions:")} "$(shown "$out")" ${lit("- nothing changed")} >&2; exit 1; fi`,
          `for x in $(printf '%s\\n' "$out" | sed -n -e 's/^Session with pending commit timer: \\(${prefix}[a-z0-9.-]*\\)$/\\1/p' -e 's/^[* ]*\\(${prefix}[a-z0-9.-]*\\)  *\\([A-Za-z-]*\\).*/\\1 \\2/p' | while read -r x st; do [ "$st" = completed ] || echo "$x"; done | sort -u); do ${run(os, "configure session $x abort")}; if refused "$out"; then echo ${say("could not abort the stale session")} "$x" ${lit("of an earlier run:")} "$(shown "$out")" ${lit("- abort it by hand: configure session")} "$x" ${lit("abort - nothing changed")} >&2; exit 1; fi; echo ${say("aborted the stale session")} "$x" ${lit("of an earlier run that did not finish (never committed)")} || :; done`,
        ]
      : [
          `if [ -e ${kept} ]; then echo ${say("an earlier rollback failed and kept checkpoint")} "$(head -c 100 ${kept})" ${lit(`- roll back to it or check the running config by hand, drop it (no checkpoint NAME), then rm ${kept} - nothing changed`)} >&2; exit 1; fi`,
          `${run(os, "show checkpoint summary")}; if unlisted "$out"; then echo ${say("could not list the checkpoints:")} "$(shown "$out")" ${lit("- nothing changed")} >&2; exit 1; fi`,
          `for x in $(printf '%s\\n' "$out" | sed -n 's/^[0-9]\\{1,\\}) \\(${prefix}[a-z0-9.-]*\\):$/\\1/p'); do ${run(os, "no checkpoint $x")}; if refused "$out"; then echo ${say("could not drop the stale checkpoint")} "$x" ${lit("of an earlier run:")} "$(shown "$out")" ${lit("- drop it by hand: no checkpoint")} "$x" ${lit("- nothing changed")} >&2; exit 1; fi; echo ${say("dropped the stale checkpoint")} "$x" ${lit("of an earlier run that did not finish (never rolled back to)")} || :; done`,
        ];
  // A report on stdout ends in `|| :`: once the SSH session is gone every write fails (EPIPE), and under `set -e` a
  // failed `echo` would end the run as surely as the SIGHUP the trap ignores.
  return [
    // From here on a dropped SSH session (SIGHUP, or SIGPIPE on a closed output) never cuts the run short: it ends
    // confirmed or undone on the switch, as the health gate does.
    "trap '' HUP PIPE",
    `refused() { printf '%s\\n' "$1" | grep -Eq ${GREP}; }`,
    // A listing is only refused by the CLI's own error forms: an operator's description may say "failed".
    `unlisted() { printf '%s\\n' "$1" | grep -Eq -e '^ *%' -e '^ *(ERROR|[Ee]rror):' -e '[Ss]yntax error'; }`,
    // The refusal lines only, a password masked (NX-OS echoes a line it cannot parse). A change that sends password
    // lines also masks the token EOS quotes in `% Invalid input (at token 4: 'KEY')` and any quoted text (not NX-OS's
    // `'^'`): a refused key would be printed there without the word `password` before it.
    `shown() { local m=; if [ -n "\${pw:-}" ]; then m="s/(token [0-9]+:).*/\\\\1 <hidden>)/;s/'[^']{2,}'/'<hidden>'/g"; fi; printf '%s\\n' "$1" | grep -E ${GREP} | sed -E -e 's/(password( [0-9]+)?) .*/\\1 <hidden>/' -e "$m" || :; }`,
    `n=$(date -u +%s)-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \\n')`,
    `[[ $n =~ ^[0-9]{10}-[0-9a-f]{8}$ ]] || { echo ${say("could not make a unique change name - nothing changed")} >&2; exit 1; }`,
    `s=${lit(name)}-$n`,
    undo,
    ...(os === "nxos"
      ? [
          `drop() { ${run(os, "no checkpoint $s")}; if refused "$out"; then echo ${say("could not drop checkpoint")} "$s" ${lit("(the next run drops it):")} "$(shown "$out")" >&2; exit 1; fi; }`,
        ]
      : []),
    "apply() {",
    "  x=()",
    "  o=0",
    '  for l in "$@"; do',
    '    b=${l#"${l%%[! ]*}"}',
    `    d=$(( (\${#l} - \${#b}) / ${indent} ))`,
    // A line deeper than the last proves the last opened a mode; only proven modes are left with `exit`.
    '    if [ "$d" -gt "$o" ]; then o=$d; fi',
    '    while [ "$o" -gt "$d" ]; do x+=(exit); o=$((o - 1)); done',
    '    x+=("$b")',
    "  done",
    '  if [ -n "${pw:-}" ]; then while [ "$o" -gt 0 ]; do x+=(exit); o=$((o - 1)); done; fi',
    `  out=$({ printf '%s\\n' ${head} "\${x[@]}"; if [ -n "\${pw:-}" ]; then cat; fi; } | ${cliRun(os)} 2>&1) || out="% exit $?: $out"`,
    // What the switch refused is shown before the undo, so a failed undo (which exits naming its own answer) never
    // hides it; a lost stderr must not stop the undo.
    `  if refused "$out"; then { echo ${say("the switch refused the change:")}; shown "$out"; } >&2 || :; undo; echo ${lit(undone)} >&2; exit 1; fi`,
    "}",
    ...stale,
  ];
}

/** NX-OS: the checkpoint the change rolls back to, taken under the run's own name (so never one of an earlier run). */
export function checkpointStep(label: string): string {
  return `${run("nxos", "checkpoint $s")}; if refused "$out"; then echo ${lit(`bgp-fabric: ${label} - could not take checkpoint`)} "$s:" "$(shown "$out")" ${lit("- nothing changed")} >&2; exit 1; fi`;
}

/** EOS: commits the session (with a timer, or at once for a delete); a refused commit aborts it. */
export function commitStep(label: string, timer?: string): string {
  return `${run("eos", `configure session $s commit${timer === undefined ? "" : ` timer ${timer}`}`)}; if refused "$out"; then echo ${lit(`bgp-fabric: ${label} - the commit failed:`)} "$(shown "$out")" >&2 || :; undo; echo ${lit("- session aborted - nothing changed")} >&2; exit 1; fi`;
}

/** Saves the running config; NX-OS then drops the checkpoint whether or not the save worked (nothing to go back to). */
export function saveStep(os: TxOs, label: string): string {
  const cmd = os === "eos" ? "write memory" : "copy running-config startup-config";
  const failed = `echo ${lit(`bgp-fabric: ${label} - ${cmd} failed - the change is in the running config but not saved:`)} "$(shown "$out")" >&2`;
  // NX-OS reports a failed save before the drop, so a drop that fails too (and exits) never hides it.
  return os === "eos"
    ? `${run(os, cmd)}; if refused "$out"; then ${failed}; exit 1; fi`
    : `${run(os, cmd)}; if refused "$out"; then ${failed} || :; drop; exit 1; fi; drop`;
}

/** The gate's confirm: EOS commits the session (a refused commit aborts it) and saves; NX-OS saves and drops. */
export function confirmSteps(os: TxOs, label: string): string {
  return os === "eos" ? [commitStep(label), saveStep(os, label)].join("\n") : saveStep(os, label);
}

/** The gate's rollback: EOS aborts the session (undoing its commit), NX-OS rolls back and drops the checkpoint. */
export function rollbackSteps(os: TxOs, label: string): string {
  const what =
    os === "eos"
      ? "configuration session aborted: the running config is as before"
      : "rolled back to the checkpoint taken before and dropped it";
  return `undo; echo ${lit(`bgp-fabric: ${label} -`)} "$s" ${lit(`${what} - nothing saved`)} >&2`;
}
