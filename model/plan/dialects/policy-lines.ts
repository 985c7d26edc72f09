// Our prefix lists and route maps as the switches print them, shared by the dialects that print them alike, and the
// in-place update of both (FRR, NX-OS): the plan's lines, then the entries the plan no longer has by sequence number.
import type { MaximumPrefix, PrefixList, RouteMap } from "../../core/types";

/** The threshold FRR and NX-OS assume when none is given, and leave out of `show running-config`. */
export const DEFAULT_WARNING_PERCENT = 75;

/**
 * `maximum-prefix`'s arguments as FRR (bgpd `bgp_config_write_peer_af`) and NX-OS print them: the limit, the warning
 * threshold unless it is the default, and the restart interval in minutes.
 */
export function maximumPrefixArgs(mp: MaximumPrefix): string {
  const pct = mp.warningPercent === DEFAULT_WARNING_PERCENT ? "" : ` ${mp.warningPercent}`;
  return `${mp.limit}${pct} restart ${mp.restartMinutes}`;
}

/** A prefix-list entry after its name: `seq N permit|deny PREFIX [ge G] [le L]`. */
export const seqLine = (e: PrefixList["entries"][number]) =>
  `seq ${e.seq} ${e.action} ${e.prefix}${e.ge === undefined ? "" : ` ge ${e.ge}`}${e.le === undefined ? "" : ` le ${e.le}`}`;

/** The keyword of a list's or map's family: `ip` (IPv4) or `ipv6`, as all three CLIs spell it. */
export const ipWord = (x: { family?: "ipv6" }) => (x.family === "ipv6" ? "ipv6" : "ip");

/** A prefix list one line per entry, with its description (FRR, NX-OS). */
export function prefixListLines(l: PrefixList): string[] {
  const w = ipWord(l);
  return [
    `${w} prefix-list ${l.name} description ${l.description}`,
    ...l.entries.map((e) => `${w} prefix-list ${l.name} ${seqLine(e)}`),
  ];
}

/**
 * A route map's entries, their lines under `indent`, each followed by `close` (FRR's `exit`). The same words on all
 * three CLIs: `match ip next-hop prefix-list` (FRR, EOS and NX-OS route-map match clauses), `set metric`, `set origin`.
 */
export function routeMapLines(m: RouteMap, indent: string, close: string[]): string[] {
  const w = ipWord(m);
  return m.entries.flatMap((e) => [
    `route-map ${m.name} ${e.action} ${e.seq}`,
    `${indent}description ${e.description}`,
    ...(e.matchPrefixList === undefined
      ? []
      : [`${indent}match ${w} address prefix-list ${e.matchPrefixList}`]),
    ...(e.matchNextHopPrefixList === undefined
      ? []
      : [`${indent}match ${w} next-hop prefix-list ${e.matchNextHopPrefixList}`]),
    ...(e.localPreference === undefined
      ? []
      : [`${indent}set local-preference ${e.localPreference}`]),
    ...(e.metric === undefined ? [] : [`${indent}set metric ${e.metric}`]),
    ...(e.origin === undefined ? [] : [`${indent}set origin ${e.origin}`]),
    ...close,
  ]);
}

/** How many sequence numbers past the plan's last entry a re-run clears (entries left by a shrunk list). */
export const STALE_ENTRIES = 4;

export function staleSeqs(l: PrefixList): number[] {
  const last = Math.max(0, ...l.entries.map((e) => e.seq));
  return Array.from({ length: STALE_ENTRIES }, (_, i) => last + 5 * (i + 1));
}

/** Route-map entries past the plan's last one a re-run clears (a pools entry left by a change of ingress mode). */
export function staleEntries(m: RouteMap): number[] {
  const last = Math.max(0, ...m.entries.map((e) => e.seq));
  return [last + 10, last + 20];
}

/** A dialect's `add` and `addIf` (frr-shell.ts, cli-shell.ts). */
export interface Adders {
  add(lines: string[]): string;
  addIf(scope: "cfg" | "bgp", line: string, lines: string[]): string;
}

/**
 * Lists and maps changed in place, never removed and re-added while in use (a removed list would match nothing in
 * between); entries the plan no longer has (a pool removed, a mode change) go by sequence number.
 */
export function inPlaceUpdates(
  policy: { prefixLists: PrefixList[]; routeMaps: RouteMap[] },
  mapLines: (m: RouteMap) => string[],
  shell: Adders,
): string[] {
  return [
    ...policy.prefixLists.flatMap((l) => [
      shell.add(prefixListLines(l)),
      ...staleSeqs(l).map((seq) =>
        shell.addIf("cfg", `\n${ipWord(l)} prefix-list ${l.name} seq ${seq} `, [
          `no ${ipWord(l)} prefix-list ${l.name} seq ${seq}`,
        ]),
      ),
    ]),
    ...policy.routeMaps.flatMap((m) => [
      shell.add(mapLines(m)),
      ...staleEntries(m).map((seq) =>
        shell.addIf("cfg", `\nroute-map ${m.name} permit ${seq}\n`, [
          `no route-map ${m.name} permit ${seq}`,
        ]),
      ),
    ]),
  ];
}
