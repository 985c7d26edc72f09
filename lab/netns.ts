// Network namespaces, bridged segments and veth links: the lab's hosts and cables. Namespaces only ever connect
// to each other (veth pairs into a segment's bridge), never to the machine's own interfaces.
import { existsSync } from "node:fs";
import { sh } from "./sh";
import type { LabState } from "./state";
import type { Link } from "./topology";

const BRIDGE = "br0";

/**
 * One multipath hash seed for every lab host (kernels from 6.11 have the sysctl): the two switches of a zone must
 * send a flow to the same ingress node (the transport contract, docs/switches.md), so a flow the upstream moves from
 * one to the other during a drain keeps its node. 6.18 already shares one random seed across namespaces; this
 * states it instead of relying on that default.
 */
const HASH_SEED: Record<string, string> = existsSync("/proc/sys/net/ipv4/fib_multipath_hash_seed")
  ? { "net.ipv4.fib_multipath_hash_seed": "1234567" }
  : {};

/**
 * IPv6 (dual-stack labs, harmless without): forwarding and L4 hashing as for IPv4, and no duplicate address
 * detection, so a link's addresses are usable at once (the lab's addresses are unique by the plan's checks).
 */
export const IPV6_SYSCTLS: Record<string, string> = {
  "net.ipv6.conf.all.forwarding": "1",
  "net.ipv6.fib_multipath_hash_policy": "1",
  "net.ipv6.conf.all.accept_dad": "0",
  "net.ipv6.conf.default.accept_dad": "0",
};

/** New namespaces start with forwarding off; every lab host routes, and L4 hashing spreads ECMP flows. */
const HOST_SYSCTLS: Record<string, string> = {
  "net.ipv4.ip_forward": "1",
  "net.ipv4.fib_multipath_hash_policy": "1",
  ...HASH_SEED,
  "net.ipv4.conf.all.rp_filter": "0",
  "net.ipv4.conf.default.rp_filter": "0",
  ...IPV6_SYSCTLS,
};

export function addNamespace(
  state: LabState,
  ns: string,
  sysctls: Record<string, string> = HOST_SYSCTLS,
): void {
  state.addNamespace(ns); // recorded first: a crash right after still gets cleaned up
  sh("ip", ["netns", "add", ns]);
  sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
  const kv = Object.entries(sysctls).map(([k, v]) => `${k}=${v}`);
  if (kv.length > 0) sh("ip", ["netns", "exec", ns, "sysctl", "-qw", ...kv]);
}

/**
 * A segment: a namespace holding one Linux bridge (no STP, so ports forward at once; no multicast snooping, so IPv6
 * neighbour discovery's solicited-node multicast reaches every port without waiting for MLD reports).
 */
export function addSegment(state: LabState, ns: string): void {
  addNamespace(state, ns, {});
  sh("ip", [
    "-n",
    ns,
    "link",
    "add",
    BRIDGE,
    "type",
    "bridge",
    "stp_state",
    "0",
    "forward_delay",
    "0",
    "mcast_snooping",
    "0",
  ]);
  sh("ip", ["-n", ns, "link", "set", BRIDGE, "up"]);
}

/** Cables a host into a segment: veth `port` on the bridge, `ifname` with `address` in the host. */
export function connect(hostNs: string, link: Link): void {
  sh("ip", [
    "-n",
    link.segment,
    "link",
    "add",
    link.port,
    "type",
    "veth",
    "peer",
    "name",
    link.ifname,
    "netns",
    hostNs,
  ]);
  sh("ip", ["-n", link.segment, "link", "set", link.port, "master", BRIDGE, "up"]);
  sh("ip", ["-n", hostNs, "addr", "add", link.address, "dev", link.ifname]);
  if (link.address6)
    sh("ip", ["-n", hostNs, "addr", "add", link.address6, "dev", link.ifname, "nodad"]);
  sh("ip", ["-n", hostNs, "link", "set", link.ifname, "up"]);
}

/** Silent link loss: the port leaves the bridge, both ends stay up and nobody is told. */
export function unplug(link: Link): void {
  sh("ip", ["-n", link.segment, "link", "set", link.port, "nomaster"]);
}

export function plug(link: Link): void {
  sh("ip", ["-n", link.segment, "link", "set", link.port, "master", BRIDGE]);
}
