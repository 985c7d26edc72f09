// Golden files: expected output checked in under test/golden/, compared byte for byte. `npm run golden` (which sets
// GOLDEN_UPDATE=1) rewrites them from the current output; `git diff test/golden` is the review. Without that variable
// a test only reads them, so a change in output fails the test until someone regenerates and reviews it.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ROOT } from "./fixtures";

export const GOLDEN_DIR = join(ROOT, "test", "golden");
const UPDATE = process.env.GOLDEN_UPDATE === "1";

/** The checked-in text of a golden file (for tests that need it as an input or a fragment). */
export function readGolden(name: string): string {
  return readFileSync(join(GOLDEN_DIR, name), "utf8");
}

/**
 * Compares `actual` with test/golden/<name> byte for byte, failing with a line diff; under GOLDEN_UPDATE=1 writes it.
 */
export function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  const shown = relative(ROOT, file);
  const expected = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (UPDATE) {
    if (expected !== actual) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
      console.log(`      golden: wrote ${shown}`);
    }
    return;
  }
  if (expected === undefined)
    assert.fail(`${shown} does not exist; run \`npm run golden\` and review it with git diff`);
  if (expected !== actual)
    assert.fail(
      `${shown} differs from the output (- golden, + actual):\n${lineDiff(expected, actual)}\n` +
        "if the change is intended: `npm run golden`, then review `git diff test/golden`",
    );
}

/** JSON text of a value, two-space indented, ending in a newline; refuses what JSON would silently drop. */
export function goldenJson(value: unknown): string {
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      if (v === undefined || typeof v === "function" || typeof v === "symbol")
        throw new Error(`goldenJson: ${key} is ${typeof v}, which JSON cannot hold`);
      if (typeof v === "number" && !Number.isFinite(v))
        throw new Error(`goldenJson: ${key} is ${v}, which JSON cannot hold`);
      return v;
    },
    2,
  );
  return `${text}\n`;
}

/** The changed run of lines between the first and the last difference, with two lines of context. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const from = Math.max(0, start - 2);
  const cap = (lines: string[], sign: string) =>
    lines.length > 40
      ? [...lines.slice(0, 40).map((l) => sign + l), `${sign}… ${lines.length - 40} more lines`]
      : lines.map((l) => sign + l);
  return [
    `@@ line ${start + 1} @@`,
    ...a.slice(from, start).map((l) => ` ${l}`),
    ...cap(a.slice(start, endA), "-"),
    ...cap(b.slice(start, endB), "+"),
    ...a.slice(endA, endA + 2).map((l) => ` ${l}`),
  ].join("\n");
}

/** Resources as `type::name` rows with their parent (`  <-  parent`), one a line: a golden file of a resource tree. */
export function resourceLines(rows: [string, string | undefined][]): string {
  return (
    rows.map(([k, parent]) => (parent === undefined ? k : `${k}  <-  ${parent}`)).join("\n") + "\n"
  );
}
