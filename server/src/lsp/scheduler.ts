/**
 * Debounces work per key: scheduling a key again before it runs replaces the pending run, so a burst of
 * keystrokes costs one analysis. A run that is already executing is not interrupted; the runner itself
 * checks that its input is still current before it publishes anything (see `checks.ts`).
 *
 * A delay of 0 means "once the messages already received are read": the language server's connection
 * handles one message per `setImmediate` turn, so a run two turns away is pushed back by every message
 * still queued (each schedules the key again) and starts after the last of them, with no fixed wait.
 */
export class Debouncer {
  private readonly pendingRuns = new Map<string, { timer?: NodeJS.Timeout; immediate?: NodeJS.Immediate }>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (key: string) => void | Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  schedule(key: string, delayMs = this.delayMs): void {
    this.cancel(key);
    const start = () => {
      this.pendingRuns.delete(key);
      void this.invoke(key);
    };
    if (delayMs > 0) {
      this.pendingRuns.set(key, { timer: setTimeout(start, delayMs) });
      return;
    }
    const handle: { immediate?: NodeJS.Immediate } = {};
    handle.immediate = setImmediate(() => {
      handle.immediate = setImmediate(start);
    });
    this.pendingRuns.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.pendingRuns.get(key);
    if (handle?.timer) clearTimeout(handle.timer);
    if (handle?.immediate) clearImmediate(handle.immediate);
    this.pendingRuns.delete(key);
  }

  pending(key: string): boolean {
    return this.pendingRuns.has(key);
  }

  dispose(): void {
    for (const key of [...this.pendingRuns.keys()]) this.cancel(key);
  }

  private async invoke(key: string): Promise<void> {
    try {
      await this.run(key);
    } catch (e) {
      this.onError(key, e);
    }
  }
}
