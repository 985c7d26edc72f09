// Line diff of two switch scripts (longest common subsequence), shown as hunks with one line of context.

/** `+ line` / `- line` / `  line` (context) and `@@` between hunks; empty when the texts are equal. */
export function lineDiff(before: string, after: string, context = 1): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]; scripts are a few dozen lines.
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { op: " " | "-" | "+"; line: string }[] = [];
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
  const keep = ops.map((o, k) =>
    ops.slice(Math.max(0, k - context), k + context + 1).some((x) => x.op !== " "),
  );
  const out: string[] = [];
  ops.forEach((o, k) => {
    if (!keep[k]) return;
    if (out.length > 0 && !keep[k - 1]) out.push("@@");
    out.push(`${o.op} ${o.line}`);
  });
  return out;
}
