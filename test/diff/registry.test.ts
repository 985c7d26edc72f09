// The datacenter registry: no two stacks share an AS, a routed range or a datacenter name.
import assert from "node:assert/strict";
import { registryProblems } from "../../model/verify/registry";
import { clone, dualStack, planOf, stackConfig } from "../helpers/fixtures";

describe("datacenter registry", () => {
  it("finds no collision between the committed stacks (prod and the lab)", () => {
    assert.deepEqual(
      registryProblems([
        { file: "Pulumi.prod.yaml", plan: planOf(stackConfig("prod")) },
        { file: "Pulumi.lab.yaml", plan: planOf(stackConfig("lab")) },
      ]),
      [],
    );
  });

  it("fails when two datacenters share a name, an AS, a node subnet, a pod CIDR or a LoadBalancer pool", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ams = clone(stackConfig("lab")) as Record<string, any>;
    ams.datacenter = "fra1";
    ams.zones.az1.asn = 65103; // prod az3's AS
    ams.zones.az2.podCidr = "10.244.64.0/20"; // inside prod az2's pods
    ams.loadBalancerPools.public.cidr = "198.51.100.32/28"; // inside prod's pool
    ams.zones.az1.nodeCidr = "10.3.0.0/24"; // prod az3's node subnet (and so its addresses)
    for (const [group, nodes] of [
      ["switches", ["core1", "core2"]],
      ["masters", ["lab-az1-m1", "lab-az1-m2"]],
      ["ingressNodes", ["lab-az1-in1", "lab-az1-in2"]],
    ] as const)
      for (const n of nodes)
        ams.zones.az1[group][n].address = ams.zones.az1[group][n].address.replace(
          "10.11.",
          "10.3.",
        );
    ams.lab.workers.az1["lab-az1-w1"].address = "10.3.0.31";
    assert.deepEqual(
      registryProblems([
        { file: "Pulumi.prod.yaml", plan: planOf(stackConfig("prod")) },
        { file: "Pulumi.ams1.yaml", plan: planOf(ams) },
      ]),
      [
        "Pulumi.prod.yaml: datacenter: datacenter name is already used by Pulumi.ams1.yaml: datacenter (got fra1); give each datacenter its own name (it names the Cluster component and the plan)",
        "Pulumi.prod.yaml: loadBalancerPools.public.cidr: overlaps Pulumi.ams1.yaml: loadBalancerPools.public.cidr (198.51.100.32/28) (got 198.51.100.0/26); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
        "Pulumi.prod.yaml: zones.az2.podCidr: overlaps Pulumi.ams1.yaml: zones.az2.podCidr (10.244.64.0/20) (got 10.244.64.0/18); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
        "Pulumi.prod.yaml: zones.az3.asn: AS number is already used by Pulumi.ams1.yaml: zones.az1.asn (got 65103); give every zone of every datacenter its own AS",
        "Pulumi.prod.yaml: zones.az3.nodeCidr: overlaps Pulumi.ams1.yaml: zones.az1.nodeCidr (10.3.0.0/24) (got 10.3.0.0/24); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
      ],
    );
  });

  it("lets two datacenters reuse a service CIDR: it is never announced", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const prod = clone(stackConfig("prod")) as Record<string, any>;
    prod.kubernetes.serviceCidr = "10.96.0.0/16"; // the lab's
    assert.deepEqual(
      registryProblems([
        { file: "Pulumi.prod.yaml", plan: planOf(prod) },
        { file: "Pulumi.lab.yaml", plan: planOf(stackConfig("lab")) },
      ]),
      [],
    );
  });
});

describe("datacenter registry, dual-stack", () => {
  it("fails when two datacenters share an IPv6 node subnet, pod CIDR or LoadBalancer pool, and only then", () => {
    // Another dual-stack datacenter: its own name, AS and IPv4 ranges; az2's IPv6 ranges its own, az1's and the
    // IPv6 pool ranges (public6's cidr, public's cidr6) the same as the fixture's.
    const text = JSON.stringify(dualStack())
      .replaceAll("10.11.", "10.21.")
      .replaceAll("10.12.", "10.22.")
      .replaceAll("10.111.", "10.121.")
      .replaceAll("10.112.", "10.122.")
      .replaceAll("203.0.113.0/28", "203.0.113.16/28")
      .replaceAll("fd00:12::", "fd00:22::")
      .replaceAll("fd00:112::", "fd00:122::")
      .replaceAll("6520", "6530");
    const ams = { ...JSON.parse(text), datacenter: "ams1" };
    assert.deepEqual(
      registryProblems([
        { file: "Pulumi.dualstack.yaml", plan: planOf(dualStack()) },
        { file: "Pulumi.ams1.yaml", plan: planOf(ams) },
      ]),
      [
        "Pulumi.dualstack.yaml: loadBalancerPools.public.cidr6: overlaps Pulumi.ams1.yaml: loadBalancerPools.public.cidr6 (2001:db8:114::/124) (got 2001:db8:114::/124); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
        "Pulumi.dualstack.yaml: loadBalancerPools.public6.cidr: overlaps Pulumi.ams1.yaml: loadBalancerPools.public6.cidr (2001:db8:113::/124) (got 2001:db8:113::/124); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
        "Pulumi.dualstack.yaml: zones.az1.ipv6.nodeCidr: overlaps Pulumi.ams1.yaml: zones.az1.ipv6.nodeCidr (fd00:11::/64) (got fd00:11::/64); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
        "Pulumi.dualstack.yaml: zones.az1.ipv6.podCidr: overlaps Pulumi.ams1.yaml: zones.az1.ipv6.podCidr (fd00:111::/56) (got fd00:111::/56); give every datacenter its own node subnets, pod CIDRs and LoadBalancer pools",
      ],
    );
    assert.deepEqual(
      registryProblems([
        { file: "Pulumi.dualstack.yaml", plan: planOf(dualStack()) },
        { file: "Pulumi.prod.yaml", plan: planOf(stackConfig("prod")) },
      ]),
      [],
    );
  });
});
