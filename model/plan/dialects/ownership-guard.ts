// The ownership guards every dialect's base command runs before it changes anything: a prefix list, route map or
// peer group of the plan's that exists on the switch without our `bgp-fabric` marker is the operator's, so the
// script refuses and nothing changes. The dialects differ only in how the objects and markers read in their
// `show running-config` (and NX-OS in how a template's marker is found); the guard logic is this one.
import type { RouteMap } from "../../core/types";
import { q } from "./shell-quote";
import { ipWord, type Adders } from "./policy-lines";

/** The refusal every ownership guard prints. */
export const notOurs = (label: string, what: string) =>
  `bgp-fabric: ${label} - ${what} exists without the bgp-fabric marker so it is not ours - nothing changed`;

/** Refuses (nothing changed) when `exists` is in `scope` without `marker`: the object is the operator's, not ours. */
export function refuseUnlessMarked(
  scope: "cfg" | "bgp",
  exists: string,
  marker: string,
  message: string,
): string {
  return `case "$${scope}" in *'${exists}'*) case "$${scope}" in *'${marker}'*) ;; *) echo ${q(message)} >&2; exit 1 ;; esac ;; esac`;
}

/** A dialect's running-config text for the guarded objects. */
export interface OwnedForms {
  /** Text that says the prefix list exists (IPv6 lists: `family` ipv6). */
  prefixList: (name: string, family?: "ipv6") => string;
  /** Text that says the prefix list is ours. */
  prefixListMarker: (name: string, family?: "ipv6") => string;
  /** Text that says the route map (its first entry) is ours. */
  routeMapMarker: (m: RouteMap) => string;
  /** The dialect's word for a peer group, in the refusal. */
  peerGroupNoun: string;
  /** The guard of one peer group: runs `refusal` when the group exists without our marker. */
  peerGroupGuard: (name: string, refusal: string) => string;
}

/** A peer group guard that looks for `exists` and `marker` in the instance block (FRR, EOS). */
export function markedPeerGroup(
  exists: (name: string) => string,
  marker: (name: string) => string,
): OwnedForms["peerGroupGuard"] {
  return (name, refusal) => refuseUnlessMarked("bgp", exists(name), marker(name), refusal);
}

/** The base command's guards: prefix lists, route maps, peer groups, in that order. */
export function ownershipGuards(
  label: string,
  owned: {
    prefixLists: { name: string; family?: "ipv6" }[];
    routeMaps: RouteMap[];
    peerGroups: { name: string }[];
  },
  forms: OwnedForms,
): string[] {
  return [
    ...owned.prefixLists.map((l) =>
      refuseUnlessMarked(
        "cfg",
        forms.prefixList(l.name, l.family),
        forms.prefixListMarker(l.name, l.family),
        notOurs(label, `prefix-list ${l.name}`),
      ),
    ),
    ...owned.routeMaps.map((m) =>
      refuseUnlessMarked(
        "cfg",
        `\nroute-map ${m.name} `,
        forms.routeMapMarker(m),
        notOurs(label, `route-map ${m.name}`),
      ),
    ),
    ...owned.peerGroups.map((pg) =>
      forms.peerGroupGuard(pg.name, notOurs(label, `${forms.peerGroupNoun} ${pg.name}`)),
    ),
  ];
}

/** The delete's removal of our route maps and prefix lists: each only while it carries our marker. */
export function ownedRemovals(
  owned: { prefixLists: { name: string; family?: "ipv6" }[]; routeMaps: RouteMap[] },
  forms: OwnedForms,
  addIf: Adders["addIf"],
): string[] {
  return [
    ...owned.routeMaps.map((m) =>
      addIf("cfg", forms.routeMapMarker(m), [`no route-map ${m.name}`]),
    ),
    ...owned.prefixLists.map((l) =>
      addIf("cfg", forms.prefixListMarker(l.name, l.family), [
        `no ${ipWord(l)} prefix-list ${l.name}`,
      ]),
    ),
  ];
}
