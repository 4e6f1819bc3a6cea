import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type * as WorkerThreads from 'worker_threads';
import { ConnectionLostError, type Database, type ExecResult, type TargetDescription } from './database';
import type { PgliteOptions } from './pgliteDatabase';
import type { WorkerReply, WorkerRequest } from './pgliteWorker';

/**
 * A PGlite database hosted off the caller's thread by pgliteWorker.ts, behind the same Database interface
 * as a server, in one of two hosts:
 * - a worker thread (`openPgliteThread`): for a database with a data folder (embedded.ts), which must die
 *   with the process that holds the folder's lock;
 * - a child process (`openPgliteProcess`): for the on-save verification's in-memory shadow, kept between
 *   saves. PostgreSQL in WASM takes 250-300 MB once it has run a few migrations; in a thread of the language
 *   server that would stay in the server's resident memory, a process of its own gives all of it back when
 *   it ends. It ends with its parent (pgliteWorker.ts watches it). Messages are structured clones there
 *   too (`serialization: 'advanced'`).
 * Cancel ends the host: the statement stops at once, the session ends, and its open transaction is gone
 * with it (a data folder recovers on the next open, like a server after a crash).
 */
export function openPgliteThread(options: PgliteOptions): Promise<Database> {
  // Required here: a CLI start-up that runs nothing should not load worker_threads (issue 17).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('worker_threads') as typeof WorkerThreads;
  const worker = new Worker(workerScript());
  return open(
    {
      send: (m) => worker.postMessage(m),
      onMessage: (f) => worker.on('message', f),
      onEnd: (f) => (worker.on('error', (e) => f(`the embedded database stopped: ${e.message}`)), worker.on('exit', () => f('the embedded database stopped'))),
      stop: async () => void (await worker.terminate()),
    },
    options,
  );
}

export function openPgliteProcess(options: PgliteOptions): Promise<Database> {
  const child = fork(workerScript(), [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return open(
    {
      send: (m) => child.send(m),
      onMessage: (f) => child.on('message', f),
      onEnd: (f) => (child.on('error', (e) => f(`the embedded database stopped: ${e.message}`)), child.on('exit', () => f('the embedded database stopped'))),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    },
    options,
  );
}

/** What PgliteHosted needs of its host: messages both ways, its end, and ending it. */
interface Host {
  send(message: WorkerRequest): void;
  onMessage(handler: (reply: WorkerReply) => void): void;
  onEnd(handler: (reason: string) => void): void;
  /** Ends the host at once; resolves once it has ended. */
  stop(): Promise<void>;
}

async function open(host: Host, options: PgliteOptions): Promise<Database> {
  const db = new PgliteHosted(host, options.target);
  try {
    const { serverVersion } = (await db.request({ op: 'open', options })) as { serverVersion: number };
    db.serverVersion = serverVersion;
    return db;
  } catch (e) {
    await host.stop();
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

class PgliteHosted implements Database {
  readonly cancelsRunningStatements = true;
  serverVersion = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private ended: string | undefined;

  constructor(
    private readonly host: Host,
    readonly target: TargetDescription,
  ) {
    host.onMessage((m) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if ('notice' in m) return p.onNotice?.(m.notice);
      this.pending.delete(m.id);
      if ('result' in m) p.resolve(m.result);
      else if ('postgres' in m.error) p.reject(Object.assign(new Error(m.error.postgres.message), m.error.postgres));
      else p.reject(new ConnectionLostError(m.error.message));
    });
    host.onEnd((reason) => this.end(reason));
  }

  request(message: DistributiveOmit<WorkerRequest, 'id'>, onNotice?: (n: string) => void): Promise<unknown> {
    if (this.ended) return Promise.reject(new ConnectionLostError(this.ended));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onNotice });
      this.host.send({ ...message, id } as WorkerRequest);
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
    await this.host.stop();
  }

  async lock(): Promise<void> {
    // One session per data folder: embedded.ts holds the folder's lock file around this database.
  }

  async unlock(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.ended) {
      const timer = setTimeout(() => void this.host.stop(), 10_000);
      await this.request({ op: 'close' }).catch(() => undefined);
      clearTimeout(timer);
    }
    await this.host.stop();
  }

  private end(reason: string): void {
    this.ended ??= reason;
    for (const p of this.pending.values()) p.reject(new ConnectionLostError(reason));
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
