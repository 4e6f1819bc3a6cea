/** How one input ended, for one target. */
export type Outcome = { ok: true } | Failure;

export interface Failure {
  kind: 'crash' | 'hang' | 'invalid-output';
  /** The stack, the log lines, or what did not answer. */
  error: string;
}

/** Every input must be answered within this (after the server's debounce, for the server). */
export const ANSWER_WITHIN_MS = 1000;

export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/** A hang counts only if it comes back on a second try (the first may have met a GC pause or a busy machine). */
export async function confirmed(run: () => Promise<Outcome>): Promise<Outcome> {
  const first = await run();
  return 'kind' in first && first.kind === 'hang' ? run() : first;
}
