// What the NX-OS renderer (nxos.ts) and its grammar (nxos-grammar.ts) share: the indentation, our markers in
// `show running-config` form and the foreign-member refusal. The grammar imports these, not the renderer.
import type { RouteMap } from "../../core/types";
import { q } from "./shell-quote";
import { foundMaximumPathsIn } from "./cli-shell";

export const I1 = "  ";
export const I2 = "    ";
export const I3 = "      ";

/** The instance's IPv4 address family block, as `show running-config` prints it (a VRF's is indented deeper). */
export const AF4 = `\n${I1}address-family ipv4 unicast\n`;
/** The instance's IPv6 address family block, as `show running-config` prints it (dual-stack zones). */
export const AF6 = `\n${I1}address-family ipv6 unicast\n`;

export const markers = {
  prefixList: (name: string, family?: "ipv6") =>
    `\n${family === "ipv6" ? "ipv6" : "ip"} prefix-list ${name} description bgp-fabric `,
  routeMap: (m: RouteMap) =>
    `\nroute-map ${m.name} ${m.entries[0].action} ${m.entries[0].seq}\n${I1}description bgp-fabric `,
  template: (name: string) => `\n${I1}template peer ${name}\n`,
  neighbor: (address: string) => `\n${I1}neighbor ${address}\n`,
  /** Inside a template's or neighbor's block. */
  description: `\n${I2}description bgp-fabric `,
};

/** Refuses to delete our template while a neighbor inherits it without carrying our marker. */
export function foreignMembers(group: string, label: string): string {
  return `case "$bgp" in *'${markers.template(group)}'*) for a in $(printf '%s\\n' "$bgp" | sed -n '/^${I1}neighbor /{s/^${I1}neighbor \\([^ ]*\\).*/\\1/;h;};/^${I2}inherit peer ${group}$/{g;p;}'); do case "$bgp" in *"\n${I1}neighbor $a\n"*) t=\${bgp#*"\n${I1}neighbor $a\n"}; t="\n\${t%%'\n${I1}'[! ]*}\n" ;; *) t= ;; esac; case "$t" in *'${markers.description}'*) ;; *) echo ${q(`bgp-fabric: ${label} - template peer ${group} has a neighbor that is not ours:`)} "$a" ${q("- nothing changed")} >&2; exit 1 ;; esac; done ;; esac`;
}

/**
 * A part's multipath record (the IPv4 base's and the IPv6 part's, read and keep forms): the family's, read inside
 * the instance's `address-family <family> unicast` block only.
 */
export function foundMp(family: "ipv4" | "ipv6", label: string, mode: "read" | "keep"): string[] {
  return foundMaximumPathsIn(
    family,
    markers.description,
    family === "ipv6" ? AF6 : AF4,
    I1,
    `\n${I2}maximum-paths ibgp `,
    label,
    mode,
  );
}
