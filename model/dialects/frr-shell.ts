// The FRR dialect's shell template: quoting, the running-config prologue and vtysh invocations. The renderer
// (frr.ts) builds scripts from these pieces and the grammar check (frr-grammar.ts) expects exactly them.

/** Every value reaching a script is validated (addresses, DNS-1123 names, integers); quoting is a second guard. */
export function q(s: string): string {
  if (/[^A-Za-z0-9 ./:_-]/.test(s))
    throw new Error(`internal: refusing to render ${JSON.stringify(s)} into a switch command`);
  return `'${s}'`;
}

/** The create script's message when the switch lacks the zone's BGP instance. */
export function missingInstance(label: string, asn: number): string {
  return `echo ${q(`bgp-fabric: ${label} runs no router bgp ${asn} - configure the zone AS on the switch first`)} >&2; exit 1`;
}

/** What a delete script does when the instance is gone: nothing left to remove. */
export const NOTHING_TO_DELETE = "exit 0";

/**
 * Reads the running config and cuts out the default-VRF `router bgp <asn>` block (FRR >= 8 ends blocks with `exit`).
 * `router bgp <asn>` on a switch without that instance would create one, so every script checks first.
 */
export function prologue(asn: number, ifMissing: string): string[] {
  return [
    "set -e",
    "cfg=$(vtysh -c 'show running-config' </dev/null) || exit 1",
    'case "$cfg" in',
    `*'\nrouter bgp ${asn}\n'*) bgp=\${cfg#*'\nrouter bgp ${asn}\n'}; bgp="\n\${bgp%%'\nexit\n'*}\n" ;;`,
    `*) ${ifMissing} ;;`,
    "esac",
  ];
}

export const WRITE_MEMORY = "vtysh -c 'write memory' </dev/null";
export const APPLY_STDIN = "vtysh -f /dev/stdin";

/** One vtysh call: `configure terminal`, the lines, `end` and (unless the caller persists later) `write memory`. */
export function vtysh(lines: string[], persist = true): string {
  const args = ["configure terminal", ...lines, "end", ...(persist ? ["write memory"] : [])];
  return `vtysh ${args.map((a) => `-c ${q(a)}`).join(" \\\n  ")} </dev/null`;
}

/** Runs `present` while the instance holds `line`, else `absent` (for settings FRR refuses to re-enter). */
export function ifPresentElse(line: string, present: string, absent: string): string {
  return `case "$bgp" in *'\n ${line}\n'*) ${present} ;; *) ${absent} ;; esac`;
}

/** Runs `command` only while the instance holds `line` (our peer group or our neighbor), never otherwise. */
export function ifPresent(line: string, command: string): string {
  return `case "$bgp" in *'\n ${line}\n'*) ${command} ;; esac`;
}
