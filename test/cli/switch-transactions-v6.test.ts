// A dual-stack zone's EOS and NX-OS commands under the switch double (test/doubles/switch-double.sh): the IPv6 part
// (`<zone>-<switch>-bgp-base-v6`) and an IPv6 neighbor exactly as the plan composes them for the vendors dual-stack
// fixture, run under real bash. What they send (IPv6 lines only; NX-OS: the IPv6 family's multipath recorded and
// restored; EOS: no multipath at all, its `maximum-paths` being instance-wide and the base's), what they refuse, and
// the health gate over the IPv6 session commands. The double models the vendors' documented
// behaviour (docs/dialects.md#the-switch-doubles); it shows what the scripts do under it, not what a device does.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { DialectName, SwitchCommand } from "../../model/core/types";
import { readStackFile } from "../../model/spec/stack-file";
import { ROOT, planOf } from "../helpers/fixtures";
import { SwitchDouble } from "../helpers/switch-double";

const plan = planOf(readStackFile(join(ROOT, "test", "fixtures", "Pulumi.vendors-dualstack.yaml")));

function commandOf(zone: string, name: string): SwitchCommand {
  const sw = plan.switches.find((s) => s.zone === zone && s.name === "core1")!;
  return sw.commands.find((c) => c.name === name)!;
}

interface Case {
  os: DialectName;
  base6: SwitchCommand;
  neighbor: SwitchCommand;
  /**
   * The switch with our IPv4 base (NX-OS: an operator's IPv6 multipath, and an IPv4 one that must not be taken for it;
   * EOS: the instance-wide one of our base, which the IPv6 part must leave alone).
   */
  before: string;
  /** ... with our IPv6 part (NX-OS: the IPv6 family's multipath recorded in K8S-RR6's description). */
  withPart: string;
  /** ... and the IPv6 neighbor. */
  withNeighbor: string;
  neighborAddress: string;
}

const EOS_V4 =
  "hostname core1\n!\nrouter bgp 65201\n   maximum-paths 16 ecmp 16\n   neighbor K8S-RR peer group\n   neighbor K8S-RR description bgp-fabric az1 route reflectors restore-maximum-paths none\n";
const EOS_PART =
  "   neighbor K8S-RR6 peer group\n   neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors\n   neighbor K8S-INGRESS6 peer group\n   neighbor K8S-INGRESS6 description bgp-fabric az1 ipv6 ingress nodes\n";
const NXOS_V4 =
  "hostname core1\nrouter bgp 65202\n  address-family ipv4 unicast\n    maximum-paths ibgp 16\n  address-family ipv6 unicast\n    maximum-paths ibgp 8\n  template peer K8S-RR\n    description bgp-fabric az2 route reflectors restore-maximum-paths none\n";
const NXOS_PART =
  "  template peer K8S-RR6\n    description bgp-fabric az2 ipv6 route reflectors restore-ipv6-maximum-paths 8\n  template peer K8S-INGRESS6\n    description bgp-fabric az2 ipv6 ingress nodes\n";

const CASES: Case[] = [
  {
    os: "eos",
    base6: commandOf("az1", "az1-core1-bgp-base-v6"),
    neighbor: commandOf("az1", "az1-core1-neighbor-fd00-11--11"),
    before: `${EOS_V4}!\nend\n`,
    withPart: `${EOS_V4}${EOS_PART}   address-family ipv6\n      neighbor K8S-RR6 activate\n!\nend\n`,
    withNeighbor: `${EOS_V4}${EOS_PART}   neighbor fd00:11::11 peer group K8S-RR6\n   neighbor fd00:11::11 description bgp-fabric route reflector lab-az1-m1\n   address-family ipv6\n      neighbor K8S-RR6 activate\n!\nend\n`,
    neighborAddress: "fd00:11::11",
  },
  {
    os: "nxos",
    base6: commandOf("az2", "az2-core1-bgp-base-v6"),
    neighbor: commandOf("az2", "az2-core1-neighbor-fd00-12--11"),
    before: `${NXOS_V4}line vty\n`,
    withPart: `${NXOS_V4.replace("maximum-paths ibgp 8", "maximum-paths ibgp 16")}${NXOS_PART}line vty\n`,
    withNeighbor: `${NXOS_V4.replace("maximum-paths ibgp 8", "maximum-paths ibgp 16")}${NXOS_PART}  neighbor fd00:12::11\n    inherit peer K8S-RR6\n    description bgp-fabric route reflector lab-az2-m1\n    address-family ipv6 unicast\nline vty\n`,
    neighborAddress: "fd00:12::11",
  },
];

/** The configuration lines of the run's one apply (the CLI's `exit`s and the session/checkpoint line dropped). */
function sent(calls: string[], asn: number): string[] {
  const apply = calls.filter((c) => c.includes(`\nrouter bgp ${asn}\n`));
  assert.equal(apply.length, 1, calls.join("\n--\n"));
  return apply[0]
    .split("\n")
    .slice(1)
    .filter((l) => l !== "exit" && l !== "");
}

function clean(sw: SwitchDouble): void {
  assert.deepEqual(sw.pending(), [], "pending EOS sessions");
  assert.deepEqual(sw.checkpoints(), [], "NX-OS checkpoints");
}

for (const c of CASES) {
  const asn = c.os === "eos" ? 65201 : 65202;
  describe(`${c.os}: a dual-stack zone's IPv6 part and IPv6 neighbors under the switch double`, () => {
    it("the IPv6 part sends only IPv6 groups and policy; NX-OS records the IPv6 family's multipath, EOS sets none", () => {
      const sw = new SwitchDouble(c.before).write("after", c.withPart);
      const r = sw.run(c.base6.create);
      assert.deepEqual([r.code, r.stderr], [0, ""]);
      assert.equal(sw.read("startup"), c.withPart);
      const lines = sent(r.calls, asn);
      const groups = lines.flatMap(
        (l) => /(?:neighbor|template peer) (K8S-[A-Z0-9]+)\b/.exec(l)?.[1] ?? [],
      );
      assert.deepEqual([...new Set(groups)], ["K8S-RR6", "K8S-INGRESS6"]);
      assert.ok(!lines.some((l) => /^(ip prefix-list|no ip prefix-list) /.test(l)), "no IPv4 list");
      assert.ok(!lines.some((l) => /address-family ipv4/.test(l)), "nothing under ipv4");
      assert.ok(
        lines.includes(
          c.os === "eos"
            ? "neighbor K8S-RR6 description bgp-fabric az1 ipv6 route reflectors"
            : "description bgp-fabric az2 ipv6 route reflectors restore-ipv6-maximum-paths 8",
        ),
        lines.join("\n"),
      );
      // EOS has no per-family maximum-paths (its instance-wide one is the IPv4 base's): the IPv6 part sends none.
      assert.equal(
        lines.filter((l) => l.startsWith("maximum-paths")).length,
        c.os === "eos" ? 0 : 1,
        lines.join("\n"),
      );
      clean(sw);
    });

    it("its delete removes exactly the IPv6 groups (NX-OS: and restores the recorded IPv6 multipath)", () => {
      const sw = new SwitchDouble(c.withPart).write("after", c.before);
      const r = sw.run(c.base6.delete);
      assert.deepEqual([r.code, r.stderr], [0, ""]);
      assert.equal(sw.read("startup"), c.before);
      assert.deepEqual(
        sent(r.calls, asn),
        c.os === "eos"
          ? [
              "router bgp 65201",
              "no neighbor K8S-RR6 peer group",
              "no neighbor K8S-INGRESS6 peer group",
            ]
          : [
              "router bgp 65202",
              "no template peer K8S-RR6",
              "no template peer K8S-INGRESS6",
              "address-family ipv6 unicast",
              "maximum-paths ibgp 8",
            ],
      );
      clean(sw);
    });

    if (c.os === "nxos") {
      // A switch without the instance's IPv6 family: the create adds it, so the delete must take it away again.
      const noFamily = c.before.replace(
        "  address-family ipv6 unicast\n    maximum-paths ibgp 8\n",
        "",
      );
      // Our templates as printed, each with its own IPv6 family (what the count of the family's users relies on).
      const partOnNoFamily = `${NXOS_V4.replace("maximum-paths ibgp 8", "maximum-paths ibgp 16")}${NXOS_PART.replace(
        "restore-ipv6-maximum-paths 8",
        "restore-ipv6-maximum-paths absent",
      )
        .replace(
          "ipv6 route reflectors restore-ipv6-maximum-paths absent\n",
          "$&    address-family ipv6 unicast\n",
        )
        .replace("ipv6 ingress nodes\n", "$&    address-family ipv6 unicast\n")}line vty\n`;

      it("records a switch without the instance's IPv6 family as absent", () => {
        const sw = new SwitchDouble(noFamily).write("after", partOnNoFamily);
        const r = sw.run(c.base6.create);
        assert.deepEqual([r.code, r.stderr], [0, ""]);
        const lines = sent(r.calls, asn);
        assert.ok(
          lines.includes(
            "description bgp-fabric az2 ipv6 route reflectors restore-ipv6-maximum-paths absent",
          ),
          lines.join("\n"),
        );
        const router = lines.indexOf("router bgp 65202");
        assert.deepEqual(lines.slice(router, router + 3), [
          "router bgp 65202",
          "address-family ipv6 unicast",
          "maximum-paths ibgp 16",
        ]);
        clean(sw);
      });

      it("its delete removes the IPv6 family it added when nothing else uses it: the switch as before", () => {
        const sw = new SwitchDouble(partOnNoFamily).write("after", noFamily);
        const r = sw.run(c.base6.delete);
        assert.deepEqual([r.code, r.stderr], [0, ""]);
        assert.equal(sw.read("startup"), noFamily);
        assert.deepEqual(sent(r.calls, asn), [
          "router bgp 65202",
          "no template peer K8S-RR6",
          "no template peer K8S-INGRESS6",
          "no address-family ipv6 unicast",
        ]);
        clean(sw);
      });

      for (const [what, extra] of [
        [
          "an operator's IPv6 neighbor uses it",
          "  neighbor fd00:99::1\n    remote-as 65099\n    address-family ipv6 unicast\n",
        ],
        ["the operator added a line to it", ""],
      ] as const)
        it(`its delete keeps the IPv6 family (unsetting only the multipath) when ${what}`, () => {
          const running =
            extra === ""
              ? partOnNoFamily.replace(
                  "  address-family ipv6 unicast\n    maximum-paths ibgp 16\n",
                  "  address-family ipv6 unicast\n    maximum-paths ibgp 16\n    network fd00:99::/64\n",
                )
              : partOnNoFamily.replace("line vty\n", `${extra}line vty\n`);
          const sw = new SwitchDouble(running).write("after", noFamily);
          const r = sw.run(c.base6.delete);
          assert.deepEqual([r.code, r.stderr], [0, ""]);
          assert.deepEqual(sent(r.calls, asn), [
            "router bgp 65202",
            "no template peer K8S-RR6",
            "no template peer K8S-INGRESS6",
            "address-family ipv6 unicast",
            "no maximum-paths ibgp",
          ]);
          clean(sw);
        });
    }

    if (c.os === "eos")
      it("refuses a switch that activates ipv4 unicast over IPv6 by default, having sent nothing", () => {
        const running = c.before.replace(
          "router bgp 65201\n",
          "router bgp 65201\n   bgp default ipv4-unicast transport ipv6\n",
        );
        const sw = new SwitchDouble(running).write("after", c.withPart);
        const r = sw.run(c.base6.create);
        assert.equal(r.code, 1);
        assert.equal(
          r.stderr,
          "bgp-fabric: az1/core1 - router bgp 65201 has bgp default ipv4-unicast transport ipv6 - the bgp-fabric IPv6 sessions must carry IPv6 only - nothing changed\n",
        );
        assert.deepEqual(r.calls, []);
        assert.equal(sw.read("running"), running);
      });

    it("undoes the IPv6 part when an IPv6 session that was up does not come back", () => {
      const up = c.withNeighbor;
      const changed = up.replace("ipv6 route reflectors", "ipv6 route reflectors changed");
      const sw = new SwitchDouble(up, { clock: "fake" })
        .write("after", changed)
        .write("established", `${c.neighborAddress}\n`)
        .write("drop-on-change", `${c.neighborAddress}\n`);
      const r = sw.run(c.base6.create);
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `the base change was undone - sessions not Established again after 120 s: ${c.neighborAddress}\\n`,
        ),
      );
      assert.equal(sw.read("running"), up);
      assert.equal(sw.read("startup"), up);
      clean(sw);
    });

    it("an IPv6 neighbor is confirmed once its session is Established (the family's show command)", () => {
      const sw = new SwitchDouble(c.withPart)
        .write("after", c.withNeighbor)
        .write("established", `${c.neighborAddress}\n`);
      const r = sw.run(c.neighbor.create);
      assert.deepEqual([r.code, r.stderr], [0, ""]);
      assert.equal(sw.read("startup"), c.withNeighbor);
      assert.ok(
        sw
          .read("invocations")
          .includes(
            c.os === "eos"
              ? `show ipv6 bgp peers ${c.neighborAddress}\n`
              : `show bgp ipv6 unicast neighbors ${c.neighborAddress}\n`,
          ),
      );
      clean(sw);
    });

    it("fails when the IPv6 session does not come up: rolled back, naming it, nothing left", () => {
      const sw = new SwitchDouble(c.withPart, { clock: "fake" }).write("after", c.withNeighbor);
      const r = sw.run(c.neighbor.create);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        new RegExp(
          `bgp-fabric: router bgp ${asn} - not Established after 120 s: ${c.neighborAddress}\\n`,
        ),
      );
      assert.equal(sw.read("running"), c.withPart);
      assert.equal(sw.read("startup"), c.withPart);
      clean(sw);
    });
  });
}
