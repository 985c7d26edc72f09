// The shell template shared by the EOS and NX-OS dialects. Both switches run the script in bash (the SSH account's
// login shell, docs/dialects.md) and reach their CLI through one program: `Cli -p 15` on EOS, `vsh` on NX-OS. The
// transaction itself (the run's unique name, the cleanup of earlier runs, every line in one CLI invocation, every
// answer scanned for each refusal form, undo) is cli-transaction.ts. The renderers (eos.ts, nxos.ts) build scripts
// only from these pieces and their grammar check (cli-grammar.ts) accepts only them.
import { createHash } from "node:crypto";
import type { RenderedCommand } from "./dialect";
import { q } from "./shell-quote";
import { checkpointStep, commitStep, saveStep, transaction } from "./cli-transaction";

export type CliOsName = "eos" | "nxos";

/** What differs between the two CLIs in the template. */
export interface CliOs {
  name: CliOsName;
  /** Spaces per mode level in `show running-config`. */
  indent: number;
  /** The command that runs one CLI command line from bash. */
  show: string;
}

export const CLI_OS: Record<CliOsName, CliOs> = {
  eos: { name: "eos", indent: 3, show: "Cli -p 15 -c 'show running-config' </dev/null" },
  nxos: { name: "nxos", indent: 2, show: "vsh -c 'show running-config' </dev/null" },
};

/** A CLI line for the script: a quoted literal, or (the recorded maximum-paths) a literal ending in ` $mp`. */
export type Line = string | { withMp: string };

function arg(l: Line): string {
  if (typeof l === "string") return q(l);
  q(l.withMp);
  return `"${l.withMp} $mp"`;
}

export { changeName } from "./cli-transaction";

/** A change's id: the first 10 hex digits of the SHA-256 of its configuration lines (every form sent) and kind. */
export function changeIdOf(kind: string, lines: Line[]): string {
  const text = lines.map((l) => (typeof l === "string" ? l : l.withMp));
  return createHash("sha256")
    .update(`${kind}\n${text.join("\n")}`)
    .digest("hex")
    .slice(0, 10);
}

export const lockFile = (asn: number) => `/tmp/bgp-fabric-${asn}.lock`;

/**
 * Cuts the `router bgp <asn>` block out of `$cfg` into `$bgp`: everything up to the next line that does not start
 * with a space (EOS ends top-level blocks with `!`, NX-OS starts the next block unindented).
 */
export function instanceCase(asn: number, ifMissing: string): string[] {
  return [
    'case "$cfg" in',
    `*'\nrouter bgp ${asn}\n'*) bgp=\${cfg#*'\nrouter bgp ${asn}\n'}; bgp=\${bgp%%'\n'[!' ']*}; bgp="\n$bgp\n" ;;`,
    `*) ${ifMissing} ;;`,
    "esac",
  ];
}

export function missingInstance(label: string, asn: number): string {
  return `echo ${q(`bgp-fabric: ${label} runs no router bgp ${asn} - configure the zone AS on the switch first`)} >&2; exit 1`;
}

export const NOTHING_TO_DELETE = "exit 0";

/** Lock, running config, instance check: a switch without the zone's AS (or with another) is refused. */
export function prologue(os: CliOs, asn: number, ifMissing: string, label: string): string[] {
  return [
    "set -e",
    `exec 9>>${lockFile(asn)}`,
    `flock -w 300 9 || { echo ${q(`bgp-fabric: ${label} - another bgp-fabric command holds ${lockFile(asn)}`)} >&2; exit 1; }`,
    `cfg=$(${os.show}) || exit 1`,
    ...instanceCase(asn, ifMissing),
  ];
}

/** Refuses (nothing changed) when `line` is in `scope`. */
export function refuseIf(scope: "cfg" | "bgp", line: string, message: string): string {
  return `case "$${scope}" in *'${line}'*) echo ${q(message)} >&2; exit 1 ;; esac`;
}

/** Fails (nothing changed) unless `line` is in `scope`. */
export function requireLine(scope: "cfg" | "bgp", line: string, message: string): string {
  return `case "$${scope}" in *'${line}'*) ;; *) echo ${q(message)} >&2; exit 1 ;; esac`;
}

/** Exits 0 (nothing to do) unless `line` is in `scope`. */
export function onlyIf(scope: "cfg" | "bgp", line: string): string {
  return `case "$${scope}" in *'${line}'*) ;; *) exit 0 ;; esac`;
}

export function start(lines: Line[]): string {
  return ["set --", ...lines.map(arg)].join(" ");
}

export function add(lines: Line[]): string {
  return `set -- "$@" ${lines.map(arg).join(" ")}`;
}

/** Adds `lines` only while `line` is in `scope`. */
export function addIf(scope: "cfg" | "bgp", line: string, lines: Line[]): string {
  return `case "$${scope}" in *'${line}'*) ${add(lines)} ;; esac`;
}

export const RESTORE_MP = "restore-maximum-paths";

/**
 * `mp`: the multipath setting the switch had before our first create, recorded in our reflector group's description
 * (saved with the config it belongs to), else read from the running config (`read`); `none` if unset; `keep` in a
 * delete that finds no record. `recorded` is the text before the record, `current` the running-config line prefix.
 */
export function foundMaximumPaths(
  recorded: string,
  current: string,
  label: string,
  ifUnrecorded: "read" | "keep",
): string[] {
  return [
    'case "$bgp" in',
    `*'${recorded}'*' ${RESTORE_MP} '*) mp=\${bgp#*' ${RESTORE_MP} '}; mp=\${mp%%'\n'*} ;;`,
    ...(ifUnrecorded === "read"
      ? [`*'${current}'*) mp=\${bgp#*'${current}'}; mp=\${mp%%'\n'*} ;;`]
      : []),
    `*) mp=${ifUnrecorded === "read" ? "none" : "keep"} ;;`,
    "esac",
    `[[ $mp =~ ^(keep|none|[1-9][0-9]{0,2}( ecmp [1-9][0-9]{0,2})?)$ ]] || { echo ${q(`bgp-fabric: ${label} has a maximum-paths form this tool cannot restore - nothing changed`)} >&2; exit 1; }`,
  ];
}

/** A dual-stack zone's IPv6 part records the IPv6 address family's multipath setting under this word. */
export const RESTORE_MP6 = "restore-ipv6-maximum-paths";

/**
 * `foundMaximumPaths` for an instance-level address family (NX-OS), one derivation for both: the family's record
 * (`RESTORE_MP`, IPv6 `RESTORE_MP6`) in our reflector template's description, else (`read`) the `current` line
 * inside the instance's `header` block (children indented deeper than `sibling`) only, so another family's (or a
 * VRF's, indented deeper) multipath setting is never taken for it. When the switch has no such block at all: IPv4
 * `none` (its delete only ever unsets), IPv6 `absent`, so the delete can remove the block our create added
 * (`restoreFamily6`).
 */
export function foundMaximumPathsIn(
  family: "ipv4" | "ipv6",
  recorded: string,
  header: string,
  sibling: string,
  current: string,
  label: string,
  ifUnrecorded: "read" | "keep",
): string[] {
  const word = family === "ipv6" ? RESTORE_MP6 : RESTORE_MP;
  const noBlock = family === "ipv6" ? "absent" : "none";
  return [
    'case "$bgp" in',
    `*'${recorded}'*' ${word} '*) mp=\${bgp#*' ${word} '}; mp=\${mp%%'\n'*} ;;`,
    ...(ifUnrecorded === "read"
      ? [
          `*'${header}'*) t=\${bgp#*'${header}'}; t="\n\${t%%'\n${sibling}'[! ]*}\n"; case "$t" in *'${current}'*) mp=\${t#*'${current}'}; mp=\${mp%%'\n'*} ;; *) mp=none ;; esac ;;`,
        ]
      : []),
    `*) mp=${ifUnrecorded === "read" ? noBlock : "keep"} ;;`,
    "esac",
    `[[ $mp =~ ^(keep|none|${family === "ipv6" ? "absent|" : ""}[1-9][0-9]{0,2}( ecmp [1-9][0-9]{0,2})?)$ ]] || { echo ${q(`bgp-fabric: ${label} has a maximum-paths form this tool cannot restore - nothing changed`)} >&2; exit 1; }`,
  ];
}

/**
 * The IPv6 part's delete (NX-OS): restores the recorded multipath like `restoreMaximumPaths` inside `af` (the
 * instance's IPv6 family line); `absent` (the switch had no such family before our create) removes the family our
 * create added (`unfamily`), but only while it still holds nothing but a `maximum-paths ibgp` line and no template or
 * neighbor other than our `groups` carries the family (`member`, the family line inside them); else, as `none`, it
 * only unsets the multipath, leaving the family to what now uses it. Nothing when the family is gone already.
 */
export function restoreFamily6(
  af: string,
  unset: string,
  set: string,
  unfamily: string,
  member: string,
  groups: string[],
): string {
  const header = `\n${af}\n`;
  const sibling = af.slice(0, af.length - af.trimStart().length);
  const only = [
    `t=\${bgp#*'${header}'}; t=\${t%%'\n${sibling}'[! ]*}; t=\${t%'\n'}`,
    `u=$(printf '%s\\n' "$bgp" | grep -c -x -e ${q(member)}) || :`,
    `o=$(printf '%s\\n' "$bgp" | grep -c -x ${groups.map((g) => `-e ${q(`${sibling}template peer ${g}`)}`).join(" ")}) || :`,
    `case "$u:$t" in *'\n'*) ${add([af, unset])} ;; "$o:"|"$o:"${q(`${unset.replace("no ", "")} `)}[1-9]*) ${add([unfamily])} ;; *) ${add([af, unset])} ;; esac`,
  ].join("; ");
  return `case "$mp" in keep) ;; none) ${add([af, unset])} ;; absent) case "$bgp" in *'${header}'*) ${only} ;; esac ;; *) ${add([af, { withMp: set }])} ;; esac`;
}

/** Restores the recorded multipath setting: `none` runs `unset`, a value runs `set $mp`, `keep` nothing. */
export function restoreMaximumPaths(context: string[], unset: string, set: string): string {
  return `case "$mp" in keep) ;; none) ${add([...context, unset])} ;; *) ${add([...context, { withMp: set }])} ;; esac`;
}

/**
 * What every script defines after its checks and before it sends anything (cli-transaction.ts): the run's unique
 * name `$s`, `undo`, `apply` (every line in one CLI invocation), and the cleanup of what earlier runs left.
 */
export function functions(os: CliOs, label: string, name: string): string[] {
  return transaction(os.name, label, name, os.indent);
}

/** NX-OS: the checkpoint the change rolls back to, under the run's own name. */
export const checkpoint = checkpointStep;

export const APPLY = 'apply "$@"';
/** Set before APPLY when the change has password lines: `apply` then sends stdin in the same invocation. */
export const SECRET = "pw=1";

/**
 * Sets SECRET before `create`'s APPLY when there are password lines and returns their stdin template: the password
 * travels on stdin, in the same CLI invocation as the other lines, so it is never part of a command line, the script
 * or its output.
 */
export function secretStdin(create: string[], asn: number, lines: string[]): string | undefined {
  if (lines.length === 0) return undefined;
  const at = create.indexOf(APPLY);
  if (at < 0) throw new Error("internal: SECRET without APPLY");
  create.splice(at, 0, SECRET);
  return [`router bgp ${asn}`, ...lines, ""].join("\n");
}

export function rendered(
  create: string[],
  del: string[],
  changeId: string,
  stdinTemplate?: string,
): RenderedCommand {
  return {
    create: create.join("\n"),
    delete: del.join("\n"),
    changeId,
    ...(stdinTemplate === undefined ? {} : { stdinTemplate }),
  };
}

/** EOS: the session's diff for the log, a password line (`password 7 ...`) masked. */
export const SHOW_DIFF = `Cli -p 15 -c "show session-config named $s diffs" </dev/null 2>&1 | sed -E 's/(password( [0-9]+)?) .*/\\1 <hidden>/' || :`;

/** EOS: commits the session with a timer; without a confirm (`configure session NAME commit`) it rolls back. */
export const commitTimer = (label: string, timer: string) => commitStep(label, timer);

/** EOS delete: commits the session at once (a removal has nothing to confirm) and saves. */
export const commitNow = (label: string) => commitStep(label);

/** Re-reads the running config: the instance must still be there (and hold each of `lines`). */
export function verify(os: CliOs, asn: number, label: string, lines: string[]): string[] {
  const bad = `{ undo; echo ${q(`bgp-fabric: ${label} - the running config does not hold the change after applying it - undone`)} >&2; exit 1; }`;
  return [
    `cfg=$(${os.show}) || ${bad}`,
    ...instanceCase(asn, bad),
    ...lines.map((l) => `case "$bgp" in *'${l}'*) ;; *) ${bad} ;; esac`),
  ];
}

/** Saves the running config (deletes; confirm saves creates); NX-OS then drops the run's checkpoint. */
export const save = (os: CliOs, label: string) => saveStep(os.name, label);

/**
 * Runs `then` when the block under `header` (a line of `$bgp`, children indented deeper than `sibling`) holds
 * `marker`, `otherwise` when it does not; nothing when there is no such block.
 */
export function blockCase(
  header: string,
  sibling: string,
  marker: string,
  then: string,
  otherwise: string,
): string {
  return `case "$bgp" in *'${header}'*) t=\${bgp#*'${header}'}; t="\n\${t%%'\n${sibling}'[! ]*}\n"; case "$t" in *'${marker}'*) ${then} ;; *) ${otherwise} ;; esac ;; esac`;
}

export const refuse = (message: string) => `echo ${q(message)} >&2; exit 1`;
