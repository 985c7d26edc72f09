// The external client: an upstream router and HTTP client on the transport. It learns every zone's routes by eBGP
// from all core switches and installs them as ECMP routes (L4 hash), so its flows spread over every core switch.
// This is the lab's own network, not the plan's: fast timers here only make drills quicker to read.
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { addNamespace, connect } from "./netns";
import { hostDir, startBird } from "./node-host";
import type { LabProcess, LabState } from "./state";
import type { Link, Topology } from "./topology";

export function clientLink(topo: Topology): Link {
  return {
    segment: topo.segments[0].ns,
    port: "vclient",
    ifname: "eth0",
    address: `${topo.clientAddress}/${topo.transport.split("/")[1]}`,
    ...(topo.transport6 && topo.clientAddress6
      ? { address6: `${topo.clientAddress6}/${topo.transport6.split("/")[1]}` }
      : {}),
  };
}

/** The upstream's session settings, both families. */
const UPSTREAM_TIMERS = [
  "  hold time 9;",
  "  keepalive time 3;",
  "  connect delay time 1;",
  "  connect retry time 3;",
  "  error wait time 1,5;",
  // BIRD also helps a peer's graceful restart after a hold-timer expiry, keeping a dead switch's routes for its
  // restart time; the lab's own upstream must not blur the drills' figures, so it does not.
  "  graceful restart off;",
];

export function clientBirdConfig(topo: Topology, logFile: string): string {
  const L = [
    "# External client / upstream router (lab/client.ts): eBGP to every core switch, ECMP into the kernel.",
    `router id ${topo.clientAddress};`,
    `log "${logFile}" all;`,
    "timeformat protocol iso long ms;",
    "protocol device { scan time 2; }",
    "protocol kernel {",
    "  merge paths on;",
    "  ipv4 { import none; export where source != RTS_STATIC; };",
    "}",
    // The upstream's default route: what the switches pass on to the nodes (bgp.nodesReceive default-only).
    "protocol static upstream_default {",
    "  ipv4;",
    "  route 0.0.0.0/0 blackhole;",
    "}",
    "template bgp core {",
    `  local ${topo.clientAddress} as ${topo.clientAsn};`,
    ...UPSTREAM_TIMERS,
    // The transport contract (docs/switches.md): a route carrying GRACEFUL_SHUTDOWN (RFC 8326, 65535:0) gets
    // LOCAL_PREF 0, so a switch drained for maintenance leaves the ECMP set while its peers still carry the prefix.
    "  ipv4 {",
    "    import filter { if (65535, 0) ~ bgp_community then bgp_local_pref = 0; accept; };",
    "    export where net = 0.0.0.0/0;",
    "  };",
    "}",
  ];
  for (const sw of topo.switches) {
    L.push(
      `protocol bgp ${sw.zone.replace(/-/g, "_")}_${sw.name.replace(/-/g, "_")} from core {`,
      `  neighbor ${sw.transportAddress} as ${sw.asn};`,
      "}",
    );
  }
  L.push(...clientBird6(topo));
  return `${L.join("\n")}\n`;
}

/**
 * Dual-stack: the same upstream over IPv6, a session of its own to each dual-stack zone's switch (IPv6 unicast
 * only): the LoadBalancer /128s in, ECMP into the kernel, the IPv6 default out (what the switches pass on to the
 * nodes as `::/0`).
 */
function clientBird6(topo: Topology): string[] {
  const peers = topo.switches.filter((sw) => sw.transportAddress6);
  if (!topo.clientAddress6 || peers.length === 0) return [];
  return [
    "protocol kernel kernel6 {",
    "  merge paths on;",
    "  ipv6 { import none; export where source != RTS_STATIC; };",
    "}",
    "protocol static upstream_default6 {",
    "  ipv6;",
    "  route ::/0 blackhole;",
    "}",
    "template bgp core6 {",
    `  local ${topo.clientAddress6} as ${topo.clientAsn};`,
    ...UPSTREAM_TIMERS,
    "  ipv6 {",
    "    import filter { if (65535, 0) ~ bgp_community then bgp_local_pref = 0; accept; };",
    "    export where net = ::/0;",
    "  };",
    "}",
    ...peers.flatMap((sw) => [
      `protocol bgp ${sw.zone.replace(/-/g, "_")}_${sw.name.replace(/-/g, "_")}_v6 from core6 {`,
      `  neighbor ${sw.transportAddress6} as ${sw.asn};`,
      "}",
    ]),
  ];
}

export function writeClientConfig(state: LabState, topo: Topology): string {
  const file = join(hostDir(state.dir, topo.clientNs), "bird.conf");
  writeFileSync(file, clientBirdConfig(topo, join(hostDir(state.dir, topo.clientNs), "bird.log")));
  return file;
}

export async function startClient(state: LabState, topo: Topology): Promise<LabProcess> {
  addNamespace(state, topo.clientNs);
  connect(topo.clientNs, clientLink(topo));
  mkdirSync(hostDir(state.dir, topo.clientNs), { recursive: true });
  return startBird(state, topo.clientNs, writeClientConfig(state, topo));
}
