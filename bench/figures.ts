/** One row of the table: a figure of ours next to the peer's, measured in the same run. */
export interface Figure {
  section: string;
  workload: string;
  unit: 'ms' | 'MB';
  ours: Measured;
  /** Absent when the peer has nothing comparable (e.g. it does not replay migration files). */
  peer?: Measured;
}

/** Repeated runs of a figure, or why it could not be measured in this run. */
export type Measured = Summary | { na: string };

export interface Summary {
  median: number;
  p99: number;
  runs: number;
}

/** Median and 99th percentile (nearest rank: with fewer than 100 runs, the slowest run). */
export function summarize(runs: readonly number[]): Summary {
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p99 = sorted[Math.min(sorted.length, Math.max(1, Math.ceil(0.99 * sorted.length))) - 1];
  return { median, p99, runs: sorted.length };
}

export const isSummary = (m: Measured | undefined): m is Summary => m !== undefined && 'median' in m;

/** Ours over the peer's median: below 1 means we are faster (or smaller). */
export function ratio(figure: Figure): number | undefined {
  return isSummary(figure.ours) && isSummary(figure.peer) && figure.peer.median > 0 ? figure.ours.median / figure.peer.median : undefined;
}
