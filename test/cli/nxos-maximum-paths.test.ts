// NX-OS: the IPv4 base and a dual-stack zone's IPv6 part each read `maximum-paths ibgp` inside their own family's
// block of the instance (`  address-family ipv4|ipv6 unicast`, children indented deeper; a VRF's family, indented
// deeper still, never counts), record it in their reflector template's description and restore exactly it on delete.
// Run under real bash against the switch double (test/doubles/switch-double.sh): the double does not interpret
// configuration lines, so what is asserted is what each script sends (docs/dialects.md#the-switch-doubles).
// EOS is not here: its `maximum-paths` is instance-wide for every family by design (docs/dialects.md), so its base
// reads the instance's one line and its IPv6 part neither sets nor restores one (switch-transactions-v6.test.ts).
import assert from "node:assert/strict";
import { join } from "node:path";
import { readStackFile } from "../../model/spec/stack-file";
import { ROOT, planOf } from "../helpers/fixtures";
import { SwitchDouble } from "../helpers/switch-double";

const plan = planOf(readStackFile(join(ROOT, "test", "fixtures", "Pulumi.vendors-dualstack.yaml")));
const sw = plan.switches.find((s) => s.zone === "az2" && s.name === "core1")!;
const base = sw.commands.find((c) => c.name === "az2-core1-bgp-base")!;
const base6 = sw.commands.find((c) => c.name === "az2-core1-bgp-base-v6")!;

/** The switch before our first create: the operator's instance with the given blocks under `router bgp 65202`. */
const running = (...blocks: string[]) =>
  `hostname core1\nrouter bgp 65202\n  router-id 10.12.0.2\n${blocks.join("")}line vty\n`;
const af = (family: "ipv4" | "ipv6", mp: string) =>
  `  address-family ${family} unicast\n    maximum-paths ibgp ${mp}\n`;
const VRF = "  vrf red\n    address-family ipv4 unicast\n      maximum-paths ibgp 8\n";
/** An operator's template whose own ipv4 family is indented like a VRF's: not the instance's block. */
const TEMPLATE = "  template peer CORE\n    remote-as 65000\n    address-family ipv4 unicast\n";

/** The lines of the run's one configuration apply (the CLI's `exit`s dropped). */
function sent(calls: string[]): string[] {
  const apply = calls.filter((c) => c.includes("\nrouter bgp 65202\n"));
  assert.equal(apply.length, 1, calls.join("\n--\n"));
  return apply[0]
    .split("\n")
    .slice(1)
    .filter((l) => l !== "exit" && l !== "");
}

/** Runs `script` on a switch with `config`; a change makes it `after` (the double's stand-in for applying). */
function runOn(config: string, script: string, after = config): string[] {
  const sw = new SwitchDouble(config).write("after", after);
  const r = sw.run(script);
  assert.deepEqual([r.code, r.stderr], [0, ""]);
  assert.deepEqual(sw.checkpoints(), [], "NX-OS checkpoints");
  return sent(r.calls);
}

/** The description line of the holder template each part writes, and what the IPv4 base's delete sends. */
const record4 = (v: string) =>
  `description bgp-fabric az2 route reflectors restore-maximum-paths ${v}`;
const record6 = (v: string) =>
  `description bgp-fabric az2 ipv6 route reflectors restore-ipv6-maximum-paths ${v}`;
const delete4 = (restore: string) => [
  "router bgp 65202",
  "no template peer K8S-RR",
  "no template peer K8S-INGRESS",
  "address-family ipv4 unicast",
  restore,
];

/** Our templates after both parts' creates, with the records `v4` and `v6`, as the deletes find them. */
const ours = (v4: string, v6: string) =>
  `  template peer K8S-RR\n    ${record4(v4)}\n  template peer K8S-INGRESS\n    description bgp-fabric az2 ingress nodes\n  template peer K8S-RR6\n    ${record6(v6)}\n  template peer K8S-INGRESS6\n    description bgp-fabric az2 ipv6 ingress nodes\n`;

describe("nxos: each family's maximum-paths ibgp read, recorded and restored in its own address family", () => {
  for (const [what, config, v4, v6] of [
    ["only an IPv6 value", running(af("ipv6", "8")), "none", "8"],
    ["only an IPv4 value", running(af("ipv4", "4")), "4", "absent"],
    ["both, different values", running(af("ipv4", "4"), af("ipv6", "8")), "4", "8"],
    ["the IPv6 family printed first", running(af("ipv6", "8"), af("ipv4", "4")), "4", "8"],
    [
      "only a VRF's and a template's ipv4 family",
      running(af("ipv6", "8"), TEMPLATE, VRF),
      "none",
      "8",
    ],
    ["no family at all", running(), "none", "absent"],
    [
      "only the instance's ipv4 multicast and ipv6 multicast families",
      running(
        "  address-family ipv4 multicast\n    maximum-paths ibgp 8\n",
        "  address-family ipv6 multicast\n    maximum-paths ibgp 2\n",
      ),
      "none",
      "absent",
    ],
    [
      "an ipv4 unicast family without maximum-paths ibgp, ipv4 multicast with one after it",
      running(
        "  address-family ipv4 unicast\n    maximum-paths 4\n    network 10.12.0.0/24\n",
        "  address-family ipv4 multicast\n    maximum-paths ibgp 8\n",
      ),
      "none",
      "absent",
    ],
  ] as const)
    it(`${what}: the IPv4 base records ${v4}, the IPv6 part ${v6}`, () => {
      // The double's config after each create: ours added (the create's verify looks for our templates).
      const applied = config.replace("line vty\n", `${ours(v4, v6)}line vty\n`);
      const lines = runOn(config, base.create, applied);
      assert.ok(lines.includes(record4(v4)), lines.join("\n"));
      const at = lines.indexOf("router bgp 65202");
      assert.deepEqual(lines.slice(at, at + 3), [
        "router bgp 65202",
        "address-family ipv4 unicast",
        "maximum-paths ibgp 16",
      ]);
      assert.ok(!lines.some((l) => /address-family ipv6/.test(l)), "nothing under ipv6");
      const lines6 = runOn(config, base6.create, applied);
      assert.ok(lines6.includes(record6(v6)), lines6.join("\n"));
      assert.ok(!lines6.some((l) => /address-family ipv4/.test(l)), "nothing under ipv4");
    });

  it("fails when ipv4's value has a form it cannot restore, before any checkpoint, sending nothing", () => {
    const sw = new SwitchDouble(running(af("ipv4", "8 x"), af("ipv6", "8")));
    const r = sw.run(base.create);
    assert.deepEqual(
      [r.code, r.stderr, r.calls],
      [
        1,
        "bgp-fabric: az2/core1 has a maximum-paths form this tool cannot restore - nothing changed\n",
        [],
      ],
    );
    assert.deepEqual(sw.checkpoints(), []);
  });

  it("only an IPv6 value: the IPv4 base's delete unsets ipv4's (it had none) and sends nothing under ipv6", () => {
    const applied = running(af("ipv4", "16"), af("ipv6", "8"), ours("none", "8"));
    assert.deepEqual(runOn(applied, base.delete), delete4("no maximum-paths ibgp"));
  });

  it("only an IPv4 value: its delete restores it, as before", () => {
    const applied = running(af("ipv4", "16"), ours("4", "absent"));
    assert.deepEqual(runOn(applied, base.delete), delete4("maximum-paths ibgp 4"));
  });

  it("both, different values: each delete restores its own family's value only", () => {
    const applied = running(af("ipv4", "16"), af("ipv6", "16"), ours("4", "8"));
    assert.deepEqual(runOn(applied, base.delete), delete4("maximum-paths ibgp 4"));
    assert.deepEqual(runOn(applied, base6.delete), [
      "router bgp 65202",
      "no template peer K8S-RR6",
      "no template peer K8S-INGRESS6",
      "address-family ipv6 unicast",
      "maximum-paths ibgp 8",
    ]);
  });
});
