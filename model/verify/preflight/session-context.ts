// The lookups every session check shares: halves by their ends, the endpoints, and the per-session expectations
// (client role, export filter, password source) that both the switch and the node-to-node checks apply.
import { bgpPeerPath, exportRejects, type CalicoHalf, type CalicoNode } from "../calico-view";
import { names } from "../../core/names";
import { ZONE_PASSWORD_KEY } from "../../plan/kubernetes";
import type { BgpSession, SessionEnd } from "../../core/types";
import { error, errorsInto, type Finding } from "./findings";
import { between, type Endpoint, type PlanIndex } from "../plan-index";
import type { SwitchHalf } from "./switch-side";

export const list = (xs: string[]) => xs.join(", ") || "none";
const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
/** A lookup key of several fields that no field's content can make collide. */
export const key = (parts: (string | undefined)[]) => JSON.stringify(parts);
/** `items` by key, the first item of each key kept: what `items.find` with the same condition returns. */
function firstBy<T>(items: T[], parts: (x: T) => (string | undefined)[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of items) {
    const k = key(parts(x));
    if (!out.has(k)) out.set(k, x);
  }
  return out;
}

/** What the session checks read and record: the plan's index, both sides' halves, and which halves a session claimed. */
export interface SessionContext {
  idx: PlanIndex;
  nodes: CalicoNode[];
  halves: CalicoHalf[];
  switchHalves: SwitchHalf[];
  badCluster: Set<string>;
  push: (f: Finding) => void;
  /** Halves a planned session accounts for; the rest are reported as one-sided. */
  claimed: Set<CalicoHalf>;
  claimedSw: Set<SwitchHalf>;
  toSwitch: Map<string, CalicoHalf>;
  toNode: Map<string, CalicoHalf>;
  onSwitch: Map<string, SwitchHalf>;
  joiningHalves: CalicoHalf[];
  endOf: (e: SessionEnd) => Endpoint;
  expectRejects: (h: CalicoHalf, s: BgpSession, a: Endpoint, b: Endpoint) => void;
  expectClient: (h: CalicoHalf, s: BgpSession, self: Endpoint, other: Endpoint) => void;
  passwordSource: (h: CalicoHalf) => string | undefined;
}

/** Builds the lookups once per preflight: linear scans per session made planning quadratic. */
export function sessionContext(
  idx: PlanIndex,
  nodes: CalicoNode[],
  halves: CalicoHalf[],
  switchHalves: SwitchHalf[],
  badCluster: Set<string>,
  findings: Finding[],
): SessionContext {
  const push = (f: Finding) => findings.push(f);
  const claimed = new Set<CalicoHalf>();
  const claimedSw = new Set<SwitchHalf>();
  // Lookups by key, each keeping the first match as `find` would: linear scans here made planning quadratic.
  const endpoints = firstBy(idx.endpoints, (x) => [x.name, x.address]);
  const toSwitch = firstBy(
    halves.filter((h) => !h.peerNode),
    (h) => [h.local.name, h.peerAddress],
  );
  const toNode = firstBy(halves, (h) => [h.local.name, h.peerNode?.name]);
  const onSwitch = firstBy(switchHalves, (x) => [x.sw.zone, x.sw.name, x.neighbor.address]);
  const joiningHalves = halves.filter((h) => h.local.joining || h.peerNode?.joining);
  const zoneSecrets = firstBy(
    idx.objects("Secret").filter((o) => o.zone !== undefined),
    (o) => [o.body.metadata.name],
  );
  const switchPasswordRefs = new Map<string, string>();
  for (const x of idx.plan.sessions) {
    const k = key([x.zone, names.passwordKey(x.b.name)]);
    if (x.b.role === "switch" && x.passwordRef !== undefined && !switchPasswordRefs.has(k))
      switchPasswordRefs.set(k, x.passwordRef);
  }
  const endOf = (e: SessionEnd): Endpoint =>
    endpoints.get(key([e.name, e.address])) ?? {
      ...e,
      zone: "",
      path: e.name,
      label: `${e.name} (${e.address})`,
    };
  const rejects = (h: CalicoHalf) => exportRejects(idx, h, errorsInto(findings));
  const expectRejects = (h: CalicoHalf, s: BgpSession, a: Endpoint, b: Endpoint) => {
    const got = rejects(h);
    if (got !== undefined && !same(got, s.exportReject)) {
      push(
        error(
          bgpPeerPath(h.from, "filters"),
          `session ${between(a, b)}: ${h.local.label} rejects ${list(got)} on export, but the plan rejects ${list(s.exportReject)}${s.exportReject.length > 0 ? " (in direct mode a reflected LoadBalancer /32 would outlive a dead ingress node by BIRD's 240 s hold time)" : ""}`,
          got,
          "list the LoadBalancer-pool filter on exactly the reflector-to-switch peers (direct mode)",
        ),
      );
    }
  };
  const expectClient = (h: CalicoHalf, s: BgpSession, self: Endpoint, other: Endpoint) => {
    const want = s.rrClient === other.name;
    // A wrong AS or cluster ID changes the client role too; that cause is reported on its own.
    if (
      h.rrClient === want ||
      h.peerAs !== h.localAs ||
      badCluster.has(self.name) ||
      badCluster.has(other.name)
    )
      return;
    push(
      error(
        self.path,
        `session ${between(self, other)}: ${self.label} ${h.rrClient ? "treats" : "does not treat"} ${other.label} as a route-reflector client, but the plan ${want ? "does" : "does not"}`,
        h.rrClient,
        "only a zone's reflectors (cluster ID annotation) reflect, to every other peer in the zone",
      ),
    );
  };
  const passwordSource = (h: CalicoHalf): string | undefined => {
    if (!h.password) return undefined;
    const secret = zoneSecrets.get(key([h.password.name]));
    if (!secret) return `Secret ${h.password.name}`;
    // A switch's key holds that switch's password (the zone's one when the zone sets one for all); the zone key, the
    // zone's one password.
    const ofSwitch = switchPasswordRefs.get(key([secret.zone, h.password.key]));
    if (ofSwitch !== undefined) return ofSwitch;
    return h.password.key === ZONE_PASSWORD_KEY
      ? names.passwordRef(secret.zone!)
      : `Secret ${h.password.name} key ${h.password.key}`;
  };
  return {
    idx,
    nodes,
    halves,
    switchHalves,
    badCluster,
    push,
    claimed,
    claimedSw,
    toSwitch,
    toNode,
    onSwitch,
    joiningHalves,
    endOf,
    expectRejects,
    expectClient,
    passwordSource,
  };
}
