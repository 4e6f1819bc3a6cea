import { getHeapStatistics, setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

/**
 * A full garbage collection when the server is idle, or between the slices of background work, and its heap
 * has grown by `growthMb` since the last one.
 *
 * V8 sizes the old generation by what survived its last full collection: after one that kept 50 MB it lets
 * the heap grow to about four times that before the next. A language server's garbage is long-lived by
 * V8's measure (a document's superseded analysis, the references index's intermediate names, survive
 * several young-generation collections and are promoted), so with a 2,000-table history the server's
 * resident memory peaked at several times what it keeps. The server knows when a burst of work ended (a
 * publication, a document closed) and when background work may pause (between the references index's
 * slices): collecting there keeps the peak near what is live plus `growthMb`, at a few tens of milliseconds
 * per collection.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  /** The catch-all: work that publishes nothing (a burst of requests) is looked at once a second, when quiet. */
  private readonly every: NodeJS.Timeout | undefined;
  /** When the client last sent something (stdio or node IPC), so that a burst of requests is not interrupted. */
  private lastMessage = 0;
  private readonly heard = () => {
    this.lastMessage = Date.now();
  };
  private usedAfter = 0;
  private readonly gc: (() => void) | undefined;

  constructor(
    private readonly growthMb = 24,
    private readonly quietMs = 250,
  ) {
    this.gc = collector();
    this.usedAfter = getHeapStatistics().used_heap_size;
    if (this.gc) {
      this.every = setInterval(() => {
        if (Date.now() - this.lastMessage >= this.quietMs) this.checkpoint();
      }, 1_000);
      this.every.unref?.();
      // Listening beside the connection's reader takes nothing from it (its transport: --stdio or node IPC).
      if (process.argv.includes('--stdio')) process.stdin.on('data', this.heard);
      if (process.send) process.on('message', this.heard);
    }
  }

  /** Work happened: collect once the server has been quiet for a while, if the heap grew enough. */
  activity(): void {
    if (!this.gc) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkpoint(), this.quietMs);
    this.timer.unref?.();
  }

  /** A pause in background work: collect now if the heap grew enough. */
  checkpoint(): void {
    if (!this.gc) return;
    if (getHeapStatistics().used_heap_size - this.usedAfter < this.growthMb * 1024 * 1024) return;
    this.gc();
    this.usedAfter = getHeapStatistics().used_heap_size;
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.every);
    if (process.argv.includes('--stdio')) process.stdin.off('data', this.heard);
    process.off('message', this.heard);
  }
}

/**
 * Keeps V8's young generation at its first size (1 MB semi-spaces) instead of letting it double up to 16 MB
 * semi-spaces (32 MB resident) when much survives: with the idle collections above, what a larger young
 * generation would have let die young is collected soon anyway, and the young generation is a fifth of what
 * the server may use next to the peer. Read by V8 each time it would grow the young generation, so it can be
 * set at start-up. Only the language server sets it (the CLI's processes are short).
 */
export function keepYoungGenerationSmall(): void {
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // An engine without the flag keeps its own sizing.
  }
}

/** V8's full collection: node's `gc` when it runs with --expose-gc, else exposed now in a context of its own. */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
