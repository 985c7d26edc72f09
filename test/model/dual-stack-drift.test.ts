// Drift of a dual-stack FRR switch (issue 19): the parser reads the IPv6 lines back (ipv6 prefix lists, the IPv6
// groups and members, `no neighbor ... activate` under ipv4 unicast, the ipv6 unicast family with its
// maximum-paths) and the comparison with the plan sees them. The running config is the real FRR 8.4 capture of the
// lab's az1/core1 (test/fixtures/frr-live) with the IPv6 lines added where FRR prints them: a model of FRR's
// format, not a capture (the dual-stack lab run is issue 19's next part). Beside it, a real capture:
// az1-core1-dualstack.running-config.txt is `show running-config` of FRR 8.4.4's bgpd (Debian 12 package, alone in a
// network namespace, no zebra) after this plan's az1/core1 base and base-v6 create scripts ran against it and the
// eight neighbors were added with the lines their create sends (2026-12-07): FRR's own print of every IPv6 line;
// az1-core1-dualstack-no-default-ipv4.running-config.txt the same on a switch set to `no bgp default ipv4-unicast`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { SwitchPlan } from "../../model/core/types";
import { prefixListLines, routeMapLines } from "../../model/plan/dialects/frr";
import { parseFrrRunningConfig } from "../../model/plan/dialects/frr-parse";
import { buildPlan } from "../../model/plan/plan";
import { parseSpec } from "../../model/spec/spec";
import { switchDrift } from "../../model/verify/drift";
import { clone, dualStack } from "../helpers/fixtures";

const CONFIG = readFileSync(
  join(resolve(__dirname, "../fixtures/frr-live"), "az1-core1.running-config.txt"),
  "utf8",
);
const raw = clone(dualStack());
const sw = buildPlan(parseSpec(raw, { requireSecrets: false }).spec).switches.find(
  (s) => s.zone === "az1" && s.name === "core1",
) as SwitchPlan;
const v6groups = sw.peerGroups.filter((g) => g.family === "ipv6");
/** `show bgp summary json` read back: every planned session Established (both families). */
const UP = Object.fromEntries(sw.neighbors.map((n) => [n.address, "Established"]));

/** The capture with the IPv6 lines FRR prints for the plan's IPv6 groups, members and policy. */
function dualStackConfig(edit: (lines: Record<string, string[]>) => void = () => {}): string {
  const parts: Record<string, string[]> = {
    groups: v6groups.flatMap((g) => [
      ` neighbor ${g.name} peer-group`,
      ` neighbor ${g.name} remote-as internal`,
      ` neighbor ${g.name} description ${g.description}${g.name === "K8S-RR6" ? " restore-ipv6-maximum-paths-ibgp none" : ""}`,
      ` neighbor ${g.name} update-source ${g.updateSource}`,
      ` neighbor ${g.name} timers 3 9`,
      ` neighbor ${g.name} timers connect 5`,
    ]),
    members: sw.neighbors
      .filter((n) => n.address.includes(":"))
      .flatMap((n) => [
        ` neighbor ${n.address} peer-group ${n.peerGroup}`,
        ` neighbor ${n.address} description ${n.description}`,
        ` neighbor ${n.address} graceful-restart-disable`,
      ]),
    v4af: v6groups.map((g) => `  no neighbor ${g.name} activate`),
    v6af: [
      " !",
      " address-family ipv6 unicast",
      "  maximum-paths ibgp 16",
      ...v6groups.flatMap((g) => [
        `  neighbor ${g.name} activate`,
        `  neighbor ${g.name} next-hop-self`,
        `  neighbor ${g.name} maximum-prefix ${g.role === "reflectors" ? 20000 : 2000} restart 5`,
        `  neighbor ${g.name} route-map ${g.routeMapIn} in`,
        `  neighbor ${g.name} route-map ${g.routeMapOut} out`,
      ]),
      " exit-address-family",
    ],
    policy: [
      ...sw.prefixLists.filter((l) => l.family === "ipv6").flatMap(prefixListLines),
      "!",
      ...sw.routeMaps
        .filter((m) => m.family === "ipv6")
        .flatMap((m) => routeMapLines(m, " ").filter((l) => l !== "exit")),
    ],
  };
  edit(parts);
  const lines = CONFIG.split("\n");
  const at = (text: string, from = 0) => lines.indexOf(text, from);
  const connect = at(" neighbor K8S-RR timers connect 5");
  const af = at(" address-family ipv4 unicast");
  const afEnd = at(" exit-address-family", af);
  const out = [
    ...lines.slice(0, connect + 1),
    ...parts.groups,
    ...lines.slice(connect + 1, af + 1),
    ...lines.slice(af + 1, afEnd),
    ...parts.v4af,
    lines[afEnd],
    ...parts.v6af,
    ...lines.slice(afEnd + 1),
    ...parts.policy,
  ];
  // Members go right after the groups' members of the capture (before the transport neighbors).
  const transport = out.indexOf(" neighbor 172.31.255.1 remote-as 64512");
  out.splice(transport, 0, ...parts.members);
  return out.join("\n");
}

describe("dual-stack drift (FRR)", () => {
  it("reads the IPv6 groups, their ipv6 unicast settings, maximum-paths and lists back", () => {
    const r = parseFrrRunningConfig(dualStackConfig());
    assert.equal(r.maximumPathsIbgp6, 16);
    assert.deepEqual(r.peers["K8S-RR6"].af, { activate: "no" });
    assert.deepEqual(r.peers["K8S-RR6"].af6, {
      activate: "",
      "next-hop-self": "",
      "maximum-prefix": "20000 restart 5",
      "route-map in": "bgp-fabric-az1-rr-in-v6",
      "route-map out": "bgp-fabric-az1-rr-out-v6",
    });
    assert.equal(r.peers["fd00:11::21"].memberOf, "K8S-INGRESS6");
    assert.deepEqual(r.prefixLists["bgp-fabric-az1-pools-v6"], [
      "ipv6 prefix-list bgp-fabric-az1-pools-v6 description bgp-fabric az1 ipv6 loadbalancer pools",
      "ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 5 permit 2001:db8:114::/124 ge 128",
      "ipv6 prefix-list bgp-fabric-az1-pools-v6 seq 10 permit 2001:db8:113::/124 ge 128",
    ]);
  });

  it("finds no drift on the switch as the plan builds it", () => {
    assert.deepEqual(switchDrift(sw, parseFrrRunningConfig(dualStackConfig()), UP).items, []);
  });

  it("finds no drift on real FRR 8.4's running config after the plan's scripts, and reads its IPv6 lines", () => {
    const real = parseFrrRunningConfig(
      readFileSync(
        join(resolve(__dirname, "../fixtures/frr-live"), "az1-core1-dualstack.running-config.txt"),
        "utf8",
      ),
    );
    assert.equal(real.maximumPathsIbgp6, 16);
    assert.deepEqual(real.peers["K8S-INGRESS6"].af, { activate: "no" });
    assert.deepEqual(real.peers["K8S-INGRESS6"].af6, {
      activate: "",
      "next-hop-self": "",
      "maximum-prefix": "2000 restart 5",
      "route-map in": "bgp-fabric-az1-ingress-in-v6",
      "route-map out": "bgp-fabric-az1-ingress-out-v6",
    });
    assert.equal(real.peers["fd00:11::12"].memberOf, "K8S-RR6");
    assert.deepEqual(real.prefixLists["bgp-fabric-az1-next-hops-v6"], [
      "ipv6 prefix-list bgp-fabric-az1-next-hops-v6 description bgp-fabric az1 ipv6 node next hops",
      "ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 5 deny fd00:11::2/128",
      "ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 10 deny fd00:11::3/128",
      "ipv6 prefix-list bgp-fabric-az1-next-hops-v6 seq 15 permit fd00:11::/64 le 128",
    ]);
    assert.deepEqual(switchDrift(sw, real, UP).items, []);
  });

  it("under no bgp default ipv4-unicast (real FRR 8.4.4: no `no ... activate` printed), finds no drift, and an IPv6 group activated for ipv4 is one", () => {
    const text = readFileSync(
      join(
        resolve(__dirname, "../fixtures/frr-live"),
        "az1-core1-dualstack-no-default-ipv4.running-config.txt",
      ),
      "utf8",
    );
    const real = parseFrrRunningConfig(text);
    assert.equal(real.noDefaultIpv4Unicast, true);
    assert.deepEqual(real.peers["K8S-RR6"].af, {});
    assert.deepEqual(switchDrift(sw, real, UP).items, []);
    const activated = text.replace(
      "  neighbor K8S-RR route-map bgp-fabric-az1-rr-out out\n",
      "  neighbor K8S-RR route-map bgp-fabric-az1-rr-out out\n  neighbor K8S-RR6 activate\n",
    );
    assert.notEqual(activated, text);
    assert.deepEqual(
      switchDrift(sw, parseFrrRunningConfig(activated), UP).items.map(
        (i) => `${i.kind} ${i.subject}: ${i.detail}`,
      ),
      ["changed peer-group K8S-RR6: ipv4 unicast: activate set (plan no)"],
    );
  });

  it("reports an IPv6 group left active for ipv4, not active for ipv6, a missing IPv6 neighbor and maximum-paths", () => {
    const text = dualStackConfig((p) => {
      p.v4af = p.v4af.filter((l) => !l.includes("K8S-RR6"));
      p.v6af = p.v6af.filter(
        (l) => l !== "  neighbor K8S-INGRESS6 activate" && l !== "  maximum-paths ibgp 16",
      );
      p.members = p.members.filter((l) => !l.includes("fd00:11::22"));
    });
    assert.deepEqual(
      switchDrift(sw, parseFrrRunningConfig(text), UP).items.map(
        (i) => `${i.kind} ${i.subject}: ${i.detail}`,
      ),
      [
        "changed peer-group K8S-RR6: ipv4 unicast: activate set (plan no)",
        "changed peer-group K8S-INGRESS6: ipv6 unicast: activate unset (plan set)",
        "changed router bgp: ipv6 unicast: maximum-paths ibgp unset (plan 16)",
        "missing neighbor fd00:11::22: lab-az1-in2, peer-group K8S-INGRESS6: not on the switch",
      ],
    );
  });
});
