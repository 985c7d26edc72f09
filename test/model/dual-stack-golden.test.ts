// Golden files of the dual-stack fixtures: an FRR switch's script (test/fixtures/Pulumi.dualstack.yaml) and an EOS
// and an NX-OS switch's (Pulumi.vendors-dualstack.yaml: az1 on EOS, az2 on NX-OS) with their IPv6 groups, neighbors
// and policy beside the IPv4 ones, byte for byte, and the plan's Kubernetes objects. A change shows up as a reviewed
// diff; regenerate with `npm run golden` and review `git diff test/golden`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { DIALECTS } from "../../model/plan/dialects";
import { summary, switchScript } from "../../model/present/render";
import { join } from "node:path";
import { readStackFile } from "../../model/spec/stack-file";
import { clone, dualStack, planOf, ROOT } from "../helpers/fixtures";
import { assertGolden, goldenJson, resourceLines } from "../helpers/golden";
import { key, record } from "../../harness/mocks";
import { clusterOf } from "../helpers/cluster";

describe("dual-stack goldens (FRR)", () => {
  const plan = planOf(dualStack());

  it("renders switches/az1-core1.sh exactly as the golden file", () => {
    const sw = plan.switches.find((s) => s.zone === "az1" && s.name === "core1")!;
    assertGolden("dualstack/az1-core1.sh", switchScript(plan, sw));
  });

  it("summarises the plan (SUMMARY.md) with the zones' IPv6 ranges and both families' sessions", () => {
    assertGolden("dualstack/SUMMARY.md", summary(plan));
  });

  it("plans the Kubernetes objects exactly as the golden file", () => {
    assertGolden("dualstack/kubernetes.json", goldenJson(plan.kubernetes));
  });

  it("registers exactly the golden resources with their parents (the library, under Pulumi mocks)", async () => {
    const recorded = await record(() => clusterOf(dualStack(), {}));
    assertGolden("dualstack/resources.txt", resourceLines(recorded.map((r) => [key(r), r.parent])));
  });

  it("passes the FRR grammar and bash -n in direct and reflector mode, with and without passwords", () => {
    const stacks = [
      dualStack(),
      { ...dualStack(), bgpPasswords: { az1: { secure: "x" }, az2: { secure: "x" } } },
      { ...clone(dualStack()), ingress: { mode: "reflector", version: "2.6.4" } },
    ];
    let checked = 0;
    for (const raw of stacks)
      for (const sw of planOf(raw).switches)
        for (const c of sw.commands) {
          assert.deepEqual(DIALECTS.frr.check(c), [], c.name);
          for (const script of [c.create, c.delete]) execFileSync("bash", ["-n", "-c", script]);
          if (c.name.includes("-neighbor-fd00-")) checked += 1;
        }
    assert.equal(checked, 2 * 2 * 4 + 2 * 2 * 4 + 2 * 2 * 2);
  });
});

describe("dual-stack goldens (EOS and NX-OS)", () => {
  const vendors = () =>
    readStackFile(join(ROOT, "test", "fixtures", "Pulumi.vendors-dualstack.yaml")) as Record<
      string,
      any // eslint-disable-line @typescript-eslint/no-explicit-any
    >;
  const plan = planOf(vendors());

  for (const [zone, dialect] of [
    ["az1", "eos"],
    ["az2", "nxos"],
  ] as const)
    it(`renders the ${dialect} switch ${zone}/core1 exactly as dualstack/vendors-${zone}-core1.sh`, () => {
      const sw = plan.switches.find((s) => s.zone === zone && s.name === "core1")!;
      assert.equal(sw.dialect, dialect);
      assertGolden(`dualstack/vendors-${zone}-core1.sh`, switchScript(plan, sw));
    });

  it("orders each switch's commands: base, IPv4 neighbors, the IPv6 part, IPv6 neighbors", () => {
    const sw = plan.switches.find((s) => s.zone === "az1" && s.name === "core1")!;
    assert.deepEqual(
      sw.commands.map((c) => [c.name, c.kind, c.after ?? ""]),
      [
        ["az1-core1-bgp-base", "base", ""],
        ["az1-core1-neighbor-10.11.0.11", "neighbor", "az1-core1-bgp-base"],
        ["az1-core1-neighbor-10.11.0.12", "neighbor", "az1-core1-neighbor-10.11.0.11"],
        ["az1-core1-neighbor-10.11.0.21", "neighbor", "az1-core1-neighbor-10.11.0.12"],
        ["az1-core1-neighbor-10.11.0.22", "neighbor", "az1-core1-neighbor-10.11.0.21"],
        ["az1-core1-bgp-base-v6", "base-v6", "az1-core1-neighbor-10.11.0.22"],
        ["az1-core1-neighbor-fd00-11--11", "neighbor", "az1-core1-bgp-base-v6"],
        ["az1-core1-neighbor-fd00-11--12", "neighbor", "az1-core1-neighbor-fd00-11--11"],
        ["az1-core1-neighbor-fd00-11--21", "neighbor", "az1-core1-neighbor-fd00-11--12"],
        ["az1-core1-neighbor-fd00-11--22", "neighbor", "az1-core1-neighbor-fd00-11--21"],
      ],
    );
  });

  it("passes each dialect's grammar and bash -n in direct and reflector mode, with and without passwords", () => {
    const stacks = [
      vendors(),
      { ...vendors(), bgpPasswords: { az1: { secure: "x" }, az2: { secure: "x" } } },
      { ...clone(vendors()), ingress: { mode: "reflector", version: "2.6.4" } },
    ];
    let checked = 0;
    for (const raw of stacks)
      for (const sw of planOf(raw).switches)
        for (const c of sw.commands) {
          assert.deepEqual(DIALECTS[sw.dialect].check(c), [], c.name);
          for (const script of [c.create, c.delete]) execFileSync("bash", ["-n", "-c", script]);
          if (c.name.includes("-neighbor-fd00-") || c.kind === "base-v6") checked += 1;
        }
    // 4 switches: 4 IPv6 neighbors (2 in reflector mode) and the IPv6 part each.
    assert.equal(checked, 4 * 5 + 4 * 5 + 4 * 3);
  });
});
