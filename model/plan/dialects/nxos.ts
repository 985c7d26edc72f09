// Cisco NX-OS dialect: bash on the switch calling `vsh`, a checkpoint taken before every change and rolled back to
// on the first rejected line (the confirm step drops it, the rollback step returns to it). Lines are rendered in the
// form `show running-config` prints (2-space indentation, `template peer NAME` inherited by `inherit peer NAME`).
import type { Negotiated, PrefixList, RouteMap, TransportPolicy } from "../../core/types";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import type { Dialect, Neighbor, PeerGroupConfig, RenderedCommand, SwitchBase } from "./dialect";
import { isIPv6Text } from "../../core/ip6";
import { PEER_GROUPS6 } from "../../core/names";
import {
  APPLY,
  CLI_OS,
  NOTHING_TO_DELETE,
  RESTORE_MP,
  RESTORE_MP6,
  add,
  addIf,
  blockCase,
  changeIdOf,
  changeName,
  checkpoint,
  functions,
  missingInstance,
  onlyIf,
  prologue,
  refuse,
  refuseIf,
  rendered,
  requireLine,
  restoreFamily6,
  restoreMaximumPaths,
  save,
  secretStdin,
  start,
  verify,
  type Line,
} from "./cli-shell";
import {
  inPlaceUpdates,
  maximumPrefixArgs,
  prefixListLines,
  routeMapLines as mapLines,
} from "./policy-lines";
import { cliGate } from "./cli-grammar";
import { keptBlock, survivedBlock, type Family } from "./cli-confirm";
import { I1, I2, I3, foreignMembers, foundMp, markers } from "./nxos-forms";
import { checkNxos } from "./nxos-grammar";
import { notOurs, ownedRemovals, ownershipGuards, type OwnedForms } from "./ownership-guard";

const OS = CLI_OS.nxos;

/**
 * ADD-PATH receive is rendered per template (`capability additional-paths receive` in its address family). NX-OS
 * activates an address family per neighbor only (a neighbor carries the families configured under it): an IPv6
 * template and its neighbors get `address-family ipv6 unicast` and nothing of IPv4 (dual-stack zones).
 */
function negotiates(g: PeerGroupConfig): Negotiated {
  return {
    addressFamilies: [g.family === "ipv6" ? "ipv6-unicast" : "ipv4-unicast"],
    addPathReceive: true,
  };
}

/** A neighbor's or template's address family line. */
const afLine = (family: Family) =>
  family === "ipv6" ? "address-family ipv6 unicast" : "address-family ipv4 unicast";

/** A template is ours when its own block holds our description. */
const owned: OwnedForms = {
  prefixList: (name, family) => `\n${family === "ipv6" ? "ipv6" : "ip"} prefix-list ${name} `,
  prefixListMarker: markers.prefixList,
  routeMapMarker: markers.routeMap,
  peerGroupNoun: "template peer",
  peerGroupGuard: (name, refusal) =>
    blockCase(markers.template(name), I1, markers.description, ":", refuse(refusal)),
};

export { prefixListLines };

export const routeMapLines = (m: RouteMap) => mapLines(m, I1, []);

function templateLines(
  pg: SwitchBase["peerGroups"][number],
  asn: number,
  label: string,
  holder: boolean,
): Line[] {
  if (pg.remoteAs !== asn)
    throw new Error(`internal: ${label} template peer ${pg.name} is not iBGP (AS ${pg.remoteAs})`);
  const description = `${I2}description ${pg.description}`;
  return [
    `${I1}template peer ${pg.name}`,
    `${I2}remote-as ${pg.remoteAs}`,
    holder
      ? { withMp: `${description} ${pg.family === "ipv6" ? RESTORE_MP6 : RESTORE_MP}` }
      : description,
    // Without one, `no update-source` clears one removed from the config, so a re-run converges to the plan.
    pg.updateSourceInterface === undefined
      ? `${I2}no update-source`
      : `${I2}update-source ${pg.updateSourceInterface}`,
    ...(pg.passwordRef !== undefined ? [] : [`${I2}no password`]),
    `${I2}timers ${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    `${I2}${afLine(pg.family ?? "ipv4")}`,
    ...(pg.negotiates.addPathReceive ? [`${I3}capability additional-paths receive`] : []),
    ...(pg.nextHopSelf ? [`${I3}next-hop-self`] : []),
    `${I3}route-map ${pg.routeMapIn} in`,
    `${I3}route-map ${pg.routeMapOut} out`,
    // NX-OS closes the session at the limit and, with `restart`, brings it back after M minutes.
    `${I3}maximum-prefix ${maximumPrefixArgs(pg.maximumPrefix)}`,
  ];
}

/**
 * One part of the switch's stanza as one command: the IPv4 base, or a dual-stack zone's IPv6 part (its own
 * templates, `-v6` policy and the instance's `address-family ipv6 unicast` multipath), with the same guards, session
 * check, checkpoint and removal; the IPv4 part's lines are unchanged by the IPv6 one.
 */
function part(b: SwitchBase, family: Family): RenderedCommand {
  const [holder] = b.peerGroups;
  if (!holder) throw new Error(`internal: ${b.label} has no peer group`);
  if (b.peerGroups.some((pg) => (pg.family ?? "ipv4") !== family))
    throw new Error(`internal: ${b.label} ${family} command given a group of the other family`);
  const secretGroups = b.peerGroups.filter((pg) => pg.passwordRef !== undefined);
  const router: Line[] = [
    `router bgp ${b.asn}`,
    // ECMP for the LoadBalancer /32s (IPv6: /128s) in the part's family.
    `${I1}${afLine(family)}`,
    `${I2}maximum-paths ibgp ${b.maximumPaths}`,
    ...b.peerGroups.flatMap((pg) => templateLines(pg, b.asn, b.label, pg === holder)),
  ];
  const config: Line[] = [
    ...b.prefixLists.flatMap(prefixListLines),
    ...b.routeMaps.flatMap(routeMapLines),
    ...router,
  ];
  const id = b.changeId ?? changeIdOf("base", config);
  const create = [
    ...prologue(OS, b.asn, missingInstance(b.label, b.asn), b.label),
    ...ownershipGuards(b.label, b, owned),
    // Graceful restart: NX-OS configures it for the whole instance only (`router bgp` / `graceful-restart`), so the
    // dialect renders nothing and requires nothing: the instance's setting is the network team's (docs/dialects.md).
    ...foundMp(family, b.label, "read"),
    // The base's own check (cli-confirm.ts): the sessions Established now must be again after the change.
    ...(b.sessionCheck ? [keptBlock(OS, family)] : []),
    ...functions(OS, b.label, changeName(b.label, id)),
    checkpoint(b.label),
    // NX-OS applies each line at once: a list removed and re-added would match nothing in between.
    start([]),
    ...inPlaceUpdates(b, routeMapLines, { add, addIf }),
    add(router),
    APPLY,
  ];
  const stdinTemplate = secretStdin(
    create,
    b.asn,
    secretGroups.flatMap((pg) => [
      `${I1}template peer ${pg.name}`,
      `${I2}password 0 ${SECRET_PLACEHOLDER}`,
    ]),
  );
  create.push(
    ...verify(
      OS,
      b.asn,
      b.label,
      b.peerGroups.map((pg) => markers.template(pg.name)),
    ),
    ...(b.sessionCheck
      ? [
          survivedBlock(
            OS,
            b.label,
            b.sessionCheck.settleSeconds,
            b.sessionCheck.timeoutSeconds,
            family,
          ),
        ]
      : []),
  );
  const del = [
    ...prologue(OS, b.asn, NOTHING_TO_DELETE, b.label),
    ...b.peerGroups.map((pg) => foreignMembers(pg.name, b.label)),
    ...foundMp(family, b.label, "keep"),
    ...functions(OS, b.label, changeName(b.label, `${id}-delete`)),
    checkpoint(b.label),
    start([`router bgp ${b.asn}`]),
    ...b.peerGroups.map((pg) =>
      blockCase(
        markers.template(pg.name),
        I1,
        markers.description,
        add([`${I1}no template peer ${pg.name}`]),
        ":",
      ),
    ),
    family === "ipv4"
      ? restoreMaximumPaths(
          [`${I1}${afLine(family)}`],
          `${I2}no maximum-paths ibgp`,
          `${I2}maximum-paths ibgp`,
        )
      : restoreFamily6(
          `${I1}${afLine(family)}`,
          `${I2}no maximum-paths ibgp`,
          `${I2}maximum-paths ibgp`,
          `${I1}no ${afLine(family)}`,
          `${I2}${afLine(family)}`,
          Object.values(PEER_GROUPS6),
        ),
    ...ownedRemovals(b, owned, addIf),
    APPLY,
    ...verify(OS, b.asn, b.label, []),
    save(OS, b.label),
  ];
  return rendered(create, del, id, stdinTemplate);
}

const base = (b: SwitchBase) => part(b, "ipv4");
const base6 = (b: SwitchBase) => part(b, "ipv6");

function neighbor(n: Neighbor): RenderedCommand {
  const a = n.address;
  const lines = [
    `router bgp ${n.asn}`,
    `${I1}neighbor ${a}`,
    `${I2}inherit peer ${n.peerGroup}`,
    `${I2}description ${n.description}`,
    // The neighbor's own family only (an IPv6 neighbor of a dual-stack zone carries IPv6 only).
    `${I2}${afLine(isIPv6Text(a) ? "ipv6" : "ipv4")}`,
  ];
  const id = n.changeId ?? changeIdOf(`neighbor ${a}`, lines);
  const create = [
    ...prologue(OS, n.asn, missingInstance(n.label, n.asn), n.label),
    // A neighbor line with more on it (`neighbor A remote-as N`) is configured by someone else.
    refuseIf("bgp", `\n${I1}neighbor ${a} `, notOurs(n.label, `neighbor ${a}`)),
    blockCase(
      markers.neighbor(a),
      I1,
      markers.description,
      ":",
      refuse(notOurs(n.label, `neighbor ${a}`)),
    ),
    blockCase(
      markers.template(n.peerGroup),
      I1,
      markers.description,
      ":",
      refuse(`bgp-fabric: ${n.label} - template peer ${n.peerGroup} is not ours`),
    ),
    requireLine(
      "bgp",
      markers.template(n.peerGroup),
      `bgp-fabric: ${n.label} has no template peer ${n.peerGroup} of ours - apply the base command first`,
    ),
    ...functions(OS, n.label, changeName(n.label, id)),
    checkpoint(n.label),
    start(lines),
    APPLY,
    ...verify(OS, n.asn, n.label, [markers.neighbor(a)]),
  ];
  const delLines = [`router bgp ${n.asn}`, `${I1}no neighbor ${a}`];
  const del = [
    ...prologue(OS, n.asn, NOTHING_TO_DELETE, n.label),
    onlyIf("bgp", markers.neighbor(a)),
    blockCase(markers.neighbor(a), I1, markers.description, ":", "exit 0"),
    blockCase(markers.neighbor(a), I1, `\n${I2}inherit peer ${n.peerGroup}\n`, ":", "exit 0"),
    ...functions(OS, n.label, changeName(n.label, `${id}-delete`)),
    checkpoint(n.label),
    start(delLines),
    APPLY,
    ...verify(OS, n.asn, n.label, []),
    save(OS, n.label),
  ];
  return rendered(create, del, id);
}

/** The transport contract in `show running-config` form; the network team binds the maps to its eBGP neighbors. */
function transport(asn: number, p: Omit<TransportPolicy, "lines">): string[] {
  return [
    ...p.prefixLists.flatMap(prefixListLines),
    ...p.routeMaps.flatMap(routeMapLines),
    `router bgp ${asn}`,
    `${I1}address-family ipv4 unicast`,
    ...p.aggregates.map((a) => `${I2}aggregate-address ${a}`),
    `${I1}! on each inter-zone eBGP neighbor, in its address-family ipv4 unicast: route-map ${p.routeMapIn} in`,
    `${I1}! on each inter-zone eBGP neighbor, in its address-family ipv4 unicast: route-map ${p.routeMapOut} out`,
    // NX-OS sends no community to a neighbor without it: GRACEFUL_SHUTDOWN would not reach the upstream.
    ...(p.sendCommunity
      ? [
          `${I1}! on each inter-zone eBGP neighbor, in its address-family ipv4 unicast: send-community`,
        ]
      : []),
  ];
}

export const nxos: Dialect = {
  name: "nxos",
  dualStack: true,
  negotiates,
  base,
  base6,
  neighbor,
  transport,
  check: checkNxos,
  ...cliGate(OS),
};
