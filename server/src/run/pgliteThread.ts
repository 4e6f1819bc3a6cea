import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ConnectionLostError, type Database, type ExecResult, type TargetDescription } from './database';
import type { PgliteOptions } from './pgliteDatabase';
import type { WorkerReply, WorkerRequest } from './pgliteWorker';

/**
 * A PGlite database in a worker thread (pgliteWorker.ts), behind the same Database interface as a server.
 * Cancel terminates the thread: the statement stops at once, the session ends, and its open transaction is
 * gone with it (PGlite's data folder recovers on the next open, like a server after a crash).
 */
export async function openPgliteThread(options: PgliteOptions): Promise<Database> {
  const worker = new Worker(workerScript());
  const db = new PgliteThread(worker, options.target);
  try {
    const { serverVersion } = (await db.request({ op: 'open', options })) as { serverVersion: number };
    db.serverVersion = serverVersion;
    return db;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
}

/** dist/pglite-worker.js next to the bundle; run from source (tsc's out/), pgliteWorker.js next to this file. */
function workerScript(): string {
  const bundled = path.join(__dirname, 'pglite-worker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, 'pgliteWorker.js');
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; onNotice?: (n: string) => void };

/** The error a statement stopped by cancel rejects with: what Postgres itself says on pg_cancel_backend. */
const CANCELLED = { code: '57014', message: 'canceling statement due to user request' };

class PgliteThread implements Database {
  readonly cancelsRunningStatements = true;
  serverVersion = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private ended: string | undefined;

  constructor(
    private readonly worker: Worker,
    readonly target: TargetDescription,
  ) {
    worker.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if ('notice' in m) return p.onNotice?.(m.notice);
      this.pending.delete(m.id);
      if ('result' in m) p.resolve(m.result);
      else if ('postgres' in m.error) p.reject(Object.assign(new Error(m.error.postgres.message), m.error.postgres));
      else p.reject(new ConnectionLostError(m.error.message));
    });
    worker.on('error', (e) => this.end(`the embedded database stopped: ${e.message}`));
    worker.on('exit', () => this.end('the embedded database stopped'));
  }

  request(message: DistributiveOmit<WorkerRequest, 'id'>, onNotice?: (n: string) => void): Promise<unknown> {
    if (this.ended) return Promise.reject(new ConnectionLostError(this.ended));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onNotice });
      this.worker.postMessage({ ...message, id });
    });
  }

  async execute(sql: string, params?: unknown[], onNotice?: (message: string) => void): Promise<ExecResult> {
    return (await this.request({ op: 'execute', sql, params }, onNotice)) as ExecResult;
  }

  async cancel(): Promise<void> {
    if (this.pending.size === 0 || this.ended) return;
    const running = [...this.pending.values()];
    this.pending.clear();
    this.ended = 'the embedded database was stopped to cancel the statement; its transaction was rolled back';
    for (const p of running) p.reject(Object.assign(new Error(CANCELLED.message), CANCELLED));
    await this.worker.terminate();
  }

  async lock(): Promise<void> {
    // One session per data folder: embedded.ts holds the folder's lock file around this database.
  }

  async unlock(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.ended) {
      const timer = setTimeout(() => void this.worker.terminate(), 10_000);
      await this.request({ op: 'close' }).catch(() => undefined);
      clearTimeout(timer);
    }
    await this.worker.terminate();
  }

  private end(reason: string): void {
    this.ended ??= reason;
    for (const p of this.pending.values()) p.reject(new ConnectionLostError(reason));
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
