// What the EOS renderer (eos.ts) and its grammar (eos-grammar.ts) share: the indentation, the commit timer, our
// markers in `show running-config` form and the foreign-member refusal. The grammar imports these, not the renderer.
import type { RouteMap } from "../../core/types";
import { q } from "./shell-quote";

export const I1 = "   ";
export const I2 = "      ";

/** A switch that activates ipv4 unicast for IPv6-transport neighbors by default: our IPv6 groups would carry IPv4. */
export const DEFAULT_IPV4_OVER_IPV6 = `\n${I1}bgp default ipv4-unicast transport ipv6\n`;

/**
 * How long a committed session waits for its confirm before the switch rolls it back: 10 minutes, or the change's
 * longest wait (its health check, or the base's settle and session check) plus 5 minutes when that is longer, so the
 * timer never rolls back a change while its own check still waits (`bgp.healthCheckSeconds` goes up to 1800).
 */
export function commitTimer(waitSeconds: number): string {
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 3600)
    throw new Error(`internal: commit-timer wait ${waitSeconds}`);
  const total = Math.max(600, waitSeconds + 300);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}

/** A timer `commitTimer` can render: from 00:10:00 to 01:05:00. */
export const COMMIT_TIMER_FORM = /^(0[0-1]):([0-5]\d):([0-5]\d)$/;

export const markers = {
  routeMap: (m: RouteMap) =>
    `\nroute-map ${m.name} ${m.entries[0].action} ${m.entries[0].seq}\n${I1}description bgp-fabric `,
  /**
   * EOS prefix lists carry no description: ours is one that a marked route-map entry of ours matches, by prefix
   * (`match ip address`) or next hop (`match ip next-hop`); an IPv6 list by `match ipv6 ...`.
   */
  prefixList: (name: string, family?: "ipv6") =>
    `\n${I1}description bgp-fabric '*'\n${I1}match ${family === "ipv6" ? "ipv6" : "ip"} '*' prefix-list ${name}\n`,
  peerGroup: (name: string) => `\n${I1}neighbor ${name} description bgp-fabric `,
  neighbor: (address: string) => `\n${I1}neighbor ${address} description bgp-fabric `,
};

/** Refuses to delete our group while it has a member that does not carry our marker. */
export function foreignMembers(group: string, label: string): string {
  return `case "$bgp" in *'${markers.peerGroup(group)}'*) for a in $(printf '%s\\n' "$bgp" | sed -n 's/^${I1}neighbor \\([^ ]*\\) peer group ${group}$/\\1/p'); do case "$bgp" in *"\n${I1}neighbor $a description bgp-fabric "*) ;; *) echo ${q(`bgp-fabric: ${label} - peer group ${group} has a neighbor that is not ours:`)} "$a" ${q("- nothing changed")} >&2; exit 1 ;; esac; done ;; esac`;
}
