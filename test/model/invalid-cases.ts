// Invalid stack configs, each a small edit of the valid test config, with the exact problems it must report.
/* eslint-disable @typescript-eslint/no-explicit-any */

export const VALID = {
  datacenter: "dc1",
  kubernetes: { version: "1.36", serviceCidr: "10.96.0.0/16" },
  calico: { version: "3.32.1" },
  metallb: { version: "0.16.1" },
  ingress: { version: "2.6.4" },
  loadBalancerPools: { public: { cidr: "192.0.2.0/28" } },
  switchSshPrivateKey: { secure: "v1:abc" },
  zones: {
    z1: {
      asn: 65001,
      nodeCidr: "10.0.0.0/24",
      podCidr: "10.100.0.0/16",
      switches: { sw1: { address: "10.0.0.1", sshHost: "sw1.z1.example.net", dialect: "frr" } },
      masters: { m1: { address: "10.0.0.11" }, m2: { address: "10.0.0.12" } },
      ingressNodes: { in1: { address: "10.0.0.21" } },
    },
  },
};

export interface InvalidCase {
  name: string;
  edit: (c: any) => void;
  expected: string[];
}

const clone = (v: unknown): any => JSON.parse(JSON.stringify(v));

export const INVALID: InvalidCase[] = [
  {
    name: "a misspelt key, with every other problem (one unknown key hides nothing)",
    edit: (c) => {
      c.bgp = { keepaliveSecs: 10 };
      c.zones.z1.switches.sw1.sshPortt = 22;
      c.zones.z1.asn = 23456;
      c.zones.z1.masters.m2.address = "10.0.0.11";
    },
    expected: [
      "bgp.keepaliveSecs: is not a known setting (got 10); did you mean bgp.keepaliveSeconds? (or remove it)",
      "zones.z1.asn: is not a usable AS number (got 23456); use a private AS 64512-65534 (or a public AS up to 2147483647: Calico's v1 CRDs store AS numbers as int32)",
      "zones.z1.masters.m2.address: address is already used by zones.z1.masters.m1.address (got 10.0.0.11); give every switch and node its own address",
      "zones.z1.switches.sw1.sshPortt: is not a known setting (got 22); did you mean zones.z1.switches.sw1.sshPort? (or remove it)",
    ],
  },
  {
    name: "unknown top-level key",
    edit: (c) => {
      c.zone = {};
    },
    expected: ["zone: is not a known setting (got {}); did you mean zones? (or remove it)"],
  },
  {
    name: "misspelt zone key",
    edit: (c) => {
      c.zones.z1.nodecidr = c.zones.z1.nodeCidr;
      delete c.zones.z1.nodeCidr;
    },
    expected: [
      "zones.z1.nodeCidr: is required (got nothing); set it (see docs/config-reference.md)",
      "zones.z1.nodecidr: is not a known setting (got 10.0.0.0/24); did you mean zones.z1.nodeCidr? (or remove it)",
    ],
  },
  {
    name: "datacenter not a DNS label",
    edit: (c) => {
      c.datacenter = "DC_1";
    },
    expected: [
      "datacenter: datacenter name is not a DNS-1123 label (got DC_1); use lower-case letters, digits and '-', starting and ending with a letter or digit",
    ],
  },
  {
    name: "zone name not a DNS label",
    edit: (c) => {
      c.zones["Zone 1"] = c.zones.z1;
      delete c.zones.z1;
    },
    expected: [
      'zones["Zone 1"]: zone name is not a DNS-1123 label (got "Zone 1"); use lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    ],
  },
  {
    name: "asn as a string",
    edit: (c) => {
      c.zones.z1.asn = "65001";
    },
    expected: [
      'zones.z1.asn: AS number must be a number (got "65001"); write it without quotes, e.g. 65101',
    ],
  },
  {
    name: "asn reserved",
    edit: (c) => {
      c.zones.z1.asn = 65535;
    },
    expected: [
      "zones.z1.asn: is not a usable AS number (got 65535); use a private AS 64512-65534 (or a public AS up to 2147483647: Calico's v1 CRDs store AS numbers as int32)",
    ],
  },
  {
    name: "asn beyond int32",
    edit: (c) => {
      c.zones.z1.asn = 4200000000;
    },
    expected: [
      "zones.z1.asn: is not a usable AS number (got 4200000000); use a private AS 64512-65534 (or a public AS up to 2147483647: Calico's v1 CRDs store AS numbers as int32)",
    ],
  },
  {
    name: "duplicate asn",
    edit: (c) => {
      const z = (c.zones.z2 = clone(c.zones.z1));
      z.nodeCidr = "10.0.1.0/24";
      z.podCidr = "10.101.0.0/16";
      z.switches.sw1.address = "10.0.1.1";
      z.masters = { m3: { address: "10.0.1.11" }, m4: { address: "10.0.1.12" } };
      z.ingressNodes = {};
    },
    expected: [
      "zones.z2.asn: AS number is already used by zones.z1.asn (got 65001); give each zone its own AS",
    ],
  },
  {
    name: "nodeCidr with host bits",
    edit: (c) => {
      c.zones.z1.nodeCidr = "10.0.0.5/24";
    },
    expected: [
      "zones.z1.nodeCidr: has host bits set (got 10.0.0.5/24); use the network address 10.0.0.0/24",
    ],
  },
  {
    name: "nodeCidr IPv6",
    edit: (c) => {
      c.zones.z1.nodeCidr = "fd00::/64";
    },
    expected: [
      "zones.z1.nodeCidr: is IPv6 where an IPv4 prefix is needed (got fd00::/64); write it as a.b.c.d/len, e.g. 10.1.0.0/24 (a zone's IPv6 ranges go under zones.<zone>.ipv6)",
    ],
  },
  {
    name: "podCidr overlaps service",
    edit: (c) => {
      c.zones.z1.podCidr = "10.96.0.0/16";
    },
    expected: [
      "zones.z1.podCidr: overlaps kubernetes.serviceCidr (10.96.0.0/16) (got 10.96.0.0/16); give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
    ],
  },
  {
    name: "LB pool overlaps node subnet",
    edit: (c) => {
      c.loadBalancerPools.public.cidr = "10.0.0.240/28";
    },
    expected: [
      "loadBalancerPools.public.cidr: overlaps zones.z1.nodeCidr (10.0.0.0/24) (got 10.0.0.240/28); give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
    ],
  },
  {
    name: "address outside subnet",
    edit: (c) => {
      c.zones.z1.masters.m2.address = "10.0.9.12";
    },
    expected: [
      "zones.z1.masters.m2.address: is outside zones.z1.nodeCidr (10.0.0.0/24) (got 10.0.9.12); use an address of the zone's node subnet",
    ],
  },
  {
    name: "address is broadcast",
    edit: (c) => {
      c.zones.z1.ingressNodes.in1.address = "10.0.0.255";
    },
    expected: [
      "zones.z1.ingressNodes.in1.address: is the network or broadcast address of 10.0.0.0/24 (got 10.0.0.255); use a host address",
    ],
  },
  {
    name: "duplicate address",
    edit: (c) => {
      c.zones.z1.ingressNodes.in1.address = "10.0.0.11";
    },
    expected: [
      "zones.z1.ingressNodes.in1.address: address is already used by zones.z1.masters.m1.address (got 10.0.0.11); give every switch and node its own address",
    ],
  },
  {
    name: "three masters",
    edit: (c) => {
      c.zones.z1.masters.m3 = { address: "10.0.0.13" };
    },
    expected: [
      'zones.z1.masters: has 3 masters, the zone\'s route reflectors (got ["m1","m2","m3"]); list exactly two masters per zone',
    ],
  },
  {
    name: "unsupported dialect",
    edit: (c) => {
      c.zones.z1.switches.sw1.dialect = "junos";
    },
    expected: [
      "zones.z1.switches.sw1.dialect: is not a supported switch dialect (got junos); use frr, eos or nxos",
    ],
  },
  {
    name: "hostile sshHost",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "sw1;reboot";
    },
    expected: [
      "zones.z1.switches.sw1.sshHost: sshHost is not a DNS name or a canonical IPv4 address (got sw1;reboot); use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
    ],
  },
  {
    name: "sshHost with leading dash",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "-oProxyCommand=x";
    },
    expected: [
      "zones.z1.switches.sw1.sshHost: sshHost is not a DNS name or a canonical IPv4 address (got -oProxyCommand=x); use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
    ],
  },
  // Addresses a core switch cannot have: each connects elsewhere (this machine, the metadata service) or nowhere.
  ...(
    [
      ["localhost", "is a name for this machine (localhost)"],
      ["LocalHost", "is a name for this machine (localhost)"],
      ["sw1.localhost", "is a name for this machine (localhost)"],
      ["127.0.0.1", "is a loopback address, which connects to this machine"],
      ["127.1.2.3", "is a loopback address, which connects to this machine"],
      ["0.0.0.0", "is an unspecified (this-network) address, which connects to this machine"],
      [
        "169.254.169.254",
        "is a link-local address (169.254.169.254 is the cloud metadata service)",
      ],
      ["224.0.0.5", "is a multicast address"],
      ["255.255.255.255", "is a reserved or the broadcast address"],
    ] as const
  ).map(([host, why]): InvalidCase => ({
    name: `sshHost ${host}: not a switch`,
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = host;
    },
    expected: [
      `zones.z1.switches.sw1.sshHost: ${why}, not a core switch (got ${host}); use the switch's management address or DNS name`,
    ],
  })),
  {
    name: "sshHost the node subnet's network or broadcast address, with every other problem",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "10.0.0.255";
      c.zones.z1.asn = 23456;
    },
    expected: [
      "zones.z1.asn: is not a usable AS number (got 23456); use a private AS 64512-65534 (or a public AS up to 2147483647: Calico's v1 CRDs store AS numbers as int32)",
      "zones.z1.switches.sw1.sshHost: is the network or broadcast address of 10.0.0.0/24, not a switch (got 10.0.0.255); use the switch's management address or DNS name",
    ],
  },
  {
    name: "sshHost with leading zeros (octal to resolvers)",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "010.001.000.002";
    },
    expected: [
      "zones.z1.switches.sw1.sshHost: sshHost is not a DNS name or a canonical IPv4 address (got 010.001.000.002); use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
    ],
  },
  {
    name: "sshHost with a hexadecimal octet",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "0x0a.1.0.2";
    },
    expected: [
      "zones.z1.switches.sw1.sshHost: sshHost is not a DNS name or a canonical IPv4 address (got 0x0a.1.0.2); use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
    ],
  },
  {
    name: "sshHost as a single integer",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "65101";
    },
    expected: [
      'zones.z1.switches.sw1.sshHost: sshHost is not a DNS name or a canonical IPv4 address (got "65101"); use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)',
    ],
  },
  {
    name: "sshHost with a numeric top-level label",
    edit: (c) => {
      c.zones.z1.switches.sw1.sshHost = "core1.az1.65101";
    },
    expected: [
      "zones.z1.switches.sw1.sshHost: sshHost is not a DNS name or a canonical IPv4 address (got core1.az1.65101); use e.g. core1.az1.example.net or 10.1.0.1 (no leading zeros, hexadecimal or integer forms)",
    ],
  },
  {
    name: "a BGP password in plain text in the stack file (never echoed)",
    edit: (c) => {
      c.bgpPasswords = { z1: "Plain-Text.Pw1" };
    },
    expected: [
      "bgpPasswords.z1: is in plain text in the stack file (got <secret>); set it with `pulumi config set --secret` (and change it: the stack file exposed it)",
    ],
  },
  {
    name: "the SSH key in plain text in the stack file (never echoed)",
    edit: (c) => {
      c.switchSshPrivateKey =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nplain\n-----END OPENSSH PRIVATE KEY-----\n";
    },
    expected: [
      "switchSshPrivateKey: is in plain text in the stack file (got <secret>); set it with `pulumi config set --secret` (and change it: the stack file exposed it)",
    ],
  },
  {
    name: "a secret marker with an extra key (its value never echoed)",
    edit: (c) => {
      c.bgpPasswords = { z1: { secure: "v1:abc", plain: "Plain-Text.Pw1" } };
    },
    expected: [
      "bgpPasswords.z1.plain: is not a known setting (got <secret>); remove it or fix its spelling; known here: secure",
    ],
  },
  {
    name: "a master named constructor",
    edit: (c) => {
      c.zones.z1.masters.constructor = c.zones.z1.masters.m2;
      delete c.zones.z1.masters.m2;
    },
    expected: [
      "zones.z1.masters.constructor: is a reserved name (got constructor); rename it (__proto__, constructor and prototype are JavaScript object properties)",
    ],
  },
  {
    name: "a zone named prototype",
    edit: (c) => {
      c.zones.prototype = c.zones.z1;
      delete c.zones.z1;
    },
    expected: [
      "zones.prototype: is a reserved name (got prototype); rename it (__proto__, constructor and prototype are JavaScript object properties)",
    ],
  },
  {
    name: "node name with newline",
    edit: (c) => {
      c.zones.z1.masters["m1\nno router bgp"] = c.zones.z1.masters.m1;
      delete c.zones.z1.masters.m1;
    },
    expected: [
      "zones.z1.masters[\"m1\\nno router bgp\"]: node name is not a DNS-1123 subdomain (got \"m1\\nno router bgp\"); use the Kubernetes node name (lower-case letters, digits, '-' and '.')",
    ],
  },
  {
    name: "keepalive above a third of hold",
    edit: (c) => {
      c.bgp = { keepaliveSeconds: 5, holdSeconds: 9 };
    },
    expected: [
      "bgp.keepaliveSeconds: is not between 1 and a third of the hold time (9 s) (got 5); use at most 3",
    ],
  },
  {
    name: "an unknown outbound policy toward the nodes",
    edit: (c) => {
      c.bgp = { nodesReceive: "everything" };
    },
    expected: [
      "bgp.nodesReceive: is not an outbound policy toward the nodes (got everything); use default-only (the upstream default route), pods-and-pools (the other zones' pod CIDRs and the pools) or all",
    ],
  },
  {
    name: "an updateSource on an frr switch",
    edit: (c) => {
      c.zones.z1.switches.sw1.updateSource = "lo";
    },
    expected: [
      "zones.z1.switches.sw1.updateSource: is not used by the frr dialect (its sessions leave from the switch address) (got lo); remove updateSource; FRR renders update-source <address>",
    ],
  },
  {
    name: "an EOS updateSource that is not an interface name (or smuggles a second command)",
    edit: (c) => {
      c.zones.z1.switches.sw1.dialect = "eos";
      c.zones.z1.switches.sw1.updateSource = "Vlan100\nno router bgp 65001";
    },
    expected: [
      'zones.z1.switches.sw1.updateSource: is not a eos interface name in running-config form (got "Vlan100\\nno router bgp 65001"); use Loopback<n>, Vlan<n>, Ethernet<n>[/<n>[/<n>]][.<n>] or Port-Channel<n>[.<n>], e.g. Vlan100',
    ],
  },
  {
    name: "an NX-OS updateSource in EOS spelling",
    edit: (c) => {
      c.zones.z1.switches.sw1.dialect = "nxos";
      c.zones.z1.switches.sw1.updateSource = "Loopback0";
    },
    expected: [
      "zones.z1.switches.sw1.updateSource: is not a nxos interface name in running-config form (got Loopback0); use loopback<n>, Vlan<n>, Ethernet<n>/<n>[/<n>][.<n>] or port-channel<n>[.<n>], e.g. Vlan100",
    ],
  },
  {
    name: "a maximum-prefix warning above 100 percent and a restart of zero minutes",
    edit: (c) => {
      c.bgp = { maximumPrefix: { warningPercent: 101, restartMinutes: 0 } };
    },
    expected: [
      "bgp.maximumPrefix.restartMinutes: is outside 1-65535 (got 0); use e.g. 5",
      "bgp.maximumPrefix.warningPercent: is outside 1-100 (got 101); use e.g. 75",
    ],
  },
  {
    name: "a maximum-prefix of zero",
    edit: (c) => {
      c.bgp = { maximumPrefix: { ingress: 0 } };
    },
    expected: ["bgp.maximumPrefix.ingress: is outside 1-4294967295 (got 0); use e.g. 2000"],
  },
  {
    name: "a health-check wait shorter than a connect retry or two",
    edit: (c) => {
      c.bgp = { healthCheckSeconds: 5 };
    },
    expected: [
      "bgp.healthCheckSeconds: is neither 0 nor within 10-1800 (got 5); use e.g. 120 (0 applies switch changes without waiting for their sessions)",
    ],
  },
  {
    name: "a switch drain longer than five minutes",
    edit: (c) => {
      c.bgp = { switchDrainSeconds: 600 };
    },
    expected: [
      "bgp.switchDrainSeconds: is outside 0-300 (got 600); use e.g. 3 (0 changes a password without draining the switch first)",
    ],
  },
  {
    name: "calico too old",
    edit: (c) => {
      c.calico.version = "3.26.4";
    },
    expected: [
      "calico.version: is older than 3.27.3: route reflectors do not pass on LoadBalancer /32s they host no endpoint for (calico #8358) (got 3.26.4); upgrade Calico to 3.27.3 or later",
    ],
  },
  {
    name: "kubernetes too old for admission policy",
    edit: (c) => {
      c.kubernetes.version = "1.31";
    },
    expected: [
      'kubernetes.version: is older than 1.34, which has no MutatingAdmissionPolicy to give joining workers their zone AS (got "1.31"); upgrade Kubernetes, or set kubernetes.asAssignment: external and annotate nodes with projectcalico.org/ASNumber at provisioning',
    ],
  },
  {
    name: "missing ssh key",
    edit: (c) => {
      delete c.switchSshPrivateKey;
    },
    expected: [
      "switchSshPrivateKey: is required to configure the core switches (got nothing); set it with `pulumi config set --secret bgp-fabric:switchSshPrivateKey < ~/.ssh/bgp-fabric`",
    ],
  },
  {
    name: "per-switch passwords naming a switch the zone does not have",
    edit: (c) => {
      c.bgpPasswords = { z1: { sw1: { secure: "v1:x" }, core9: { secure: "v1:y" } } };
    },
    expected: ["bgpPasswords.z1.core9: names no switch of zone z1 (got core9); use one of: sw1"],
  },
  {
    name: "per-switch passwords leaving a switch of the zone without one",
    edit: (c) => {
      c.zones.z1.switches.sw2 = { address: "10.0.0.2", dialect: "frr" };
      c.bgpPasswords = { z1: { sw2: { secure: "v1:y" } } };
    },
    expected: [
      "bgpPasswords.z1.sw1: is missing: zone z1 sets one password per switch (got nothing); set one for every switch of the zone (sw1, sw2), or one for the whole zone at bgpPasswords.z1",
    ],
  },
  {
    name: "a per-switch BGP password in plain text in the stack file (never echoed)",
    edit: (c) => {
      c.bgpPasswords = { z1: { sw1: "Plain-Text.Pw1" } };
    },
    expected: [
      "bgpPasswords.z1.sw1: is in plain text in the stack file (got <secret>); set it with `pulumi config set --secret` (and change it: the stack file exposed it)",
    ],
  },
  {
    name: "a per-switch secret marker with an extra key (its value never echoed)",
    edit: (c) => {
      c.bgpPasswords = { z1: { sw1: { secure: "v1:abc", plain: "Plain-Text.Pw1" } } };
    },
    expected: [
      "bgpPasswords.z1.sw1.plain: is not a known setting (got <secret>); remove it or fix its spelling; known here: secure",
    ],
  },
  {
    name: "a zone's password that is neither a secret nor a map of switch to secret",
    edit: (c) => {
      c.bgpPasswords = { z1: 42 };
    },
    expected: [
      "bgpPasswords.z1: must be a secret (got <secret>); set it with `pulumi config set --secret`",
    ],
  },
  {
    name: "password for unknown zone",
    edit: (c) => {
      c.bgpPasswords = { z9: { secure: "v1:x" } };
    },
    expected: ["bgpPasswords.z9: names no zone (got z9); use one of: z1"],
  },
  {
    name: "loadBalancerIP outside pools",
    edit: (c) => {
      c.ingress.loadBalancerIP = "192.0.2.100";
    },
    expected: [
      "ingress.loadBalancerIP: is in no LoadBalancer pool (got 192.0.2.100); pick an address from loadBalancerPools, or leave it unset so MetalLB allocates one",
    ],
  },
  {
    name: "block size smaller than pod prefix",
    edit: (c) => {
      c.zones.z1.podCidr = "10.100.0.0/27";
    },
    expected: [
      "zones.z1.podBlockSize: is outside 20-32 or shorter than the pod CIDR's prefix (/27) (got 26); use 26 (Calico's default) unless you know why not",
    ],
  },
  {
    name: "duplicate node name across zones",
    edit: (c) => {
      const z = (c.zones.z2 = clone(c.zones.z1));
      z.asn = 65002;
      z.nodeCidr = "10.0.1.0/24";
      z.podCidr = "10.101.0.0/16";
      z.switches.sw1.address = "10.0.1.1";
      z.masters = { m1: { address: "10.0.1.11" }, m4: { address: "10.0.1.12" } };
      z.ingressNodes = {};
    },
    expected: [
      "zones.z2.masters.m1: node name is already used by zones.z1.masters.m1 (got m1); Kubernetes node names are unique across the cluster",
    ],
  },
  {
    name: "missing required fields",
    edit: (c) => {
      delete c.zones.z1.asn;
      delete c.kubernetes;
    },
    expected: [
      "kubernetes: is required (got nothing); set it (see docs/config-reference.md)",
      "zones.z1.asn: is required (got nothing); set it (see docs/config-reference.md)",
    ],
  },
  {
    name: "unknown ingress mode",
    edit: (c) => {
      c.ingress.mode = "anycast";
    },
    expected: [
      "ingress.mode: is not an ingress advertisement mode (got anycast); use direct (ingress nodes peer with the core switches) or reflector (ADD-PATH through the route reflectors)",
    ],
  },
  {
    name: "zone overlaps another zone",
    edit: (c) => {
      const z = (c.zones.z2 = clone(c.zones.z1));
      z.asn = 65002;
      z.nodeCidr = "10.0.0.0/23";
      z.podCidr = "10.101.0.0/16";
      z.switches.sw1.address = "10.0.1.1";
      z.masters = { m3: { address: "10.0.1.11" }, m4: { address: "10.0.1.12" } };
      z.ingressNodes = {};
    },
    expected: [
      "zones.z2.nodeCidr: overlaps zones.z1.nodeCidr (10.0.0.0/24) (got 10.0.0.0/23); give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
    ],
  },
  {
    name: "unicode look-alike in zone name",
    edit: (c) => {
      c.zones["z\u0031\u0430"] = c.zones.z1;
      delete c.zones.z1;
    },
    expected: [
      'zones["z1\\u0430"]: zone name is not a DNS-1123 label (got "z1\\u0430"); use lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    ],
  },
  {
    name: "rollout order naming an unknown zone, and a zone twice",
    edit: (c) => {
      c.rolloutOrder = ["z1", "az9", "z1"];
    },
    expected: [
      "rolloutOrder.1: names no zone (got az9); use one of: z1",
      "rolloutOrder.2: repeats rolloutOrder.0 (got z1); list each zone once",
    ],
  },
  {
    name: "rollout order with a parallel rollout",
    edit: (c) => {
      c.rollout = "parallel";
      c.rolloutOrder = ["z1"];
    },
    expected: [
      'rolloutOrder: orders a rollout that is parallel (got ["z1"]); remove rolloutOrder, or set rollout: zone-by-zone',
    ],
  },
  {
    name: "unknown rollout mode",
    edit: (c) => {
      c.rollout = "canary";
    },
    expected: [
      "rollout: is not a rollout mode (got canary); use zone-by-zone (a zone waits for the previous zone's health-checked switch changes) or parallel",
    ],
  },
];
