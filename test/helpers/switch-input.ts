// The switch-side input every dialect test renders: two iBGP peer groups with TCP-MD5, two prefix lists (the pools,
// the node next hops), two route maps.
export const negotiates = { addressFamilies: ["ipv4-unicast" as const], addPathReceive: true };
export const groups = [
  {
    name: "K8S-RR",
    role: "reflectors" as const,
    description: "bgp-fabric z1 route reflectors",
    remoteAs: 65001,
    updateSource: "10.0.0.1",
    keepaliveSeconds: 3,
    holdSeconds: 9,
    connectRetrySeconds: 5,
    gracefulRestart: true,
    nextHopSelf: true,
    passwordRef: "bgpPasswords.z1",
    negotiates,
    routeMapIn: "bgp-fabric-z1-rr-in",
    routeMapOut: "bgp-fabric-z1-rr-out",
    maximumPrefix: { limit: 20000, warningPercent: 75, restartMinutes: 5 },
  },
  {
    name: "K8S-INGRESS",
    role: "ingress" as const,
    description: "bgp-fabric z1 ingress nodes",
    remoteAs: 65001,
    updateSource: "10.0.0.1",
    keepaliveSeconds: 3,
    holdSeconds: 9,
    connectRetrySeconds: 5,
    gracefulRestart: false,
    nextHopSelf: true,
    passwordRef: "bgpPasswords.z1",
    negotiates,
    routeMapIn: "bgp-fabric-z1-ingress-in",
    routeMapOut: "bgp-fabric-z1-ingress-out",
    maximumPrefix: { limit: 2000, warningPercent: 90, restartMinutes: 5 },
  },
];
export const prefixLists = [
  {
    name: "bgp-fabric-z1-pools",
    description: "bgp-fabric z1 loadbalancer pools",
    entries: [{ seq: 5, action: "permit" as const, prefix: "192.0.2.0/28", ge: 32 }],
  },
  {
    name: "bgp-fabric-z1-next-hops",
    description: "bgp-fabric z1 node next hops",
    entries: [{ seq: 5, action: "permit" as const, prefix: "10.0.0.0/24", le: 32 }],
  },
];
export const routeMaps = [
  {
    name: "bgp-fabric-z1-ingress-in",
    entries: [
      {
        seq: 10,
        action: "permit" as const,
        description: "bgp-fabric z1 from ingress nodes",
        matchPrefixList: "bgp-fabric-z1-pools",
        matchNextHopPrefixList: "bgp-fabric-z1-next-hops",
        localPreference: 100,
        metric: 0,
        origin: "igp" as const,
      },
    ],
  },
  {
    name: "bgp-fabric-z1-ingress-out",
    entries: [{ seq: 10, action: "deny" as const, description: "bgp-fabric z1 to ingress nodes" }],
  },
];

/** The base command's input of switch z1/sw1 (AS 65001), as every dialect test renders it. */
export const baseInput = {
  label: "z1/sw1",
  changeId: "z1-sw1-bgp-base",
  asn: 65001,
  maximumPaths: 16,
  prefixLists,
  routeMaps,
  peerGroups: groups,
};
