// "Did you mean": the closest known name to a misspelt one, for config keys (model/spec/spec.ts) and CLI flags.

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Three rows suffice: the transposition looks two back.
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[t.length];
}

/**
 * The known name closest to `word`, if close enough to be a slip: within a third of its length (at least 2 edits),
 * or one of them starts with the other (`keepaliveSecs` -> `keepaliveSeconds`). Ties go to the first in sort order.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  if (word.length > 64) return undefined; // no name of ours is that long; and the cost stays bounded
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of [...known].sort()) {
    const d = editDistance(word, k);
    const lw = word.toLowerCase();
    const lk = k.toLowerCase();
    const prefix =
      Math.min(lw.length, lk.length) >= 4 && (lk.startsWith(lw.slice(0, -1)) || lw.startsWith(lk));
    const limit = Math.max(2, Math.floor(Math.max(word.length, k.length) / 3));
    const score = d <= limit ? d : prefix ? limit + 0.5 : Infinity;
    if (score < bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}
