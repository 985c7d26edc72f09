// Arista EOS dialect: bash on the switch calling `Cli -p 15`, every change in a named configuration session that is
// committed with `commit timer` (rolled back by the switch unless confirmed) or aborted on the first rejected line.
// Lines are rendered in the form `show running-config` prints (3-space indentation, `neighbor NAME peer group`).
import type {
  MaximumPrefix,
  Negotiated,
  PrefixList,
  RouteMap,
  TransportPolicy,
} from "../../core/types";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import type { Dialect, Neighbor, PeerGroupConfig, RenderedCommand, SwitchBase } from "./dialect";
import {
  APPLY,
  CLI_OS,
  NOTHING_TO_DELETE,
  RESTORE_MP,
  SHOW_DIFF,
  add,
  addIf,
  changeIdOf,
  changeName,
  commitNow,
  commitTimer,
  foundMaximumPaths,
  functions,
  missingInstance,
  onlyIf,
  prologue,
  refuseIf,
  rendered,
  requireLine,
  restoreMaximumPaths,
  save,
  secretStdin,
  start,
  verify,
  type Line,
} from "./cli-shell";
import { checkEos } from "./eos-grammar";
import { ipWord, routeMapLines as mapLines, seqLine } from "./policy-lines";
import {
  markedPeerGroup,
  notOurs,
  ownedRemovals,
  ownershipGuards,
  refuseUnlessMarked,
  type OwnedForms,
} from "./ownership-guard";
import { cliGate } from "./cli-grammar";
import { keptBlock, survivedBlock, type Family } from "./cli-confirm";
import {
  DEFAULT_IPV4_OVER_IPV6,
  I1,
  I2,
  commitTimer as timerFor,
  foreignMembers,
  markers,
} from "./eos-forms";

const OS = CLI_OS.eos;

/**
 * ADD-PATH receive is rendered per peer group (`neighbor PG additional-paths receive` in its address family). An IPv6
 * group (dual-stack zones) is activated in `address-family ipv6` only: EOS activates ipv4 unicast by default for
 * IPv4-transport neighbors, not for IPv6-transport ones unless `bgp default ipv4-unicast transport ipv6` is set, which
 * the IPv6 part refuses (docs/dialects.md).
 */
function negotiates(g: PeerGroupConfig): Negotiated {
  return {
    addressFamilies: [g.family === "ipv6" ? "ipv6-unicast" : "ipv4-unicast"],
    addPathReceive: true,
  };
}

const owned: OwnedForms = {
  prefixList: (name, family) => `\n${family === "ipv6" ? "ipv6" : "ip"} prefix-list ${name}\n`,
  prefixListMarker: markers.prefixList,
  routeMapMarker: markers.routeMap,
  peerGroupNoun: "peer group",
  peerGroupGuard: markedPeerGroup(
    (name) => `\n${I1}neighbor ${name} peer group\n`,
    markers.peerGroup,
  ),
};

export function prefixListLines(l: PrefixList): string[] {
  return [`${ipWord(l)} prefix-list ${l.name}`, ...l.entries.map((e) => `${I1}${seqLine(e)}`)];
}

export const routeMapLines = (m: RouteMap) => mapLines(m, I1, []);

/**
 * EOS's prefix limits: `maximum-accepted-routes` counts routes after the inbound map (`maximum-routes` counts every
 * received path, ADD-PATH included, before policy, and closes the session at its default of 12000: 0 lifts it), with
 * a warning limit as a route count; `idle-restart-timer` (seconds) restarts a session the switch closed.
 */
export function eosLimits(mp: MaximumPrefix): {
  maximumRoutes: string;
  maximumAcceptedRoutes: string;
  idleRestartTimer: string;
} {
  return {
    maximumRoutes: "0",
    maximumAcceptedRoutes: `${mp.limit} warning-limit ${Math.max(1, Math.floor((mp.limit * mp.warningPercent) / 100))}`,
    idleRestartTimer: String(mp.restartMinutes * 60),
  };
}

/**
 * A peer group's lines in running-config order (AVD eos_cli_config_gen router-bgp.j2 order); the IPv4 holder's
 * description records the instance's multipath setting the base restores (`RESTORE_MP`). The IPv6 part records
 * nothing: EOS `maximum-paths` is instance-wide (both families), the base's (docs/dialects.md).
 */
function peerGroupLines(pg: PeerGroupConfig, asn: number, label: string, holder: boolean): Line[] {
  if (pg.remoteAs !== asn)
    throw new Error(`internal: ${label} peer group ${pg.name} is not iBGP (AS ${pg.remoteAs})`);
  const n = `${I1}neighbor ${pg.name}`;
  const description = `${n} description ${pg.description}`;
  const limits = eosLimits(pg.maximumPrefix);
  return [
    `${n} peer group`,
    `${n} remote-as ${pg.remoteAs}`,
    ...(pg.nextHopSelf ? [`${n} next-hop-self`] : []),
    // Without one, `no ... update-source` clears one removed from the config, so a re-run converges to the plan.
    pg.updateSourceInterface === undefined
      ? `${I1}no neighbor ${pg.name} update-source`
      : `${n} update-source ${pg.updateSourceInterface}`,
    holder && pg.family !== "ipv6" ? { withMp: `${description} ${RESTORE_MP}` } : description,
    // Clears a password removed from the config, so a re-run converges to the plan.
    ...(pg.passwordRef !== undefined ? [] : [`${I1}no neighbor ${pg.name} password`]),
    `${n} idle-restart-timer ${limits.idleRestartTimer}`,
    `${n} maximum-routes ${limits.maximumRoutes}`,
    `${n} maximum-accepted-routes ${limits.maximumAcceptedRoutes}`,
    `${n} timers ${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    `${n} route-map ${pg.routeMapIn} in`,
    `${n} route-map ${pg.routeMapOut} out`,
  ];
}

function afLines(pg: SwitchBase["peerGroups"][number]): string[] {
  return [
    ...(pg.negotiates.addressFamilies.includes(
      pg.family === "ipv6" ? "ipv6-unicast" : "ipv4-unicast",
    )
      ? [`${I2}neighbor ${pg.name} activate`]
      : []),
    ...(pg.negotiates.addPathReceive ? [`${I2}neighbor ${pg.name} additional-paths receive`] : []),
  ];
}

/** The base's multipath record: the instance's `maximum-paths`, which EOS applies to every address family. */
function foundMp(holder: string, label: string, mode: "read" | "keep"): string[] {
  return foundMaximumPaths(markers.peerGroup(holder), `\n${I1}maximum-paths `, label, mode);
}

/**
 * One part of the switch's stanza as one command: the IPv4 base, or a dual-stack zone's IPv6 part (its own groups,
 * `-v6` policy and their `address-family ipv6` activation), with the same guards, session check, commit timer and
 * removal; the IPv4 part's lines are unchanged by the IPv6 one. ECMP for the IPv6 /128s is the base's instance-wide
 * `maximum-paths N ecmp N`: EOS has no per-family `maximum-paths` (docs/dialects.md), so the IPv6 part sets,
 * records and restores none.
 */
function part(b: SwitchBase, family: Family): RenderedCommand {
  const [holder] = b.peerGroups;
  if (!holder) throw new Error(`internal: ${b.label} has no peer group`);
  if (b.peerGroups.some((pg) => (pg.family ?? "ipv4") !== family))
    throw new Error(`internal: ${b.label} ${family} command given a group of the other family`);
  const v6 = family === "ipv6";
  const secretGroups = b.peerGroups.filter((pg) => pg.passwordRef !== undefined);
  const gr = b.peerGroups.some((pg) => !pg.gracefulRestart);
  const config: Line[] = [
    ...b.prefixLists.flatMap(prefixListLines),
    ...b.routeMaps.flatMap(routeMapLines),
    `router bgp ${b.asn}`,
    ...(v6 ? [] : [`${I1}maximum-paths ${b.maximumPaths} ecmp ${b.maximumPaths}`]),
    ...b.peerGroups.flatMap((pg) => peerGroupLines(pg, b.asn, b.label, pg === holder)),
    `${I1}address-family ${v6 ? "ipv6" : "ipv4"}`,
    ...b.peerGroups.flatMap(afLines),
  ];
  const id = b.changeId ?? changeIdOf("base", config);
  const create = [
    ...prologue(OS, b.asn, missingInstance(b.label, b.asn), b.label),
    ...ownershipGuards(b.label, b, owned),
    // EOS advertises graceful restart only with the global `graceful-restart`; the plan wants it off on our sessions.
    ...(gr
      ? [
          refuseIf(
            "bgp",
            `\n${I1}graceful-restart\n`,
            `bgp-fabric: ${b.label} - router bgp ${b.asn} has graceful-restart on - the bgp-fabric sessions must not advertise it - nothing changed`,
          ),
        ]
      : []),
    // Our IPv6 groups must carry IPv6 only: a switch that activates ipv4 unicast over IPv6 by default is refused.
    ...(v6
      ? [
          refuseIf(
            "bgp",
            DEFAULT_IPV4_OVER_IPV6,
            `bgp-fabric: ${b.label} - router bgp ${b.asn} has bgp default ipv4-unicast transport ipv6 - the bgp-fabric IPv6 sessions must carry IPv6 only - nothing changed`,
          ),
        ]
      : []),
    ...(v6 ? [] : foundMp(holder.name, b.label, "read")),
    // The base's own check (cli-confirm.ts): the sessions Established now must be again after the change.
    ...(b.sessionCheck ? [keptBlock(OS, family)] : []),
    ...functions(OS, b.label, changeName(b.label, id)),
    // In a session the lists and maps are replaced whole: the commit applies the difference at once.
    start([]),
    ...b.prefixLists.flatMap((l) => [
      addIf("cfg", owned.prefixList(l.name, l.family), [`no ${ipWord(l)} prefix-list ${l.name}`]),
      add(prefixListLines(l)),
    ]),
    ...b.routeMaps.flatMap((m) => [
      addIf("cfg", `\nroute-map ${m.name} `, [`no route-map ${m.name}`]),
      add(routeMapLines(m)),
    ]),
    add(config.slice(config.indexOf(`router bgp ${b.asn}`))),
    APPLY,
    SHOW_DIFF,
  ];
  const stdinTemplate = secretStdin(
    create,
    b.asn,
    secretGroups.map((pg) => `${I1}neighbor ${pg.name} password 0 ${SECRET_PLACEHOLDER}`),
  );
  create.push(
    commitTimer(
      b.label,
      timerFor(b.sessionCheck ? b.sessionCheck.settleSeconds + b.sessionCheck.timeoutSeconds : 0),
    ),
    ...verify(
      OS,
      b.asn,
      b.label,
      secretGroups.map((pg) => `\n${I1}neighbor ${pg.name} password `),
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
  const removal: Line[] = [`router bgp ${b.asn}`];
  const delId = `${id}-delete`;
  const del = [
    ...prologue(OS, b.asn, NOTHING_TO_DELETE, b.label),
    ...b.peerGroups.map((pg) => foreignMembers(pg.name, b.label)),
    ...(v6 ? [] : foundMp(holder.name, b.label, "keep")),
    ...functions(OS, b.label, changeName(b.label, delId)),
    start(removal),
    ...b.peerGroups.map((pg) =>
      addIf("bgp", markers.peerGroup(pg.name), [`${I1}no neighbor ${pg.name} peer group`]),
    ),
    ...(v6 ? [] : [restoreMaximumPaths([], `${I1}no maximum-paths`, `${I1}maximum-paths`)]),
    ...ownedRemovals(b, owned, addIf),
    APPLY,
    commitNow(b.label),
    ...verify(OS, b.asn, b.label, []),
    save(OS, b.label),
  ];
  return rendered(create, del, id, stdinTemplate);
}

const base = (b: SwitchBase) => part(b, "ipv4");
const base6 = (b: SwitchBase) => part(b, "ipv6");

function neighbor(n: Neighbor): RenderedCommand {
  const a = n.address;
  const member = `\n${I1}neighbor ${a} peer group ${n.peerGroup}\n`;
  const lines = [
    `router bgp ${n.asn}`,
    `${I1}neighbor ${a} peer group ${n.peerGroup}`,
    `${I1}neighbor ${a} description ${n.description}`,
  ];
  const id = n.changeId ?? changeIdOf(`neighbor ${a}`, lines);
  const create = [
    ...prologue(OS, n.asn, missingInstance(n.label, n.asn), n.label),
    refuseUnlessMarked(
      "bgp",
      `\n${I1}neighbor ${a} `,
      markers.neighbor(a),
      notOurs(n.label, `neighbor ${a}`),
    ),
    requireLine(
      "bgp",
      markers.peerGroup(n.peerGroup),
      `bgp-fabric: ${n.label} has no peer group ${n.peerGroup} of ours - apply the base command first`,
    ),
    ...functions(OS, n.label, changeName(n.label, id)),
    start(lines),
    APPLY,
    SHOW_DIFF,
    commitTimer(n.label, timerFor(n.healthCheckSeconds ?? 0)),
    ...verify(OS, n.asn, n.label, [member]),
  ];
  const delLines = [`router bgp ${n.asn}`, `${I1}no neighbor ${a}`];
  const del = [
    ...prologue(OS, n.asn, NOTHING_TO_DELETE, n.label),
    onlyIf("bgp", member),
    onlyIf("bgp", markers.neighbor(a)),
    ...functions(OS, n.label, changeName(n.label, `${id}-delete`)),
    start(delLines),
    APPLY,
    commitNow(n.label),
    ...verify(OS, n.asn, n.label, []),
    save(OS, n.label),
  ];
  return rendered(create, del, id);
}

/** The transport contract in `show running-config` form; the network team binds the maps to its eBGP neighbors. */
function transport(asn: number, p: Omit<TransportPolicy, "lines">): string[] {
  return [
    ...p.prefixLists.flatMap((l) => ["!", ...prefixListLines(l)]),
    ...p.routeMaps.flatMap((m) => ["!", ...routeMapLines(m)]),
    "!",
    `router bgp ${asn}`,
    ...p.aggregates.map((a) => `${I1}aggregate-address ${a}`),
    `${I1}! on each inter-zone eBGP neighbor: neighbor <peer> route-map ${p.routeMapIn} in`,
    `${I1}! on each inter-zone eBGP neighbor: neighbor <peer> route-map ${p.routeMapOut} out`,
    // EOS sends no community to a neighbor without it: GRACEFUL_SHUTDOWN would not reach the upstream.
    ...(p.sendCommunity
      ? [`${I1}! on each inter-zone eBGP neighbor: neighbor <peer> send-community`]
      : []),
  ];
}

export const eos: Dialect = {
  name: "eos",
  dualStack: true,
  negotiates,
  base,
  base6,
  neighbor,
  transport,
  check: checkEos,
  ...cliGate(OS),
};
