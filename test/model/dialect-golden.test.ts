// Golden files of the prod stack with az1 on EOS and az2 on NX-OS (test/fixtures/Pulumi.vendors.yaml): the switch
// scripts `npm run plan` writes to plan/<stack>/switches/, byte for byte. A change to a dialect shows up here as a
// reviewed diff; regenerate with `npm run golden` and review `git diff test/golden`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { DIALECTS } from "../../model/plan/dialects";
import { readStackFile } from "../../model/spec/stack-file";
import { switchScript } from "../../model/present/render";
import { clone, planOf, ROOT } from "../helpers/fixtures";
import { assertGolden } from "../helpers/golden";

const vendors = () => readStackFile(join(ROOT, "test", "fixtures", "Pulumi.vendors.yaml"));

describe("EOS and NX-OS on the prod stack", () => {
  const plan = planOf(vendors());
  for (const [file, dialect] of [
    ["az1-core1.sh", "eos"],
    ["az2-core1.sh", "nxos"],
  ] as const) {
    it(`renders switches/${file} (${dialect}) exactly as the golden file`, () => {
      const sw = plan.switches.find((s) => `${s.zone}-${s.name}.sh` === file)!;
      assert.equal(sw.dialect, dialect);
      assertGolden(file, switchScript(plan, sw));
    });
  }

  it("passes each dialect's grammar check and bash -n, with and without passwords and in reflector mode", () => {
    const stacks = [
      vendors(),
      { ...vendors(), bgpPasswords: { az1: { secure: "x" }, az2: { secure: "x" } } },
      { ...clone(vendors()), ingress: { mode: "reflector", version: "2.6.4" } },
    ];
    let checked = 0;
    for (const raw of stacks)
      for (const sw of planOf(raw).switches) {
        if (sw.dialect === "frr") continue;
        for (const c of sw.commands) {
          assert.deepEqual(DIALECTS[sw.dialect].check(c), [], c.name);
          for (const script of [c.create, c.delete]) execFileSync("bash", ["-n", "-c", script]);
          checked += 1;
        }
      }
    assert.ok(checked >= 40, `${checked} commands`);
  });
});
