/** How one input ended, for one target. */
export type Outcome = { ok: true } | Failure;

export interface Failure {
  kind: 'crash' | 'hang' | 'invalid-output';
  /** The stack, the log lines, or what did not answer. */
  error: string;
}

/** Every input must be answered within this (after the server's debounce, for the server)… */
export const ANSWER_WITHIN_MS = 1000;

/**
 * …plus this much a megabyte of input: the `repeat` mutations make inputs of several megabytes (a 1.9 MB
 * function body takes 0.8 s to check on this machine), and a hang is work that grows faster than the input.
 */
export const MS_PER_MB = 1000;

/** The time an input of this length has to be answered in. */
export const answerWithinMs = (text: string): number => Math.round(ANSWER_WITHIN_MS + (MS_PER_MB * text.length) / 1e6);

export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

/** A hang counts only if it comes back on a second try (the first may have met a GC pause or a busy machine). */
export async function confirmed(run: () => Promise<Outcome>): Promise<Outcome> {
  const first = await run();
  return 'kind' in first && first.kind === 'hang' ? run() : first;
}
