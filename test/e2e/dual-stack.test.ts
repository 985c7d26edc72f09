// The e2e's dual-stack parts without a cluster (issue 19): the cluster's IPv6 Service range, MetalLB's one address
// of each family, and Calico's BIRD protocol names for IPv6 peers.
import assert from "node:assert/strict";
import { familyProblems, serviceCidrs } from "../../e2e/dual-stack";
import { birdProtocolFor } from "../../lab/observe";
import { withExtraZone } from "../../lab/zone-gen";
import { dualStack, planOf, stackConfig } from "../helpers/fixtures";

describe("e2e dual-stack", () => {
  it("gives a dual-stack stack's cluster an IPv6 Service range beside the IPv4 one, an IPv4-only one none", () => {
    assert.equal(serviceCidrs(planOf(dualStack()), "10.96.0.0/16"), "10.96.0.0/16,fd00:96::/112");
    assert.equal(serviceCidrs(planOf(stackConfig("lab")), "10.96.0.0/16"), "10.96.0.0/16");
  });

  it("fails when the stack's IPv6 ranges overlap the cluster's IPv6 Service range", () => {
    const raw = dualStack();
    raw.zones.az2.ipv6.podCidr = "fd00:96::/56";
    assert.throws(
      () => serviceCidrs(planOf(raw), "10.96.0.0/16"),
      /^Error: e2e: the stack's fd00:96::\/56 overlaps the e2e cluster's IPv6 Service range fd00:96::\/112 \(e2e\/dual-stack\.ts\); use another range in the stack$/,
    );
  });

  it("wants one address of each family for the dual-stack ingress Service, one IPv4 on an IPv4-only plan", () => {
    const plan = planOf(dualStack());
    const svc = "nginx-ingress/nginx-ingress-controller";
    assert.deepEqual(
      familyProblems(plan, [{ service: svc, ips: ["203.0.113.0", "2001:db8:113::"] }]),
      [],
    );
    assert.deepEqual(familyProblems(plan, [{ service: svc, ips: ["203.0.113.0"] }]), [
      `${svc} got [203.0.113.0] from MetalLB, want one IPv4 and one IPv6`,
    ]);
    assert.deepEqual(
      familyProblems(plan, [{ service: svc, ips: ["2001:db8:113::", "2001:db8:113::1"] }]),
      [`${svc} got [2001:db8:113::, 2001:db8:113::1] from MetalLB, want one IPv4 and one IPv6`],
    );
    assert.deepEqual(
      familyProblems(planOf(stackConfig("lab")), [{ service: svc, ips: ["203.0.113.0"] }]),
      [],
    );
  });

  it("names a node's BIRD protocol as Calico's templates do, for either family", () => {
    // calico v3.28 bird.cfg.template / bird6.cfg.template: `split $data.ip "."` / `":"`, joined by `_`.
    assert.equal(birdProtocolFor("10.11.0.2"), "Node_10_11_0_2");
    assert.equal(birdProtocolFor("fd00:11::2"), "Node_fd00_11__2");
  });

  it("adds a zone to a dual-stack stack (the add-zone step) with the next free IPv6 ranges, hosts at the same offsets", () => {
    const { raw, zone } = withExtraZone(dualStack());
    const z = (raw as Record<string, any>).zones[zone];
    assert.equal(zone, "az3");
    assert.deepEqual(z.ipv6, { nodeCidr: "fd00:12:0:1::/64", podCidr: "fd00:112:0:100::/56" });
    assert.deepEqual(z.switches.core2, {
      address: "10.12.1.3",
      ipv6Address: "fd00:12:0:1::3",
      dialect: "frr",
    });
    assert.deepEqual(z.ingressNodes["lab-az3-in2"], {
      address: "10.12.1.22",
      ipv6Address: "fd00:12:0:1::22",
    });
    assert.deepEqual((raw as Record<string, any>).lab.workers.az3, {
      "lab-az3-w1": { address: "10.12.1.31", ipv6Address: "fd00:12:0:1::31" },
    });
    const plan = planOf(raw);
    assert.equal(plan.sessions.filter((s) => s.family === "ipv6").length, 45);
    assert.equal(plan.sessions.length, 90);
  });
});
