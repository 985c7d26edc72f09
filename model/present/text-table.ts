// Aligned plain-text columns for terminal output (no colours: the output is also pasted into reviews and docs).

/** Pads every column but the last to its widest cell, two spaces apart; trailing spaces are trimmed. */
export function table(rows: string[][], indent = ""): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows.map((row) =>
    (
      indent + row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]) : cell)).join("  ")
    ).trimEnd(),
  );
}

/** `1 session`, `2 sessions`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
