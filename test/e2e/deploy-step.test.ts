// The e2e's first deployment (e2e/steps/deploy.ts) on scripted Pulumi results: what it records in the report, the
// operations it runs in order, and the check that stops the run when `up` does not do what the preview planned.
import assert from "node:assert/strict";
import { CheckFailed, emptyReport } from "../../e2e/report";
import type { RunContext, Timed } from "../../e2e/run-context";
import { deployStep } from "../../e2e/steps/deploy";

type Changes = Record<string, number>;

/** A context whose Pulumi operations return `results` in turn; the operations and timed steps it saw. */
function scripted(results: Changes[]) {
  const ops: unknown[] = [];
  const steps: string[] = [];
  const report = emptyReport("lab", "emulation");
  const ctx = {
    report,
    log: () => {},
    step: async (op: string, extra?: object) => {
      ops.push(extra === undefined ? [op] : [op, extra]);
      const changes = results.shift();
      assert.ok(changes, `no result scripted for ${op}`);
      return { op, ok: true, seconds: 1, changes, output: "" };
    },
  } as unknown as RunContext;
  const timed: Timed = async (step, f) => {
    steps.push(step);
    return f();
  };
  return { ctx, timed, report, ops, steps };
}

describe("e2e deploy step", () => {
  it("previews, creates what the preview planned, re-runs up without a change and previews expecting none", async () => {
    const s = scripted([{ create: 58 }, { create: 58 }, { same: 58 }, { same: 58 }]);
    await deployStep(s.ctx, s.timed);
    assert.deepEqual(s.steps, ["preview", "up", "re-up", "preview-no-changes"]);
    assert.deepEqual(s.ops, [["preview"], ["up"], ["up"], ["preview", { expectNoChanges: true }]]);
    assert.deepEqual(
      [s.report.created, s.report.reUpChanges, s.report.previewNoChanges],
      [58, 0, true],
    );
  });

  it("fails when the first preview plans no creates, or up creates other than the preview planned", async () => {
    const none = scripted([{ same: 58 }]);
    await assert.rejects(
      deployStep(none.ctx, none.timed),
      new CheckFailed("the first preview plans no creates"),
    );
    const fewer = scripted([{ create: 58 }, { create: 57, update: 1 }]);
    await assert.rejects(
      deployStep(fewer.ctx, fewer.timed),
      new CheckFailed("up created 57, preview planned 58"),
    );
    assert.deepEqual(fewer.steps, ["preview", "up"]);
  });

  it("fails when the second up changes anything", async () => {
    const s = scripted([{ create: 58 }, { create: 58 }, { same: 57, update: 1 }]);
    await assert.rejects(
      deployStep(s.ctx, s.timed),
      new CheckFailed('the second up changed {"same":57,"update":1}'),
    );
    assert.equal(s.report.previewNoChanges, false);
  });
});
