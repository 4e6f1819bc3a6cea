/** Did-you-mean: the candidates within edit distance 2 of a name, closest first. */
export function nearSpellings(name: string, candidates: Iterable<string>): string[] {
  // Short names (aliases like `c`) are near everything: a suggestion there would be noise.
  if (name.length < 3) return [];
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d <= 2 && d < Math.max(name.length, c.length)) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || byCodeUnits(a[0], b[0])).map(([c]) => c);
}

/** Levenshtein distance with transpositions counted as one edit (a common typo). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => [i, ...new Array(cols - 1).fill(0)]);
  for (let j = 1; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Plain string order (localeCompare would load ICU's collation data: 10-20 ms the first time). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
