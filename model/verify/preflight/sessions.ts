// Session consistency: every planned session exists on both ends, the Calico side (from BGPPeers) and the switch
// side (from the switch plan) agree on addresses, AS, password, timers, address family, route-reflector roles and
// export filters, no session crosses a zone, and both ends of each are in the subnet that makes them reachable.
import { bgpPeerPath, exportRejects, type CalicoHalf, type CalicoNode } from "../calico-view";
import { childPath } from "../../core/errors";
import { names } from "../../core/names";
import { contains, parseIPv4 } from "../../core/ip";
import { byAddress } from "../../plan/sessions";
import { ZONE_PASSWORD_KEY } from "../../plan/kubernetes";
import { SECRET_PLACEHOLDER } from "../../spec/secrets";
import type { BgpSession, SessionEnd } from "../../core/types";
import { error, errorsInto, type Finding } from "./findings";
import { between, type Endpoint, type PlanIndex } from "../plan-index";
import type { SwitchHalf } from "./switch-side";

/** BIRD's hold time: Calico open source cannot set one (domain brief §1.2, README "Design"). */
export const BIRD_HOLD_SECONDS = 240;

const list = (xs: string[]) => xs.join(", ") || "none";
const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);
/** A lookup key of several fields that no field's content can make collide. */
const key = (parts: (string | undefined)[]) => JSON.stringify(parts);
/** `items` by key, the first item of each key kept: what `items.find` with the same condition returns. */
function firstBy<T>(items: T[], parts: (x: T) => (string | undefined)[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of items) {
    const k = key(parts(x));
    if (!out.has(k)) out.set(k, x);
  }
  return out;
}

export function sessionChecks(
  idx: PlanIndex,
  nodes: CalicoNode[],
  halves: CalicoHalf[],
  switchHalves: SwitchHalf[],
  badCluster: Set<string>,
  findings: Finding[],
): void {
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

  for (const s of idx.plan.sessions) {
    const a = endOf(s.a);
    const b = endOf(s.b);
    const label = between(a, b);
    if (s.kind === "rr-switch" || s.kind === "ingress-switch") {
      const c = toSwitch.get(key([s.a.name, s.b.address]));
      const w = onSwitch.get(key([s.zone, s.b.name, s.a.address]));
      if (c) claimed.add(c);
      if (w) claimedSw.add(w);
      if (!c && !w) {
        push(
          error(
            a.path,
            `session ${label} (${s.kind}) is planned, but neither a BGPPeer nor the switch configures it`,
            s.kind,
            `select ${s.a.name} in a BGPPeer with peerIP ${s.b.address} and add neighbor ${s.a.address} to ${b.label}`,
          ),
        );
        continue;
      }
      if (!c) {
        const peers = halves
          .filter((h) => h.local.name === s.a.name)
          .map((h) => h.peerAddress ?? h.peerNode!.label)
          .sort(byAddress);
        push(
          error(
            a.path,
            `session ${label}: ${b.label} has neighbor ${s.a.address} in peer-group ${w!.group.name}, but no BGPPeer makes ${s.a.name} peer with ${s.b.address}`,
            peers,
            `select ${s.a.name} in a BGPPeer with peerIP ${s.b.address}, or remove the neighbor from the switch`,
          ),
        );
        continue;
      }
      if (!w) {
        const sw = idx.switches.get(`${s.zone}/${s.b.name}`);
        push(
          error(
            b.path,
            `session ${label}: BGPPeer ${c.from} makes ${s.a.name} peer with the switch, but the switch has no neighbor ${s.a.address}`,
            sw?.neighbors.map((n) => n.address) ?? [],
            `add neighbor ${s.a.address} to ${s.kind === "rr-switch" ? "the reflectors'" : "the ingress"} peer-group of ${b.label}, or stop BGPPeer ${c.from} selecting ${s.a.name}`,
          ),
        );
        continue;
      }
      const { group, sw } = w;
      const role = s.kind === "rr-switch" ? "reflectors" : "ingress";
      if (group.role !== role) {
        push(
          error(
            b.path,
            `session ${label}: the switch puts ${s.a.name} in peer-group ${group.name} (${group.role}), but it is an ${s.kind} session`,
            group.name,
            `put the neighbor in the ${role} peer-group`,
          ),
        );
      }
      // A switch outside its zone's AS is reported by switchHalves; here the Calico end against a correct switch.
      if (sw.asn === idx.zones.get(s.zone)?.asn && c.peerAs !== sw.asn) {
        push(
          error(
            a.path,
            `session ${label}: BGPPeer ${c.from} expects the switch in AS ${c.peerAs}, but ${b.label} runs AS ${sw.asn}`,
            c.peerAs,
            `peer with asNumber ${sw.asn}: iBGP inside zone ${s.zone}`,
          ),
        );
      }
      if (group.updateSource !== c.peerAddress) {
        push(
          error(
            b.path,
            `session ${label}: the switch sources it from ${group.updateSource} (peer-group ${group.name} update-source), but BGPPeer ${c.from} dials ${c.peerAddress}`,
            group.updateSource,
            `source the session from the switch's address ${c.peerAddress}`,
          ),
        );
      }
      const calicoPw = passwordSource(c);
      const planned = s.passwordRef;
      if (calicoPw !== group.passwordRef || calicoPw !== planned) {
        const ref = c.password
          ? `Secret ${c.password.name} key ${c.password.key} (${calicoPw})`
          : "none";
        push(
          error(
            planned ?? names.passwordRef(s.zone),
            `session ${label}: the ends disagree on TCP-MD5: ${s.a.name} uses ${ref}, ${b.label} (peer-group ${group.name}) uses ${group.passwordRef ?? "none"}, the plan ${planned ?? "none"}`,
            [calicoPw ?? "none", group.passwordRef ?? "none"],
            planned === names.passwordRef(s.zone, s.b.name)
              ? "both ends must use the switch's password (bgpPasswords.<zone>.<switch>), or neither"
              : "both ends must use the zone's one password (bgpPasswords.<zone>), or neither",
          ),
        );
      }
      if (!group.negotiates.addressFamilies.includes("ipv4-unicast")) {
        push(
          error(
            b.path,
            `session ${label}: Calico carries ipv4 unicast, but the switch activates ${list(group.negotiates.addressFamilies)} for peer-group ${group.name}`,
            group.negotiates.addressFamilies,
            "activate ipv4 unicast for the peer group",
          ),
        );
      }
      if (c.keepaliveTime !== undefined) {
        const m = /^(\d+)s$/.exec(c.keepaliveTime);
        const hold = Math.min(BIRD_HOLD_SECONDS, group.holdSeconds);
        if (!m || Number(m[1]) !== group.keepaliveSeconds || Number(m[1]) * 3 > hold) {
          push(
            error(
              a.path,
              `session ${label}: BGPPeer ${c.from} sends keepalives every ${c.keepaliveTime}, but ${b.label} sends them every ${group.keepaliveSeconds} s and the session holds for ${hold} s`,
              c.keepaliveTime,
              `set keepaliveTime to ${group.keepaliveSeconds}s (bgp.keepaliveSeconds), at most a third of the hold time`,
            ),
          );
        }
      }
      expectClient(c, s, a, b);
      expectRejects(c, s, a, b);
      continue;
    }

    // Node to node (rr-rr, node-rr): both halves come from the BGPPeers (a peerSelector peers both ways).
    const ab = toNode.get(key([s.a.name, s.b.name]));
    const ba = toNode.get(key([s.b.name, s.a.name]));
    if (ab) claimed.add(ab);
    if (ba) claimed.add(ba);
    if (!ab || !ba) {
      const missing = [
        !ab ? `${s.a.name} -> ${s.b.name}` : "",
        !ba ? `${s.b.name} -> ${s.a.name}` : "",
      ].filter(Boolean);
      push(
        error(
          (!ab ? a : b).path,
          `session ${label} (${s.kind}) is planned, but no BGPPeer configures ${missing.join(" and ")}`,
          missing,
          `select both nodes in the zone's ${s.kind === "rr-rr" ? "reflector-to-reflector" : "nodes-to-reflectors"} BGPPeer`,
        ),
      );
      continue;
    }
    for (const [h, self, other] of [
      [ab, a, b],
      [ba, b, a],
    ] as const) {
      if (passwordSource(h) !== undefined) {
        push(
          error(
            self.path,
            `session ${between(self, other)}: BGPPeer ${h.from} signs it with TCP-MD5 (${passwordSource(h)}), but node-to-node sessions carry no password in the plan`,
            h.password?.name,
            "keep passwords on the switch sessions",
          ),
        );
      }
      if (s.kind === "node-rr") expectClient(h, s, self, other);
      expectRejects(h, s, self, other);
    }
  }

  // Joining workers: each peers with exactly its zone's two reflectors, as their client, and nothing else.
  for (const j of nodes.filter((n) => n.joining)) {
    const zone = idx.zones.get(j.zone)!;
    for (const r of zone.reflectors) {
      const out = joiningHalves.find((h) => h.local === j && h.peerNode?.name === r.name);
      const back = joiningHalves.find((h) => h.local.name === r.name && h.peerNode === j);
      if (out) claimed.add(out);
      if (back) claimed.add(back);
      // A joining worker without an AS is reported by nodeChecks; its client role follows from the AS.
      const roleKnown = j.asn !== undefined && !badCluster.has(r.name);
      if (!out || !back || (roleKnown && (!back.rrClient || out.rrClient))) {
        push(
          error(
            j.path,
            `a worker joining ${j.zone} would ${!out || !back ? "not peer" : "not be a route-reflector client"} with reflector ${r.name} (${r.address})`,
            out?.from ?? back?.from,
            `select every non-reflector node of ${j.zone} in the nodes-to-reflectors BGPPeer (selector on the zone label only)`,
          ),
        );
      }
    }
  }

  // Whatever remains was configured by one end only, or crosses zones.
  for (const h of halves) {
    if (claimed.has(h)) continue;
    const peer =
      h.peerNode ?? (h.peerAddress === undefined ? undefined : idx.byAddress.get(h.peerAddress));
    const self = h.local;
    if (!peer) {
      push(
        error(
          self.path,
          `peers with ${h.peerAddress} (BGPPeer ${h.from}), which is no node or core switch of the plan`,
          h.peerAddress,
          `peer only with zone ${self.zone}'s reflectors and core switches`,
        ),
      );
    } else if (peer.zone !== self.zone) {
      push(
        error(
          self.path,
          `session ${between(self, peer)} crosses zones: BGPPeer ${h.from} makes ${self.joining ? "it" : self.name} peer with ${peer.role === "switch" ? "a core switch" : peer.role === "master" ? "a reflector" : "a node"} of ${peer.zone}`,
          h.peerAddress ?? peer.name,
          `keep BGPPeer ${h.from} inside one zone (the nodes it selects and their peers): every zone is its own AS and L2 domain`,
        ),
      );
    } else {
      push(
        error(
          self.path,
          `session ${between(self, peer)} comes from BGPPeer ${h.from}, but the plan has no such session`,
          h.from,
          "select only the nodes the plan peers (reflectors with switches and each other, nodes with reflectors, ingress nodes with switches in direct mode)",
        ),
      );
    }
  }
  for (const w of switchHalves) {
    if (claimedSw.has(w)) continue;
    const node = idx.byAddress.get(w.neighbor.address);
    push(
      error(
        idx.switchPath(w.sw),
        `has neighbor ${w.neighbor.address} (${w.neighbor.node}) in peer-group ${w.group.name}, ${node ? `but the plan has no session ${between(node, { label: `${w.sw.zone}/${w.sw.name} (${w.sw.address})` })}` : "which is no node of the plan"}`,
        w.neighbor.address,
        "remove the neighbor, or plan its session",
      ),
    );
  }

  // Reachability: both ends of a session inside the zone's node subnet (single-hop BGP, next hops on-link).
  const outside = new Map<Endpoint, Set<string>>();
  for (const h of halves) {
    if (h.local.joining || h.peerAddress === undefined) continue;
    const peer = h.peerNode ?? idx.byAddress.get(h.peerAddress);
    if (!peer || peer.zone !== h.local.zone) continue;
    const cidr = idx.zones.get(h.local.zone)!.cidr;
    for (const [e, other] of [
      [h.local as Endpoint, peer],
      [peer, h.local as Endpoint],
    ] as const) {
      const ip = e.address === undefined ? undefined : parseIPv4(e.address);
      if (cidr && ip !== undefined && !contains(cidr, ip))
        outside.set(e, (outside.get(e) ?? new Set()).add(other.name));
    }
  }
  for (const [e, peers] of outside) {
    const zone = idx.zones.get(e.zone)!;
    push(
      error(
        `${e.path}.address`,
        `is outside ${idx.zonePath(zone.name)}.nodeCidr (${zone.cidr!.text}), so its sessions with ${[...peers].sort().join(", ")} are not directly connected`,
        e.address,
        "use an address of the zone's node subnet",
      ),
    );
  }
  for (const sw of idx.plan.switches) {
    const zone = idx.zones.get(sw.zone);
    for (const g of sw.peerGroups) {
      const ip = parseIPv4(g.updateSource);
      if (zone?.cidr && (ip === undefined || !contains(zone.cidr, ip))) {
        push(
          error(
            idx.switchPath(sw),
            `peer-group ${g.name} sources its sessions from ${g.updateSource}, outside ${idx.zonePath(sw.zone)}.nodeCidr (${zone.cidr.text})`,
            g.updateSource,
            "source the sessions from the switch's address in the node subnet",
          ),
        );
      }
    }
  }
}

/** The Secret, Role and RoleBinding that let calico-node read each password a BGPPeer references (pitfall 17). */
export function passwordChecks(idx: PlanIndex, halves: CalicoHalf[], findings: Finding[]): void {
  const refs = new Map<string, { name: string; key: string }>();
  for (const h of halves) if (h.password) refs.set(`${h.from}|${h.password.name}`, h.password);
  const roles = idx.objects("Role");
  const bindings = idx.objects("RoleBinding");
  for (const [k, ref] of [...refs].sort()) {
    const from = k.split("|")[0];
    const path = bgpPeerPath(from, "password");
    const secret = idx.objects("Secret").find((o) => o.body.metadata.name === ref.name);
    if (!secret) {
      findings.push(
        error(
          path,
          `names Secret ${ref.name}, which the plan does not create`,
          ref.name,
          "create it",
        ),
      );
      continue;
    }
    const ns = secret.body.metadata.namespace;
    const data = (secret.body as { stringData?: Record<string, string> }).stringData ?? {};
    if (!Object.hasOwn(data, ref.key)) {
      findings.push(
        error(
          path,
          `names key ${ref.key} of Secret ${ref.name}, which holds ${list(Object.keys(data))}`,
          ref.key,
          "use the key of the switch the BGPPeer dials",
        ),
      );
    }
    for (const [key, value] of Object.entries(data)) {
      if (value !== SECRET_PLACEHOLDER) {
        findings.push(
          error(
            childPath(`kubernetes.Secret.${ref.name}.stringData`, key),
            "holds a literal value in the plan; secrets reach it only at deployment",
            "<redacted>",
            "keep the <secret> placeholder; the Zone component fills it from bgpPasswords.<zone>[.<switch>]",
          ),
        );
      }
    }
    const role = roles.find((r) => {
      const rules =
        (
          r.body as {
            rules?: { resources?: string[]; resourceNames?: string[]; verbs?: string[] }[];
          }
        ).rules ?? [];
      return (
        r.body.metadata.namespace === ns &&
        rules.some(
          (x) =>
            x.resources?.includes("secrets") &&
            x.resourceNames?.includes(ref.name) &&
            ["get", "list", "watch"].every((v) => x.verbs?.includes(v)),
        )
      );
    });
    const bound =
      role &&
      bindings.some((b) => {
        const body = b.body as {
          roleRef?: { kind?: string; name?: string };
          subjects?: { kind?: string; name?: string; namespace?: string }[];
        };
        return (
          b.body.metadata.namespace === ns &&
          body.roleRef?.kind === "Role" &&
          body.roleRef.name === role.body.metadata.name &&
          (body.subjects ?? []).some(
            (s) => s.kind === "ServiceAccount" && s.name === "calico-node" && s.namespace === ns,
          )
        );
      });
    if (!bound) {
      findings.push(
        error(
          path,
          `names Secret ${ns}/${ref.name}, but no Role and RoleBinding let ServiceAccount calico-node get, list and watch it`,
          ref.name,
          "grant calico-node get/list/watch on exactly that Secret in calico-node's namespace",
        ),
      );
    }
  }
}
