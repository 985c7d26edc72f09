// Golden files of the dual-stack fixture (test/fixtures/Pulumi.dualstack.yaml): an FRR switch's script with its
// IPv6 groups, neighbors and policy beside the IPv4 ones, byte for byte, and the plan's Kubernetes objects. A change
// shows up as a reviewed diff; regenerate with `npm run golden` and review `git diff test/golden`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { DIALECTS } from "../../model/plan/dialects";
import { summary, switchScript } from "../../model/present/render";
import { clone, dualStack, planOf } from "../helpers/fixtures";
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
