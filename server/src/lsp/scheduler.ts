/**
 * Debounces work per key: scheduling a key again before its timer fires replaces the pending run, so a
 * burst of keystrokes costs one analysis. A run that is already executing is not interrupted; the runner
 * itself checks that its input is still current before it publishes anything (see `checks.ts`).
 */
export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (key: string) => void | Promise<void>,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  schedule(key: string, delayMs = this.delayMs): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.invoke(key);
    }, delayMs);
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  pending(key: string): boolean {
    return this.timers.has(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async invoke(key: string): Promise<void> {
    try {
      await this.run(key);
    } catch (e) {
      this.onError(key, e);
    }
  }
}
