// What the EOS renderer (eos.ts) and its grammar (eos-grammar.ts) share: the indentation, the commit timer, our
// markers in `show running-config` form and the foreign-member refusal. The grammar imports these, not the renderer.
import type { RouteMap } from "../../core/types";
import { q } from "./shell-quote";

export const I1 = "   ";
export const I2 = "      ";

/** How long a committed session waits for its confirm before the switch rolls it back. */
export const COMMIT_TIMER = "00:10:00";

export const markers = {
  routeMap: (m: RouteMap) =>
    `\nroute-map ${m.name} ${m.entries[0].action} ${m.entries[0].seq}\n${I1}description bgp-fabric `,
  /** EOS prefix lists carry no description: ours is one that a marked route-map entry of ours matches. */
  prefixList: (name: string) =>
    `\n${I1}description bgp-fabric '*'\n${I1}match ip address prefix-list ${name}\n`,
  peerGroup: (name: string) => `\n${I1}neighbor ${name} description bgp-fabric `,
  neighbor: (address: string) => `\n${I1}neighbor ${address} description bgp-fabric `,
};

/** Refuses to delete our group while it has a member that does not carry our marker. */
export function foreignMembers(group: string, label: string): string {
  return `case "$bgp" in *'${markers.peerGroup(group)}'*) for a in $(printf '%s\\n' "$bgp" | sed -n 's/^${I1}neighbor \\([^ ]*\\) peer group ${group}$/\\1/p'); do case "$bgp" in *"\n${I1}neighbor $a description bgp-fabric "*) ;; *) echo ${q(`bgp-fabric: ${label} - peer group ${group} has a neighbor that is not ours:`)} "$a" ${q("- nothing changed")} >&2; exit 1 ;; esac; done ;; esac`;
}
