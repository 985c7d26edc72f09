// Reading the lab's state the way an operator would: FRR's `show bgp summary json`, BIRD's `show protocols`, and
// the kernel FIB (`ip -j route`) of any host.
import type { BgpSession, NetworkPlan } from "../model/core/types";
import { existsSync } from "node:fs";
import { birdProtocolName } from "./calico-bird";
import { birdSocket, birdSocket6 } from "./node-host";
import { sh, shAsync } from "./sh";
import type { LabState } from "./state";
import { vtyshAsync } from "./switch-frr";
import type { LabSwitch, Topology } from "./topology";

export interface PeerState {
  state: string;
  /** FRR: milliseconds the session has been in its state. BIRD: the "since" timestamp. */
  since: string;
  uptimeMsec?: number;
}

interface FrrFamilySummary {
  peers?: Record<
    string,
    { state: string; peerUptimeMsec?: number; peerUptimeEstablishedEpoch?: number }
  >;
}

/** Each family's peers; a peer address belongs to one family here. */
interface FrrSummary {
  ipv4Unicast?: FrrFamilySummary;
  ipv6Unicast?: FrrFamilySummary;
}

export async function frrPeers(state: LabState, sw: LabSwitch): Promise<Map<string, PeerState>> {
  const json = JSON.parse(await vtyshAsync(state, sw, ["show bgp summary json"])) as FrrSummary;
  // FRR 8.4's `show bgp summary` is IPv4 unicast's: a dual-stack switch's IPv6 sessions are asked for apart.
  if (sw.address6)
    json.ipv6Unicast = JSON.parse(
      await vtyshAsync(state, sw, ["show bgp ipv6 unicast summary json"]),
    ) as FrrFamilySummary;
  const out = new Map<string, PeerState>();
  const peers = {
    ...(json.ipv4Unicast?.peers ?? {}),
    ...(json.ipv6Unicast?.peers ?? {}),
  };
  for (const [ip, p] of Object.entries(peers)) {
    out.set(ip, {
      state: p.state,
      since: String(p.peerUptimeEstablishedEpoch ?? ""),
      uptimeMsec: p.peerUptimeMsec,
    });
  }
  return out;
}

// The since-time: BIRD 2 as the lab configures it (`timeformat protocol iso long ms`), or BIRD 1.6's default for
// today, `hh:mm:ss` (the e2e's nodes run Calico's confd rendering, which sets no timeformat, on BIRD 1.6.8).
const PROTOCOL_LINE =
  /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?|\d\d:\d\d:\d\d)\s*(.*?)\s*$/;

/**
 * BGP protocols of a node's BIRD: name -> state (`Established`, `Active`, ...) and since-time. A node running BIRD
 * 1.6's `bird6` beside `bird` (the e2e's confd node side) has its IPv6 protocols there, on a socket of its own; the
 * names do not collide (Calico names a protocol after its neighbor's address).
 */
export async function birdProtocols(state: LabState, ns: string): Promise<Map<string, PeerState>> {
  const out = new Map<string, PeerState>();
  const sockets = [birdSocket(state.dir, ns), birdSocket6(state.dir, ns)];
  for (const sock of sockets.filter((s, i) => i === 0 || existsSync(s))) {
    const r = await shAsync("birdc", ["-s", sock, "show", "protocols"], { check: false });
    if (r.code !== 0) continue; // BIRD is down: every session of this daemon counts as not established
    for (const line of r.stdout.split("\n")) {
      const m = PROTOCOL_LINE.exec(line);
      if (m && m[2] === "BGP") out.set(m[1], { state: m[6].split(/\s+/)[0] || m[4], since: m[5] });
    }
  }
  return out;
}

/** Gateways of the kernel route for exactly `prefix` in a namespace (empty when there is none). */
export function nexthops(ns: string, prefix: string): string[] {
  // Without -6, `ip route show` lists the IPv4 table only, whatever the prefix.
  const family = prefix.includes(":") ? ["-6"] : [];
  const routes = JSON.parse(
    sh("ip", ["-n", ns, ...family, "-j", "route", "show", prefix]).stdout || "[]",
  ) as {
    gateway?: string;
    nexthops?: { gateway?: string }[];
  }[];
  return routes
    .flatMap((r) =>
      r.nexthops ? r.nexthops.map((h) => h.gateway ?? "") : r.gateway ? [r.gateway] : [],
    )
    .filter(Boolean)
    .sort();
}

export interface SessionStatus {
  session: BgpSession;
  a: string;
  b: string;
}

export interface Snapshot {
  /** switch ns -> peer ip -> state */
  frr: Map<string, Map<string, PeerState>>;
  /** node/client ns -> protocol -> state */
  bird: Map<string, Map<string, PeerState>>;
}

export async function snapshot(state: LabState, topo: Topology): Promise<Snapshot> {
  const frr = new Map<string, Map<string, PeerState>>();
  const bird = new Map<string, Map<string, PeerState>>();
  await Promise.all([
    ...topo.switches.map(async (sw) =>
      frr.set(sw.ns, await frrPeers(state, sw).catch(() => new Map<string, PeerState>())),
    ),
    ...[...topo.nodes.map((n) => n.ns), topo.clientNs].map(async (ns) =>
      bird.set(ns, await birdProtocols(state, ns)),
    ),
  ]);
  return { frr, bird };
}

export const birdProtocolFor = birdProtocolName;

/** Each end's view of each plan session: the switch's FRR neighbor or the node's BIRD protocol toward the other end. */
export function sessionStates(plan: NetworkPlan, topo: Topology, snap: Snapshot): SessionStatus[] {
  const view = (zone: string, self: BgpSession["a"], other: BgpSession["a"]): string => {
    if (self.role === "switch") {
      // The switch by its zone and name (an IPv6 session's end holds the switch's IPv6 address).
      const sw = topo.switches.find((s) => s.zone === zone && s.name === self.name);
      return (sw && snap.frr.get(sw.ns)?.get(other.address)?.state) ?? "missing";
    }
    const n = topo.nodes.find((x) => x.name === self.name);
    return (n && snap.bird.get(n.ns)?.get(birdProtocolFor(other.address))?.state) ?? "missing";
  };
  return plan.sessions.map((s) => ({
    session: s,
    a: view(s.zone, s.a, s.b),
    b: view(s.zone, s.b, s.a),
  }));
}

export const established = (s: SessionStatus) => s.a === "Established" && s.b === "Established";
