/**
 * "Did you mean …": the known word nearest to a misspelt one by edit distance (insertions, deletions,
 * substitutions and swaps of neighbours each cost 1), if it is near enough to be a likely typo.
 */
export function didYouMean(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of known) {
    // The distance is at least the difference in length; past the allowance it cannot be a typo,
    // and skipping it keeps a very long word from costing length × length per candidate.
    const longest = Math.max(word.length, candidate.length);
    if (Math.abs(word.length - candidate.length) > Math.max(1, Math.floor(longest / 3))) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // About one edit per three letters still reads as a typo; more is another word.
  const allowed = Math.max(1, Math.floor(Math.max(word.length, best?.length ?? 0) / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** `; did you mean "hidden"?` or nothing. */
export function suggestion(word: string, known: Iterable<string>): string {
  const near = didYouMean(word, known);
  return near === undefined ? '' : `; did you mean "${near}"?`;
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
