// Dual-stack config (issue 19): the IPv6 settings of test/fixtures/Pulumi.dualstack.yaml reach the spec in canonical
// form, and every rule between them refuses a bad value with one line naming the path, the value and the fix.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ConfigError } from "../../model/core/errors";
import { parseSpec } from "../../model/spec/spec";
import { readStackFile } from "../../model/spec/stack-file";
import { clone, dualStack, ROOT } from "../helpers/fixtures";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problems(edit: (raw: Json) => void): string[] {
  const raw = clone(dualStack());
  edit(raw);
  try {
    parseSpec(raw, { requireSecrets: false });
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.problems;
  }
  assert.fail("accepted");
}

describe("dual-stack config", () => {
  it("carries each zone's IPv6 ranges and every switch's and node's IPv6 address into the spec", () => {
    const { spec } = parseSpec(dualStack(), { requireSecrets: false });
    const az1 = spec.zones.find((z) => z.name === "az1")!;
    assert.deepEqual(az1.ipv6, {
      nodeCidr: "fd00:11::/64",
      podCidr: "fd00:111::/56",
      podBlockSize: 122,
    });
    assert.deepEqual(
      [...az1.switches, ...az1.masters, ...az1.ingressNodes, ...az1.workers].map(
        (n) => `${n.name} ${n.address} ${n.ipv6Address}`,
      ),
      [
        "core1 10.11.0.2 fd00:11::2",
        "core2 10.11.0.3 fd00:11::3",
        "lab-az1-m1 10.11.0.11 fd00:11::11",
        "lab-az1-m2 10.11.0.12 fd00:11::12",
        "lab-az1-in1 10.11.0.21 fd00:11::21",
        "lab-az1-in2 10.11.0.22 fd00:11::22",
        "lab-az1-w1 10.11.0.31 fd00:11::31",
      ],
    );
    assert.deepEqual(
      spec.loadBalancerPools.map((p) => p.cidr),
      ["203.0.113.0/28", "2001:db8:113::/124"],
    );
  });

  it("an IPv4-only zone's spec has no IPv6 field at all", () => {
    const { spec } = parseSpec(readStackFile(join(ROOT, "Pulumi.lab.yaml")), {
      requireSecrets: false,
    });
    for (const z of spec.zones) {
      assert.equal("ipv6" in z, false);
      for (const n of [...z.switches, ...z.masters, ...z.ingressNodes, ...z.workers])
        assert.equal("ipv6Address" in n, false);
    }
  });

  const cases: [string, (raw: Json) => void, string[]][] = [
    [
      "an address is not in the canonical form",
      (r) => (r.zones.az1.ingressNodes["lab-az1-in1"].ipv6Address = "FD00:11:0:0:0:0:0:21"),
      [
        "zones.az1.ingressNodes.lab-az1-in1.ipv6Address: is not in the canonical IPv6 form (RFC 5952) (got FD00:11:0:0:0:0:0:21); write fd00:11::21",
      ],
    ],
    [
      "a prefix is not in the canonical form",
      (r) => (r.zones.az1.ipv6.nodeCidr = "fd00:0011::/64"),
      [
        "zones.az1.ipv6.nodeCidr: is not in the canonical IPv6 form (RFC 5952) (got fd00:0011::/64); write fd00:11::/64",
      ],
    ],
    [
      "a node address is link-local",
      (r) => (r.zones.az1.masters["lab-az1-m2"].ipv6Address = "fe80::12"),
      [
        "zones.az1.masters.lab-az1-m2.ipv6Address: is link-local (fe80::/10): it does not route, and every interface has its own (got fe80::12); use a global unicast or unique local (fd00::/8) address",
      ],
    ],
    [
      "a node subnet is multicast",
      (r) => (r.zones.az2.ipv6.nodeCidr = "ff02::/64"),
      [
        "zones.az2.ipv6.nodeCidr: is multicast (ff00::/8) (got ff02::/64); use a global unicast or unique local (fd00::/8) prefix",
      ],
    ],
    [
      "a switch address is unspecified or loopback",
      (r) => {
        r.zones.az1.switches.core1.ipv6Address = "::";
        r.zones.az1.switches.core2.ipv6Address = "::1";
      },
      [
        "zones.az1.switches.core1.ipv6Address: is the unspecified address (got ::); use a global unicast or unique local (fd00::/8) address",
        "zones.az1.switches.core2.ipv6Address: is the loopback address (got ::1); use a global unicast or unique local (fd00::/8) address",
      ],
    ],
    [
      "an IPv6 range embeds IPv4",
      (r) => (r.zones.az1.ipv6.podCidr = "::ffff:0:0/96"),
      [
        "zones.az1.ipv6.podCidr: is an IPv4-mapped address (it is IPv4, not IPv6) (got ::ffff:0:0/96); use a global unicast or unique local (fd00::/8) prefix",
      ],
    ],
    [
      "a node address is outside the zone's IPv6 node subnet, or its subnet-router anycast address",
      (r) => {
        r.zones.az1.masters["lab-az1-m1"].ipv6Address = "fd00:99::11";
        r.zones.az1.switches.core1.ipv6Address = "fd00:11::";
      },
      [
        "zones.az1.masters.lab-az1-m1.ipv6Address: is outside zones.az1.ipv6.nodeCidr (fd00:11::/64) (got fd00:99::11); use an address of the zone's IPv6 node subnet",
        "zones.az1.switches.core1.ipv6Address: is the subnet-router anycast address of fd00:11::/64 (got fd00:11::); use a host address, e.g. fd00:11::1 or above",
      ],
    ],
    [
      "a dual-stack zone's node has no IPv6 address",
      (r) => delete r.zones.az1.ingressNodes["lab-az1-in2"].ipv6Address,
      [
        "zones.az1.ingressNodes.lab-az1-in2.ipv6Address: is missing: the zone is dual-stack (zones.az1.ipv6) (got nothing); give it its address in zones.az1.ipv6.nodeCidr: every switch, master and ingress node peers over IPv6 too",
      ],
    ],
    [
      "two switches or nodes share an IPv6 address",
      (r) => (r.zones.az1.masters["lab-az1-m2"].ipv6Address = "fd00:11::11"),
      [
        "zones.az1.masters.lab-az1-m2.ipv6Address: address is already used by zones.az1.masters.lab-az1-m1.ipv6Address (got fd00:11::11); give every switch and node its own address",
      ],
    ],
    [
      "IPv6 ranges overlap (node subnet, pod CIDR, pool)",
      (r) => {
        r.zones.az2.ipv6.podCidr = "fd00:111::/56";
        r.loadBalancerPools.public6.cidr = "fd00:12::/120";
      },
      [
        "loadBalancerPools.public6.cidr: overlaps zones.az2.ipv6.nodeCidr (fd00:12::/64) (got fd00:12::/120); give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
        "zones.az2.ipv6.podCidr: overlaps zones.az1.ipv6.podCidr (fd00:111::/56) (got fd00:111::/56); give every subnet, pod CIDR, service CIDR and LoadBalancer pool its own range",
      ],
    ],
    [
      "the IPv6 block size is outside Calico's range or shorter than the pod CIDR",
      (r) => {
        r.zones.az1.ipv6.podBlockSize = 26;
        r.zones.az2.ipv6.podCidr = "fd00:112::/120";
        r.zones.az2.ipv6.podBlockSize = 118;
      },
      [
        "zones.az1.ipv6.podBlockSize: is outside 116-128 or shorter than the IPv6 pod CIDR's prefix (/56) (got 26); use 122 (Calico's default) unless you know why not",
        "zones.az2.ipv6.podBlockSize: is outside 116-128 or shorter than the IPv6 pod CIDR's prefix (/120) (got 118); use 122 (Calico's default) unless you know why not",
      ],
    ],
    [
      "an IPv6 pool is multicast, too large or not a prefix the switches accept",
      (r) => {
        r.loadBalancerPools.public6.cidr = "ff05::/120";
        r.loadBalancerPools.wide = { cidr: "2001:db8:200::/56", autoAssign: false };
        r.loadBalancerPools.hosts = { cidr: "2001:db8:300::1/120", autoAssign: false };
      },
      [
        "loadBalancerPools.hosts.cidr: has host bits set (got 2001:db8:300::1/120); use the network address 2001:db8:300::/120",
        "loadBalancerPools.public6.cidr: is multicast (ff00::/8) (got ff05::/120); use a global unicast prefix (or unique local for internal services)",
        "loadBalancerPools.wide.cidr: has a /56 prefix (got 2001:db8:200::/56); use a prefix from /64 to /128",
      ],
    ],
    [
      "an IPv6 pool where a zone has no IPv6 node subnet, and IPv6 addresses in that zone",
      (r) => {
        delete r.zones.az2.ipv6;
        for (const group of ["switches", "masters", "ingressNodes"])
          for (const n of Object.values(r.zones.az2[group]) as Json[]) delete n.ipv6Address;
        r.zones.az2.switches.core1.ipv6Address = "fd00:12::2";
        delete r.lab.workers.az2["lab-az2-w1"].ipv6Address;
      },
      [
        "loadBalancerPools.public6.cidr: is IPv6, but zone az2 has no IPv6 node subnet to announce it from (got 2001:db8:113::/124); add zones.az2.ipv6 (every zone's ingress nodes announce every pool), or use an IPv4 pool",
        "zones.az2.switches.core1.ipv6Address: is set, but the zone has no IPv6 node subnet (zones.az2.ipv6) (got fd00:12::2); add zones.az2.ipv6 (nodeCidr, podCidr) to make the zone dual-stack, or remove it",
      ],
    ],
    [
      "an IPv6 value is given where IPv4 is needed",
      (r) => (r.zones.az1.masters["lab-az1-m1"].address = "fd00:11::11"),
      [
        "zones.az1.masters.lab-az1-m1.address: is IPv6 where an IPv4 address is needed (got fd00:11::11); write it as a.b.c.d, e.g. 10.1.0.11 (a node's or switch's IPv6 address goes in ipv6Address)",
      ],
    ],
    [
      "a dual-stack ingress Service is given one address, which MetalLB would refuse",
      (r) => (r.ingress.loadBalancerIP = "203.0.113.5"),
      [
        "ingress.loadBalancerIP: is one address, but with IPv6 pools the ingress Service is dual-stack and MetalLB refuses a requested address that does not match both its families (got 203.0.113.5); leave it unset so MetalLB allocates one address of each family, or use IPv4 pools only",
      ],
    ],
    [
      "a family of the dual-stack ingress Service has no auto-assign pool",
      (r) => {
        delete r.loadBalancerPools.public;
        r.loadBalancerPools.public6.autoAssign = false;
      },
      [
        "loadBalancerPools: has no auto-assign IPv4 pool, and with IPv6 pools the ingress Service needs an address of each family (got none); add an IPv4 pool (autoAssign: true) for the ingress Service, or use IPv4 pools only",
        "loadBalancerPools: has no auto-assign IPv6 pool, and with IPv6 pools the ingress Service needs an address of each family (got public6); add an IPv6 pool (autoAssign: true) for the ingress Service, or use IPv4 pools only",
      ],
    ],
    [
      "a family has two auto-assign pools, of which MetalLB could join only one to the other family's",
      (r) => (r.loadBalancerPools.more6 = { cidr: "2001:db8:114::/124" }),
      [
        'loadBalancerPools: has 2 auto-assign IPv6 pools, and with IPv6 pools MetalLB gives the dual-stack ingress Service both addresses from one pool, which the plan makes of the one auto-assign pool of each family (got "more6, public6"); set autoAssign: false on all but one of them',
      ],
    ],
  ];
  for (const [name, edit, expected] of cases)
    it(`refuses the config when ${name}`, () => assert.deepEqual(problems(edit), expected));
});
