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
 * Keeps both of V8's generations near what the server holds, as read by V8 each time it sizes them (so they
 * can be set at start-up; only the language server sets them, the CLI's processes are short):
 * - the young generation at its first size (1 MB semi-spaces) instead of letting it double up to 16 MB
 *   semi-spaces (32 MB resident) when much survives: with the idle collections above, what a larger young
 *   generation would have let die young is collected soon anyway;
 * - the old generation's next limit at 1.2 times what its last full collection kept, where V8 would allow
 *   up to four times: the idle collections come only after a burst of work, and within one (a document
 *   opened, a history replayed) the superseded analyses and replay catalogs were promoted and piled up.
 *   Measured with the benchmark's sessions (2,000 tables): the peak RSS of 5,000 lines went from 158–165 to
 *   147–153 MB, of 50,000 lines from 248–253 to 205–210 MB, for about a tenth more time to the first
 *   diagnostics of an opened file (more full collections, mostly on V8's helper thread).
 */
export function keepGenerationsSmall(): void {
  for (const flag of ['--semi-space-growth-factor=1', '--heap-growing-percent=20']) {
    try {
      setFlagsFromString(flag);
    } catch {
      // An engine without the flag keeps its own sizing.
    }
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
