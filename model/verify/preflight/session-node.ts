// Node-to-node sessions (rr-rr, node-rr) and joining workers: both halves come from the BGPPeers (a peerSelector
// peers both ways), carry no password, and give the reflectors their client roles.
import type { BgpSession } from "../../core/types";
import { error } from "./findings";
import { between, type Endpoint } from "../plan-index";
import { key, type SessionContext } from "./session-context";

export function nodeSessionCheck(
  ctx: SessionContext,
  s: BgpSession,
  a: Endpoint,
  b: Endpoint,
  label: string,
): void {
  const { push, claimed, toNode, passwordSource, expectClient, expectRejects } = ctx;
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
    return;
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

/** Joining workers: each peers with exactly its zone's two reflectors, as their client, and nothing else. */
export function joiningWorkerChecks(ctx: SessionContext): void {
  const { idx, nodes, push, claimed, joiningHalves, badCluster } = ctx;
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
}
