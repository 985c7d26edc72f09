// What no planned session accounts for (a half configured by one end only, or crossing zones), and whether both
// ends of every session are in the zone's node subnet.
import { contains, parseIPv4 } from "../../core/ip";
import { parseCidr6, parseIPv6 } from "../../core/ip6";
import { error } from "./findings";
import { between, type Endpoint } from "../plan-index";
import type { SessionContext } from "./session-context";

/** Whatever remains was configured by one end only, or crosses zones. */
export function unclaimedChecks(ctx: SessionContext): void {
  const { idx, push, halves, switchHalves, claimed, claimedSw } = ctx;
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
}

/** Reachability: both ends of a session inside the zone's node subnet (single-hop BGP, next hops on-link). */
export function reachabilityChecks(ctx: SessionContext): void {
  const { idx, push, halves } = ctx;
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
    // An IPv6 group (dual-stack zones) sources its sessions inside the zone's IPv6 node subnet.
    const v6 = idx.plan.zones.find((z) => z.name === sw.zone)?.ipv6;
    const subnet6 = v6 && parseCidr6(v6.nodeCidr);
    for (const g of sw.peerGroups) {
      const [cidr, ip, field] =
        g.family === "ipv6"
          ? [subnet6?.ok ? subnet6.cidr : undefined, parseIPv6(g.updateSource), "ipv6.nodeCidr"]
          : [zone?.cidr, parseIPv4(g.updateSource), "nodeCidr"];
      if (cidr && (ip === undefined || !contains(cidr, ip))) {
        push(
          error(
            idx.switchPath(sw),
            `peer-group ${g.name} sources its sessions from ${g.updateSource}, outside ${idx.zonePath(sw.zone)}.${field} (${cidr.text})`,
            g.updateSource,
            "source the sessions from the switch's address in the node subnet",
          ),
        );
      }
    }
  }
}
