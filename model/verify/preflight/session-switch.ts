// A switch session (rr-switch, ingress-switch): the BGPPeer half and the switch neighbor both exist and agree on
// peer group, AS, update source, TCP-MD5, address family, timers, client role and export filter.
import { names } from "../../core/names";
import { byAddress } from "../../plan/sessions";
import { DIALECTS } from "../../plan/dialects";
import type { BgpSession } from "../../core/types";
import type { CalicoHalf } from "../calico-view";
import type { SwitchHalf } from "./switch-side";
import { error } from "./findings";
import type { Endpoint } from "../plan-index";
import { BIRD_HOLD_SECONDS } from "./session-timers";
import { key, list, type SessionContext } from "./session-context";

/** A planned switch session: its BGPPeer half and its switch neighbor both exist (else one error naming what is
 * missing), then switchEndsAgree. */
export function switchSessionCheck(
  ctx: SessionContext,
  s: BgpSession,
  a: Endpoint,
  b: Endpoint,
  label: string,
): void {
  const { idx, push, halves, claimed, claimedSw, toSwitch, onSwitch } = ctx;
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
    return;
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
    return;
  }
  // A dual-stack zone on a dialect without IPv6: dual-stack.ts refuses it in one line per switch.
  const dialect = idx.switches.get(`${s.zone}/${s.b.name}`)?.dialect;
  if (!w && s.family === "ipv6" && dialect !== undefined && !DIALECTS[dialect].dualStack) return;
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
    return;
  }
  switchEndsAgree(ctx, s, c, w, a, b, label);
}

/**
 * Both halves of a switch session exist: they agree on peer group, AS, update source, TCP-MD5, address family,
 * timers, client role and export filter.
 */
function switchEndsAgree(
  ctx: SessionContext,
  s: BgpSession,
  c: CalicoHalf,
  w: SwitchHalf,
  a: Endpoint,
  b: Endpoint,
  label: string,
): void {
  const { idx, push, passwordSource, expectClient, expectRejects } = ctx;
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
  // Calico carries one family per session: IPv4 unicast over IPv4, IPv6 unicast over IPv6 (BIRD's bird6).
  const family = s.family === "ipv6" ? "ipv6-unicast" : "ipv4-unicast";
  const words = family.replace("-", " ");
  if (!group.negotiates.addressFamilies.includes(family)) {
    push(
      error(
        b.path,
        `session ${label}: Calico carries ${words}, but the switch activates ${list(group.negotiates.addressFamilies)} for peer-group ${group.name}`,
        group.negotiates.addressFamilies,
        `activate ${words} for the peer group`,
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
}
