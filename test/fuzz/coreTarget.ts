import * as path from 'path';
import { Worker } from 'worker_threads';
import type { MigrationFile } from '../../server/src/analysis';
import { answerWithinMs, describeError, type Outcome } from './outcome';

/** `analyzeDocument` against a realistic catalog, in a worker that is replaced when an input hangs or kills it. */
export class CoreTarget {
  private worker!: Worker;
  /** The worker being started: inputs wait for it. */
  private starting: Promise<void> = Promise.resolve();
  private settle: ((outcome: Outcome) => void) | undefined;

  private constructor(private readonly catalogFiles: MigrationFile[]) {}

  static async start(catalogFiles: MigrationFile[]): Promise<CoreTarget> {
    const target = new CoreTarget(catalogFiles);
    await target.spawn();
    return target;
  }

  /** Analyses `text`; a thrown exception, a bad problem, no answer within the bound, or a dead worker is a failure. */
  async run(text: string): Promise<Outcome> {
    await this.starting;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await new Promise<Outcome>((resolve) => {
      this.settle = resolve;
      const within = answerWithinMs(text);
      timer = setTimeout(() => resolve({ kind: 'hang', error: `no answer within ${within} ms` }), within);
      this.worker.postMessage({ text });
    });
    clearTimeout(timer);
    this.settle = undefined;
    if ('kind' in outcome && outcome.kind === 'hang') {
      const stuck = this.worker;
      this.starting = this.spawn();
      await stuck.terminate();
    }
    return outcome;
  }

  async stop(): Promise<void> {
    await this.starting.catch(() => undefined);
    const worker = this.worker;
    this.worker = undefined as never;
    await worker.terminate();
  }

  /** Starts a worker and makes it the current one (synchronously: the old one's exit is then expected). */
  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(path.join(__dirname, 'coreWorker.js'), { workerData: { catalogFiles: this.catalogFiles } });
      this.worker = worker;
      let ready = false;
      worker.on('message', (m: { ready?: true } & Outcome) => {
        if (!m.ready) return this.settle?.(m);
        ready = true;
        resolve();
      });
      // What the worker's own handler cannot catch (the WASM runtime aborting, running out of memory) ends it.
      worker.on('error', (e) => (ready ? this.settle?.({ kind: 'crash', error: describeError(e) }) : reject(e)));
      worker.on('exit', (code) => {
        if (!ready) return reject(new Error(`the fuzz worker exited with code ${code} while loading`));
        if (this.worker !== worker) return;
        this.settle?.({ kind: 'crash', error: `the worker exited with code ${code}` });
        this.starting = this.spawn();
      });
    });
  }
}
