// FRR dialect: POSIX shell that calls only vtysh (plus flock, sed, date and sleep). Each script takes the switch's
// lock, refuses to touch anything that exists without our marker, applies its whole stanza as one vtysh call, rolls
// back what it added if that call or bgpd fails; a create saves (its `confirm`) only after the plan's health gate
// passed (gate.ts), a delete only a complete removal. Create + delete leaves the running config
// byte-identical, including a `maximum-paths ibgp` the switch had before (verified in the lab).
import { frrDrainWait } from "./frr-drain-wait";
import type { Negotiated, PrefixList, RouteMap, TransportPolicy } from "../../core/types";
import type { Dialect, Neighbor, PeerGroupConfig, RenderedCommand, SwitchBase } from "./dialect";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import { checkFrr } from "./frr-grammar";
import {
  inPlaceUpdates,
  maximumPrefixArgs,
  prefixListLines,
  routeMapLines as mapLines,
} from "./policy-lines";
import { drainCommand, undrainBlock, type DrainSpec } from "./frr-switch-drain";
import { keptBlock, survivedBlock, type BaseCheckSpec } from "./frr-base-check";
import {
  markedPeerGroup,
  notOurs,
  ownedRemovals,
  ownershipGuards,
  refuseUnlessMarked,
  type OwnedForms,
} from "./ownership-guard";
import {
  APPLY,
  APPLY_STDIN,
  NOTHING_TO_DELETE,
  RESTORE_MAXIMUM_PATHS,
  RESTORE_MAXIMUM_PATHS6,
  RESTORE_MP,
  RESTORE_MP6,
  ROLLBACK_END,
  ROLLBACK_IF,
  ROLLBACK_RUN,
  add,
  addEither,
  applied,
  FRR_GATE,
  addIf,
  foreignMembers,
  foundMaximumPaths,
  freshUnless,
  missingInstance,
  onlyIf,
  prologue,
  requireLine,
  save,
  start,
  verify,
  type Arg,
} from "./frr-shell";

/**
 * FRR advertises the ADD-PATH receive capability to every neighbor unless `neighbor X disable-addpath-rx` is set
 * (bgpd/bgp_open.c), which this dialect never renders; ipv4 unicast is activated explicitly for each IPv4 group, so
 * it holds even on a switch configured with `no bgp default ipv4-unicast`. An IPv6 group (dual-stack zones) gets
 * ipv6 unicast activated and ipv4 unicast deactivated: one family per session, as Calico's BIRD peers.
 */
function negotiates(g: PeerGroupConfig): Negotiated {
  return {
    addressFamilies: [g.family === "ipv6" ? "ipv6-unicast" : "ipv4-unicast"],
    addPathReceive: true,
  };
}

/** Ownership markers as they appear in `show running-config`. */
export const markers = {
  prefixList: (name: string, family?: "ipv6") =>
    `\n${family === "ipv6" ? "ipv6" : "ip"} prefix-list ${name} description bgp-fabric `,
  routeMap: (m: RouteMap) =>
    `\nroute-map ${m.name} ${m.entries[0].action} ${m.entries[0].seq}\n description bgp-fabric `,
  peerGroup: (name: string) => `\n neighbor ${name} description bgp-fabric `,
  neighbor: (address: string) => `\n neighbor ${address} description bgp-fabric `,
};

export { prefixListLines };

const owned: OwnedForms = {
  prefixList: (name, family) => `\n${family === "ipv6" ? "ipv6" : "ip"} prefix-list ${name} `,
  prefixListMarker: markers.prefixList,
  routeMapMarker: markers.routeMap,
  peerGroupNoun: "peer-group",
  peerGroupGuard: markedPeerGroup((name) => `\n neighbor ${name} peer-group\n`, markers.peerGroup),
};

/** A route map's entries; `indent` gives the running-config form, none the vtysh form. */
export const routeMapLines = (m: RouteMap, indent = "") => mapLines(m, indent, ["exit"]);

/** `holder`: the group whose description records the family's `maximum-paths ibgp` found before us. */
function peerGroupLines(
  pg: PeerGroupConfig,
  asn: number,
  label: string,
  holder: "ipv4" | "ipv6" | undefined,
): Arg[] {
  // The groups are iBGP by design: `remote-as internal` follows the instance's AS, whatever it is.
  if (pg.remoteAs !== asn)
    throw new Error(`internal: ${label} peer-group ${pg.name} is not iBGP (AS ${pg.remoteAs})`);
  const description = `neighbor ${pg.name} description ${pg.description}`;
  return [
    `neighbor ${pg.name} peer-group`,
    // The marker right after the group exists, so a rollback finds everything this run made.
    holder === "ipv4"
      ? { withMp: `${description} ${RESTORE_MP}` }
      : holder === "ipv6"
        ? { withMp: `${description} ${RESTORE_MP6}`, family: "ipv6" }
        : description,
    `neighbor ${pg.name} remote-as internal`,
    `neighbor ${pg.name} update-source ${pg.updateSource}`,
    `neighbor ${pg.name} timers ${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    `neighbor ${pg.name} timers connect ${pg.connectRetrySeconds}`,
    // Clears a password removed from the config, so a re-run converges to the plan.
    ...(pg.passwordRef !== undefined ? [] : [`no neighbor ${pg.name} password`]),
  ];
}

function afLines(pg: PeerGroupConfig & Pick<SwitchBase["peerGroups"][number], "negotiates">) {
  return [
    ...(pg.negotiates.addressFamilies.includes(
      pg.family === "ipv6" ? "ipv6-unicast" : "ipv4-unicast",
    )
      ? [`neighbor ${pg.name} activate`]
      : []),
    ...(pg.nextHopSelf ? [`neighbor ${pg.name} next-hop-self`] : []),
    `neighbor ${pg.name} route-map ${pg.routeMapIn} in`,
    `neighbor ${pg.name} route-map ${pg.routeMapOut} out`,
    // FRR counts accepted routes (after the inbound map) unless `force` is given; restarts the session after M minutes.
    `neighbor ${pg.name} maximum-prefix ${maximumPrefixArgs(pg.maximumPrefix)}`,
  ];
}

/** Which part of the switch a command holds: the IPv4 base, or a dual-stack zone's IPv6 part (`base6`). */
type Family = "ipv4" | "ipv6";

/** Removes what carries our marker (peer groups, route maps, prefix lists) and restores `maximum-paths ibgp`. */
function removal(b: SwitchBase, family: Family): string[] {
  return [
    start(["configure terminal", `router bgp ${b.asn}`]),
    ...b.peerGroups.map((pg) =>
      addIf("bgp", markers.peerGroup(pg.name), [`no neighbor ${pg.name} peer-group`]),
    ),
    family === "ipv6" ? RESTORE_MAXIMUM_PATHS6 : RESTORE_MAXIMUM_PATHS,
    add(["exit"]),
    ...ownedRemovals(b, owned, addIf),
    add(["end"]),
  ];
}

/**
 * A password change drops every session of the groups it signs: with a bounded session wait configured, the drain
 * command drains the switch first and the base undrains it (frr-switch-drain.ts). Without passwords, or with
 * `healthCheckSeconds` 0, there is none.
 */
function drainSpec(b: SwitchBase, secretGroups: PeerGroupConfig[]): DrainSpec | undefined {
  if (b.drain === undefined || secretGroups.length === 0) return undefined;
  return {
    asn: b.asn,
    label: b.label,
    groups: secretGroups.map((pg) => pg.name),
    entries: secretGroups.flatMap((pg) =>
      (b.routeMaps.find((m) => m.name === pg.routeMapIn)?.entries ?? [])
        .filter((e) => e.action === "permit")
        .map((e) => ({ map: pg.routeMapIn, seq: e.seq })),
    ),
    settleSeconds: b.drain.settleSeconds,
    timeoutSeconds: b.drain.timeoutSeconds,
  };
}

/** The address-family lines of one part: IPv4's groups under ipv4 unicast; IPv6's deactivated there, theirs. */
function familyLines(b: SwitchBase, family: Family): string[] {
  if (family === "ipv4")
    return [
      "address-family ipv4 unicast",
      `maximum-paths ibgp ${b.maximumPaths}`,
      ...b.peerGroups.flatMap(afLines),
      "exit-address-family",
    ];
  return [
    // The IPv6 groups carry IPv6 only: FRR activates ipv4 unicast for every neighbor by default.
    "address-family ipv4 unicast",
    ...b.peerGroups.map((pg) => `no neighbor ${pg.name} activate`),
    "exit-address-family",
    "address-family ipv6 unicast",
    // ECMP for the LoadBalancer /128s, as for the /32s.
    `maximum-paths ibgp ${b.maximumPaths}`,
    ...b.peerGroups.flatMap(afLines),
    "exit-address-family",
  ];
}

/**
 * One part of the switch's stanza, as one command: its groups (the first records the family's `maximum-paths ibgp`
 * found before us), policy and address-family lines, with the ownership guards, the kept/survived session check and
 * the rollback; its delete removes exactly them and restores that `maximum-paths ibgp`. The IPv4 part drains and
 * undrains around a password change; the IPv6 part has no drain (docs/dual-stack.md).
 */
function stanza(b: SwitchBase, family: Family): RenderedCommand {
  const [holder] = b.peerGroups;
  if (!holder) throw new Error(`internal: ${b.label} has no peer group`);
  if (b.peerGroups.some((pg) => (pg.family ?? "ipv4") !== family))
    throw new Error(`internal: ${b.label} ${family} command given a group of the other family`);
  const v6 = family === "ipv6";
  const secretGroups = b.peerGroups.filter((pg) => pg.passwordRef !== undefined);
  const drain = v6 ? undefined : drainSpec(b, secretGroups);
  const check: BaseCheckSpec | undefined = b.sessionCheck && {
    label: b.label,
    groups: b.peerGroups.map((pg) => pg.name),
    ...b.sessionCheck,
  };
  const create = [
    ...prologue(b.asn, missingInstance(b.label, b.asn), b.label),
    ...ownershipGuards(b.label, b, owned),
    ...foundMaximumPaths(family, holder.name, b.label, "read"),
    freshUnless(`\n neighbor ${holder.name} peer-group\n`),
    ...(check ? [keptBlock(check)] : []),
    start(["configure terminal"]),
    // FRR 8.4's bgpd crashed (lab, SIGSEGV in route_map_apply_ext) on updates arriving between a removal and a re-add.
    ...inPlaceUpdates(b, routeMapLines, { add, addIf }),
    add([`router bgp ${b.asn}`]),
    ...b.peerGroups.map((pg) =>
      add(peerGroupLines(pg, b.asn, b.label, pg === holder ? family : undefined)),
    ),
    add([...familyLines(b, family), "end"]),
    ...APPLY,
  ];
  let stdinTemplate: string | undefined;
  if (secretGroups.length > 0) {
    // The password travels on stdin, so it is never part of a command line or the command text.
    stdinTemplate = [
      `router bgp ${b.asn}`,
      ...secretGroups.map((pg) => ` neighbor ${pg.name} password ${SECRET_PLACEHOLDER}`),
      "",
    ].join("\n");
    create.push(APPLY_STDIN);
  }
  create.push(
    ...verify(
      b.asn,
      secretGroups.map((pg) => `\n neighbor ${pg.name} password `),
    ),
    ROLLBACK_IF,
    ...removal(b, family),
    ROLLBACK_RUN,
    ROLLBACK_END,
    applied(
      b.label,
      "the change did not apply completely - a command failed or bgpd is down - rolled back what this run added and saved nothing",
    ),
    ...(drain ? [undrainBlock(drain)] : []),
    ...(check ? [survivedBlock(check)] : []),
  );
  const del = [
    ...prologue(b.asn, NOTHING_TO_DELETE, b.label),
    ...b.peerGroups.map((pg) => foreignMembers(pg.name, b.label)),
    ...foundMaximumPaths(family, holder.name, b.label, "keep"),
    ...removal(b, family),
    ...APPLY,
    ...verify(b.asn, []),
    ...save(b.label, "the removal did not apply completely - nothing saved"),
  ];
  return {
    create: create.join("\n"),
    delete: del.join("\n"),
    ...(stdinTemplate ? { stdinTemplate } : {}),
  };
}

const base = (b: SwitchBase) => stanza(b, "ipv4");
const base6 = (b: SwitchBase) => stanza(b, "ipv6");

function neighbor(n: Neighbor): RenderedCommand {
  const a = n.address;
  const member = `\n neighbor ${a} peer-group ${n.peerGroup}\n`;
  const join = `neighbor ${a} peer-group ${n.peerGroup}`;
  const description = `neighbor ${a} description ${n.description}`;
  // A new neighbor is added shut down and opened only after graceful restart is off: GR is negotiated in OPEN,
  // and FRR 8.4 neither passes a peer group's graceful-restart-disable to members nor applies it to an open session.
  const fresh: Arg[] = [
    join,
    `neighbor ${a} shutdown`,
    description,
    ...(n.gracefulRestart ? [] : [`neighbor ${a} graceful-restart-disable`]),
    `no neighbor ${a} shutdown`,
  ];
  const create = [
    ...prologue(n.asn, missingInstance(n.label, n.asn), n.label),
    refuseUnlessMarked(
      "bgp",
      `\n neighbor ${a} `,
      markers.neighbor(a),
      notOurs(n.label, `neighbor ${a}`),
    ),
    requireLine(
      "bgp",
      markers.peerGroup(n.peerGroup),
      `bgp-fabric: ${n.label} has no peer-group ${n.peerGroup} of ours - apply the base command first`,
    ),
    freshUnless(`\n neighbor ${a} `),
    start(["configure terminal", `router bgp ${n.asn}`]),
    addEither("fresh", "1", fresh, [join, description]),
    add(["end"]),
    ...APPLY,
    ...verify(n.asn, []),
    ROLLBACK_IF,
    start(["configure terminal", `router bgp ${n.asn}`]),
    addIf("bgp", member, [`no neighbor ${a}`]),
    add(["end"]),
    ROLLBACK_RUN,
    ROLLBACK_END,
    applied(
      n.label,
      `adding neighbor ${a} did not apply completely - a command failed or bgpd is down - rolled back and saved nothing`,
    ),
  ];
  // Remove the neighbor only while it is ours (marked, in our peer group): never an operator's own neighbor.
  const del = [
    ...prologue(n.asn, NOTHING_TO_DELETE, n.label),
    onlyIf("bgp", member),
    onlyIf("bgp", markers.neighbor(a)),
    start(["configure terminal", `router bgp ${n.asn}`, `no neighbor ${a}`, "end"]),
    ...APPLY,
    ...verify(n.asn, []),
    ...save(n.label, `removing neighbor ${a} did not apply completely - nothing saved`),
  ];
  return { create: create.join("\n"), delete: del.join("\n") };
}

/** The transport contract in `show running-config` form; the network team binds the maps to its eBGP neighbors. */
function transport(asn: number, p: Omit<TransportPolicy, "lines">): string[] {
  return [
    ...p.prefixLists.flatMap(prefixListLines),
    "!",
    ...p.routeMaps.flatMap((m) => routeMapLines(m, " ")),
    "!",
    `router bgp ${asn}`,
    " address-family ipv4 unicast",
    ...p.aggregates.map((a) => `  aggregate-address ${a}`),
    `  ! on each inter-zone eBGP neighbor: neighbor <peer> route-map ${p.routeMapIn} in`,
    `  ! on each inter-zone eBGP neighbor: neighbor <peer> route-map ${p.routeMapOut} out`,
    // FRR sends standard communities by default; a `no neighbor <peer> send-community` would drop GRACEFUL_SHUTDOWN.
    ...(p.sendCommunity
      ? ["  ! on each inter-zone eBGP neighbor: neighbor <peer> send-community (the FRR default)"]
      : []),
    " exit-address-family",
    "exit",
  ];
}

/** The drain command: it reads the base command's password lines on stdin (they say whether the password changes). */
function drain(b: SwitchBase): RenderedCommand | undefined {
  const d = drainSpec(
    b,
    b.peerGroups.filter((pg) => pg.passwordRef !== undefined),
  );
  const stdin = base(b).stdinTemplate;
  if (d === undefined || stdin === undefined) return undefined;
  return { ...drainCommand(d), stdinTemplate: stdin };
}

export const frr: Dialect = {
  name: "frr",
  dualStack: true,
  negotiates,
  base,
  base6,
  drain,
  neighbor,
  ...FRR_GATE,
  transport,
  check: checkFrr,
  drainWait: frrDrainWait,
};
