// The dual-stack lab's addressing (lab/topology.ts): every host of a dual-stack zone gets its plan ipv6Address on
// its link beside the IPv4 one, the transport an IPv6 ULA /64 with each host at its IPv4 offset; an IPv4-only plan
// gets no IPv6 at all.
import assert from "node:assert/strict";
import { topology } from "../lab/topology";
import { dualStack, planOf, stackConfig } from "./helpers/fixtures";

describe("lab topology, dual-stack addressing", () => {
  it("puts the plan's IPv6 addresses on the links and numbers the IPv6 transport by the IPv4 offsets", () => {
    const t = topology(planOf(dualStack()));
    assert.equal(t.transport6, "fd00:172:31:255::/64");
    assert.equal(t.clientAddress6, "fd00:172:31:255::1");
    assert.deepEqual(
      t.switches.map((s) => [
        s.ns,
        s.address6,
        s.nodeCidr6,
        s.transportAddress,
        s.transportAddress6,
        s.links.map((l) => l.address6),
      ]),
      [
        [
          "bf-az1-core1",
          "fd00:11::2",
          "fd00:11::/64",
          "172.31.255.10",
          "fd00:172:31:255::a",
          ["fd00:11::2/64", "fd00:172:31:255::a/64"],
        ],
        [
          "bf-az1-core2",
          "fd00:11::3",
          "fd00:11::/64",
          "172.31.255.11",
          "fd00:172:31:255::b",
          ["fd00:11::3/64", "fd00:172:31:255::b/64"],
        ],
        [
          "bf-az2-core1",
          "fd00:12::2",
          "fd00:12::/64",
          "172.31.255.12",
          "fd00:172:31:255::c",
          ["fd00:12::2/64", "fd00:172:31:255::c/64"],
        ],
        [
          "bf-az2-core2",
          "fd00:12::3",
          "fd00:12::/64",
          "172.31.255.13",
          "fd00:172:31:255::d",
          ["fd00:12::3/64", "fd00:172:31:255::d/64"],
        ],
      ],
    );
    assert.deepEqual(
      t.nodes.map((n) => [n.name, n.address6, n.gateway6, n.links[0].address6]),
      [
        ["lab-az1-m1", "fd00:11::11", "fd00:11::2", "fd00:11::11/64"],
        ["lab-az1-m2", "fd00:11::12", "fd00:11::2", "fd00:11::12/64"],
        ["lab-az1-in1", "fd00:11::21", "fd00:11::2", "fd00:11::21/64"],
        ["lab-az1-in2", "fd00:11::22", "fd00:11::2", "fd00:11::22/64"],
        ["lab-az1-w1", "fd00:11::31", "fd00:11::2", "fd00:11::31/64"],
        ["lab-az2-m1", "fd00:12::11", "fd00:12::2", "fd00:12::11/64"],
        ["lab-az2-m2", "fd00:12::12", "fd00:12::2", "fd00:12::12/64"],
        ["lab-az2-in1", "fd00:12::21", "fd00:12::2", "fd00:12::21/64"],
        ["lab-az2-in2", "fd00:12::22", "fd00:12::2", "fd00:12::22/64"],
        ["lab-az2-w1", "fd00:12::31", "fd00:12::2", "fd00:12::31/64"],
      ],
    );
  });

  it("gives an IPv4-only plan no IPv6 address, transport or gateway", () => {
    const t = topology(planOf(stackConfig("lab")));
    const json = JSON.stringify(t);
    assert.equal(t.transport, "172.31.255.0/24");
    assert.ok(!/address6|gateway6|transport6|nodeCidr6/.test(json), json);
  });

  it("picks an IPv6 transport the plan's IPv6 ranges leave free", () => {
    const raw = dualStack();
    raw.zones.az1.ipv6.podCidr = "fd00:172:31::/48";
    assert.equal(topology(planOf(raw)).transport6, "fd00:172:30:255::/64");
  });
});
