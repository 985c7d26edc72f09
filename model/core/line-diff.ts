// Line diff of two switch scripts (longest common subsequence), shown as hunks with one line of context.

/** `+ line` / `- line` / `  line` (context) and `@@` between hunks; empty when the texts are equal. */
/** The LCS table's most cells (rows x columns): beyond it the changed middle is shown as removed, then added. */
export const MAX_DIFF_CELLS = 4_000_000;

export function lineDiff(before: string, after: string, context = 1): string[] {
  const all = { a: before.split("\n"), b: after.split("\n") };
  // The common head and tail cost one pass; only the changed middle needs the table.
  let head = 0;
  while (head < all.a.length && head < all.b.length && all.a[head] === all.b[head]) head++;
  let tail = 0;
  while (
    tail < all.a.length - head &&
    tail < all.b.length - head &&
    all.a[all.a.length - 1 - tail] === all.b[all.b.length - 1 - tail]
  )
    tail++;
  const a = all.a.slice(head, all.a.length - tail);
  const b = all.b.slice(head, all.b.length - tail);
  const same = (lines: string[]) => lines.map((line) => ({ op: " " as const, line }));
  const middle =
    (a.length + 1) * (b.length + 1) > MAX_DIFF_CELLS
      ? [
          ...a.map((line) => ({ op: "-" as const, line })),
          ...b.map((line) => ({ op: "+" as const, line })),
        ]
      : lcsOps(a, b);
  const ops = [...same(all.a.slice(0, head)), ...middle, ...same(all.a.slice(all.a.length - tail))];
  return hunks(ops, context);
}

type Op = { op: " " | "-" | "+"; line: string };

function lcsOps(a: string[], b: string[]): Op[] {
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]; bounded by MAX_DIFF_CELLS.
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: " ", line: a[i] });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removed lines first, as in a unified diff.
      ops.push({ op: "-", line: a[i++] });
    } else {
      ops.push({ op: "+", line: b[j++] });
    }
  }
  return ops;
}

function hunks(ops: Op[], context: number): string[] {
  // Linear: a line is kept when a change lies within `context` lines of it.
  const near = new Array<boolean>(ops.length).fill(false);
  ops.forEach((o, k) => {
    if (o.op === " ") return;
    for (let x = Math.max(0, k - context); x <= Math.min(ops.length - 1, k + context); x++)
      near[x] = true;
  });
  const keep = near;
  const out: string[] = [];
  ops.forEach((o, k) => {
    if (!keep[k]) return;
    if (out.length > 0 && !keep[k - 1]) out.push("@@");
    out.push(`${o.op} ${o.line}`);
  });
  return out;
}
