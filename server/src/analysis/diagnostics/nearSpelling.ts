/** Did-you-mean: the candidates within edit distance 2 of a name, closest first. */
export function nearSpellings(name: string, candidates: Iterable<string>): string[] {
  // Short names (aliases like `c`) are near everything: a suggestion there would be noise.
  if (name.length < 3) return [];
  const lower = name.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    // More than two apart in length: more than two edits apart (a catalog of thousands is asked for each unknown name).
    if (c === name || Math.abs(c.length - name.length) > 2) continue;
    const d = editDistance(lower, c.toLowerCase(), 2);
    if (d <= 2 && d < Math.max(name.length, c.length)) scored.push([c, d]);
  }
  return scored.sort((a, b) => a[1] - b[1] || byCodeUnits(a[0], b[0])).map(([c]) => c);
}

/**
 * Levenshtein distance with transpositions counted as one edit (a common typo). With `max`, any distance
 * above it is answered as `max + 1`, as soon as no alignment can stay within it.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  // Three rows: the one before the previous (for transpositions), the previous, the current.
  let before = new Uint32Array(cols);
  let previous = new Uint32Array(cols);
  let current = new Uint32Array(cols);
  for (let j = 0; j < cols; j++) previous[j] = j;
  let previousLeast = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let least = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      current[j] = v;
      if (v < least) least = v;
    }
    // Every later value comes from this row or (a transposition) the one before it, plus at least one.
    if (least > max && previousLeast >= max) return max + 1;
    previousLeast = least;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length], max + 1);
}

/** Plain string order (localeCompare would load ICU's collation data: 10-20 ms the first time). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
