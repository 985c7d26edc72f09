// Drift (issue 11): what a core switch runs now against what the plan asks of it. Pure: the switch's running config
// and session states arrive parsed (model/plan/dialects/live-parse.ts, one structure for every dialect); io/live.ts
// does the SSH.
import type { DialectName, PrefixList, RouteMap, SwitchPlan, SwitchPeerGroup } from "../core/types";
import * as eos from "../plan/dialects/eos";
import * as frr from "../plan/dialects/frr";
import { PASSWORD_SET, type FrrPeer, type FrrRunning } from "../plan/dialects/frr-parse";
import * as nxos from "../plan/dialects/nxos";
import { maximumPrefixArgs } from "../plan/dialects/policy-lines";

export type DriftKind = "missing" | "unknown" | "changed" | "session";

export interface DriftItem {
  kind: DriftKind;
  /** `neighbor 10.1.0.11`, `peer-group K8S-RR`, `prefix-list NAME`, `route-map NAME`, `router bgp`. */
  subject: string;
  /** One line saying what differs, plan value in parentheses. */
  detail: string;
}

export interface SwitchDrift {
  switch: string;
  items: DriftItem[];
  /** Planned neighbors and their session state on the switch. */
  sessions: { address: string; node: string; state: string }[];
}

const MARKER = "bgp-fabric";
/** FRR records `restore-maximum-paths-ibgp N`, EOS and NX-OS `restore-maximum-paths <setting>` (frr-shell, cli-shell). */
const RESTORE_SUFFIX = / restore-(?:ipv6-)?maximum-paths(-ibgp)? .+$/;

/** The settings a planned peer group must show, in running-config form (FRR 8.4, lab-verified). */
function frrGroupSettings(pg: SwitchPeerGroup): Record<string, string> {
  return {
    "remote-as": "internal",
    description: pg.description,
    "update-source": pg.updateSource,
    timers: `${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    "timers connect": String(pg.connectRetrySeconds),
    ...password(pg),
  };
}

/** ipv4 unicast: `activate` is implicit under FRR's default ipv4-unicast, so only its absence (`no`) shows. */
function frrGroupAf(pg: SwitchPeerGroup): Record<string, string> {
  return {
    ...(pg.nextHopSelf ? { "next-hop-self": "" } : {}),
    "route-map in": pg.routeMapIn,
    "route-map out": pg.routeMapOut,
    "maximum-prefix": maximumPrefixArgs(pg.maximumPrefix),
  };
}

const password = (pg: SwitchPeerGroup): Record<string, string> =>
  pg.passwordRef === undefined ? {} : { password: PASSWORD_SET };

/**
 * What each dialect's running config shows of a planned peer group and of our policy: the lines its renderer
 * writes (eos.ts `peerGroupLines`, nxos.ts `templateLines`), read back by model/plan/dialects/cli-parse.ts.
 */
const EXPECTED: Record<
  DialectName,
  {
    settings(pg: SwitchPeerGroup): Record<string, string>;
    af(pg: SwitchPeerGroup): Record<string, string>;
    prefixList(l: PrefixList): string[];
    routeMap(m: RouteMap): string[];
    /**
     * An IPv6 group (dual-stack zones): what it shows under ipv4 unicast (FRR `no ... activate`, as FRR activates
     * every neighbor by default; EOS and NX-OS nothing) and whether ipv6 unicast carries an `activate` (FRR, EOS) or
     * is activated by the address family's presence (an NX-OS template's `address-family ipv6 unicast`), and whether
     * the IPv6 family has a `maximum-paths` of its own (FRR, NX-OS; EOS's is instance-wide, checked once).
     */
    ipv6: { ipv4: "deactivated" | "absent"; activate: boolean; familyMultipath: boolean };
  }
> = {
  frr: {
    settings: frrGroupSettings,
    af: frrGroupAf,
    prefixList: frr.prefixListLines,
    routeMap: (m) => frr.routeMapLines(m, " ").filter((l) => l !== "exit"),
    ipv6: { ipv4: "deactivated", activate: true, familyMultipath: true },
  },
  eos: {
    settings: (pg) => ({
      "remote-as": String(pg.remoteAs),
      ...(pg.nextHopSelf ? { "next-hop-self": "" } : {}),
      ...(pg.updateSourceInterface === undefined
        ? {}
        : { "update-source": pg.updateSourceInterface }),
      description: pg.description,
      ...password(pg),
      "idle-restart-timer": eos.eosLimits(pg.maximumPrefix).idleRestartTimer,
      "maximum-routes": eos.eosLimits(pg.maximumPrefix).maximumRoutes,
      "maximum-accepted-routes": eos.eosLimits(pg.maximumPrefix).maximumAcceptedRoutes,
      timers: `${pg.keepaliveSeconds} ${pg.holdSeconds}`,
      "route-map in": pg.routeMapIn,
      "route-map out": pg.routeMapOut,
    }),
    af: (pg) => ({
      ...(pg.negotiates.addressFamilies.includes("ipv4-unicast") ? { activate: "" } : {}),
      ...(pg.negotiates.addPathReceive ? { "additional-paths": "receive" } : {}),
    }),
    prefixList: eos.prefixListLines,
    routeMap: eos.routeMapLines,
    // EOS `maximum-paths` is instance-wide (both families): checked once, as maximumPathsIbgp.
    ipv6: { ipv4: "absent", activate: true, familyMultipath: false },
  },
  nxos: {
    settings: (pg) => ({
      "remote-as": String(pg.remoteAs),
      description: pg.description,
      ...(pg.updateSourceInterface === undefined
        ? {}
        : { "update-source": pg.updateSourceInterface }),
      ...password(pg),
      timers: `${pg.keepaliveSeconds} ${pg.holdSeconds}`,
    }),
    af: (pg) => ({
      ...(pg.negotiates.addPathReceive ? { capability: "additional-paths receive" } : {}),
      ...(pg.nextHopSelf ? { "next-hop-self": "" } : {}),
      "route-map in": pg.routeMapIn,
      "route-map out": pg.routeMapOut,
      "maximum-prefix": maximumPrefixArgs(pg.maximumPrefix),
    }),
    prefixList: nxos.prefixListLines,
    routeMap: nxos.routeMapLines,
    ipv6: { ipv4: "absent", activate: false, familyMultipath: true },
  },
};

/**
 * An IPv6 group (dual-stack zones): nothing of ipv4 unicast (FRR: `no ... activate`, as it activates every neighbor
 * by default; under `no bgp default ipv4-unicast` it is off unless `neighbor X activate` says otherwise, and FRR
 * prints no `no` line; EOS and NX-OS: no line there at all), ipv6 unicast activated explicitly (not a default) with
 * the group's policy.
 */
function ipv6GroupDrift(
  subject: string,
  af: Record<string, string>,
  have: FrrPeer,
  form: (typeof EXPECTED)[DialectName]["ipv6"],
  running: FrrRunning,
): DriftItem[] {
  const items: DriftItem[] = [];
  const ipv4Active =
    have.af.activate === undefined
      ? running.noDefaultIpv4Unicast !== true
      : have.af.activate !== "no";
  if (form.ipv4 === "deactivated" && ipv4Active)
    items.push({ kind: "changed", subject, detail: "ipv4 unicast: activate set (plan no)" });
  if (form.ipv4 === "absent")
    for (const key of Object.keys(have.af).sort())
      items.push({
        kind: "changed",
        subject,
        detail: `ipv4 unicast: ${key} ${shownValue(have.af[key])} (plan unset)`,
      });
  const have6 = have.af6 ?? {};
  if (form.activate ? have6.activate !== "" : have.af6 === undefined)
    items.push({
      kind: "changed",
      subject,
      detail: form.activate
        ? `ipv6 unicast: activate ${shownValue(have6.activate)} (plan set)`
        : "ipv6 unicast: not configured (plan set)",
    });
  items.push(...compareSettings(subject, af, have6, "ipv6 unicast: "));
  return items;
}

const shownValue = (v: string | undefined) => (v === undefined ? "unset" : v === "" ? "set" : v);

function compareSettings(
  subject: string,
  want: Record<string, string>,
  have: Record<string, string>,
  prefix: string,
): DriftItem[] {
  const items: DriftItem[] = [];
  for (const key of [...new Set([...Object.keys(want), ...Object.keys(have)])].sort()) {
    if (key === "activate" && have[key] !== "no") continue;
    if (want[key] === have[key]) continue;
    items.push({
      kind: "changed",
      subject,
      detail: `${prefix}${key} ${shownValue(have[key])} (plan ${shownValue(want[key])})`,
    });
  }
  return items;
}

function compareLines(subject: string, want: string[], have: string[] | undefined): DriftItem[] {
  if (have === undefined) return [{ kind: "missing", subject, detail: "not on the switch" }];
  const items: DriftItem[] = [];
  for (const l of want.filter((x) => !have.includes(x)))
    items.push({ kind: "changed", subject, detail: `missing line: ${l}` });
  for (const l of have.filter((x) => !want.includes(x)))
    items.push({ kind: "changed", subject, detail: `extra line: ${l}` });
  return items;
}

/**
 * Neighbors the plan does not have that are ours all the same: in one of our peer groups or carrying our marker
 * (the network team's transport neighbors are neither). Sorted by address.
 */
export function unplannedPeers(
  sw: SwitchPlan,
  running: FrrRunning,
): { address: string; why: string }[] {
  const ourGroups = new Set(sw.peerGroups.map((g) => g.name));
  const planned = new Set(sw.neighbors.map((n) => n.address));
  const out: { address: string; why: string }[] = [];
  for (const [address, p] of Object.entries(running.peers).sort(([a], [b]) => a.localeCompare(b))) {
    if (p.isGroup || planned.has(address)) continue;
    const inOurs = p.memberOf !== undefined && ourGroups.has(p.memberOf);
    const marked = p.settings.description?.startsWith(`${MARKER} `) === true;
    if (inOurs || marked)
      out.push({
        address,
        why: inOurs ? `in peer-group ${p.memberOf}` : "carries the bgp-fabric marker",
      });
  }
  return out;
}

export function switchDrift(
  sw: SwitchPlan,
  running: FrrRunning,
  states: Record<string, string>,
): SwitchDrift {
  const label = `${sw.zone}/${sw.name}`;
  const expected = EXPECTED[sw.dialect];
  const items: DriftItem[] = [];
  if (running.asn !== sw.asn)
    items.push({
      kind: "changed",
      subject: "router bgp",
      detail: `AS ${running.asn ?? "none"} (plan ${sw.asn})`,
    });
  for (const pg of sw.peerGroups) {
    const subject = `peer-group ${pg.name}`;
    const have = running.peers[pg.name];
    if (!have?.isGroup) {
      items.push({ kind: "missing", subject, detail: "not on the switch" });
      continue;
    }
    const settings = { ...have.settings };
    // The holder group's marker also records the `maximum-paths ibgp` to restore on removal (frr-shell.ts).
    if (settings.description !== undefined)
      settings.description = settings.description.replace(RESTORE_SUFFIX, "");
    items.push(...compareSettings(subject, expected.settings(pg), settings, ""));
    if (pg.family === "ipv6") {
      items.push(...ipv6GroupDrift(subject, expected.af(pg), have, expected.ipv6, running));
      continue;
    }
    items.push(...compareSettings(subject, expected.af(pg), have.af, "ipv4 unicast: "));
  }
  if (
    sw.peerGroups.some((g) => g.family === "ipv6") &&
    expected.ipv6.familyMultipath &&
    running.maximumPathsIbgp6 !== sw.maximumPaths
  )
    items.push({
      kind: "changed",
      subject: "router bgp",
      detail: `ipv6 unicast: maximum-paths ibgp ${running.maximumPathsIbgp6 ?? "unset"} (plan ${sw.maximumPaths})`,
    });
  if (running.maximumPathsIbgp !== sw.maximumPaths)
    items.push({
      kind: "changed",
      subject: "router bgp",
      detail: `maximum-paths ibgp ${running.maximumPathsIbgp ?? "unset"} (plan ${sw.maximumPaths})`,
    });
  for (const n of sw.neighbors) {
    const subject = `neighbor ${n.address}`;
    const have = running.peers[n.address];
    if (!have || have.isGroup) {
      items.push({
        kind: "missing",
        subject,
        detail: `${n.node}, peer-group ${n.peerGroup}: not on the switch`,
      });
      continue;
    }
    if (have.memberOf !== n.peerGroup)
      items.push({
        kind: "changed",
        subject,
        detail: `peer-group ${have.memberOf ?? "none"} (plan ${n.peerGroup})`,
      });
    if (have.settings.description !== n.description)
      items.push({
        kind: "changed",
        subject,
        detail: `description ${shownValue(have.settings.description)} (plan ${n.description})`,
      });
  }
  for (const u of unplannedPeers(sw, running))
    items.push({
      kind: "unknown",
      subject: `neighbor ${u.address}`,
      // Established but not planned is the case that matters: it carries routes nobody declared.
      detail: `${u.why}, not in the plan${states[u.address] === "Established" ? " - session Established" : ""}`,
    });
  for (const l of sw.prefixLists)
    items.push(
      ...compareLines(`prefix-list ${l.name}`, expected.prefixList(l), running.prefixLists[l.name]),
    );
  for (const m of sw.routeMaps)
    items.push(
      ...compareLines(`route-map ${m.name}`, expected.routeMap(m), running.routeMaps[m.name]),
    );
  // Lists and maps named as ours but in neither the plan nor the transport contract.
  const known = new Set([
    ...sw.prefixLists.map((l) => `prefix-list ${l.name}`),
    ...sw.routeMaps.map((m) => `route-map ${m.name}`),
    ...sw.transport.prefixLists.map((l) => `prefix-list ${l.name}`),
    ...sw.transport.routeMaps.map((m) => `route-map ${m.name}`),
  ]);
  for (const [kind, names] of [
    ["prefix-list", Object.keys(running.prefixLists)],
    ["route-map", Object.keys(running.routeMaps)],
  ] as const)
    for (const name of [...names].sort())
      if (name.startsWith(`${MARKER}-`) && !known.has(`${kind} ${name}`))
        items.push({ kind: "unknown", subject: `${kind} ${name}`, detail: "not in the plan" });
  const sessions = sw.neighbors.map((n) => ({
    address: n.address,
    node: n.node,
    state: states[n.address] ?? "not configured",
  }));
  for (const s of sessions)
    if (s.state !== "Established" && running.peers[s.address])
      items.push({
        kind: "session",
        subject: `neighbor ${s.address}`,
        detail: `${s.node}: ${s.state}, planned Established`,
      });
  return { switch: label, items, sessions };
}
