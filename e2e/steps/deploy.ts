// The first deployment: a preview that plans creates, an `up` creating exactly what it planned, a second `up` that
// changes nothing and a preview that expects no change. Each operation is its own timed step of the report.
import { CHANGE_KEYS, check, sum } from "../report";
import type { RunContext, Timed } from "../run-context";

export async function deployStep(ctx: RunContext, timed: Timed): Promise<void> {
  const { report, step, log } = ctx;
  const preview = await timed("preview", () => step("preview"));
  log(`preview: ${JSON.stringify(preview.changes)}`);
  check((preview.changes.create ?? 0) > 0, "the first preview plans no creates");
  const up = await timed("up", () => step("up"));
  report.created = up.changes.create ?? 0;
  check(
    report.created === preview.changes.create,
    `up created ${report.created}, preview planned ${preview.changes.create}`,
  );
  const reUp = await timed("re-up", () => step("up"));
  report.reUpChanges = sum(reUp.changes, CHANGE_KEYS);
  check(report.reUpChanges === 0, `the second up changed ${JSON.stringify(reUp.changes)}`);
  await timed("preview-no-changes", () => step("preview", { expectNoChanges: true }));
  report.previewNoChanges = true;
}
