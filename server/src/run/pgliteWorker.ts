/**
 * The thread or process that hosts a PGlite database (bundled to dist/pglite-worker.js, started by
 * pgliteHost.ts). PGlite runs each statement synchronously in WASM: in the language server's own thread a
 * slow statement would freeze the editor, and nothing could stop it. Here it can only stall this thread,
 * and ending it stops it (what cancel does; an uncommitted transaction then never reaches the data folder).
 * As a process it ends with its parent, even in the middle of a statement (a watchdog thread kills it).
 *
 * Messages in: {id, op: 'open', options} | {id, op: 'execute', sql, params} | {id, op: 'close'}.
 * Messages out: {id, notice} while a statement runs, then {id, result} or {id, error}.
 */
import { parentPort, Worker } from 'worker_threads';
import { asPostgresError, type Database } from './database';
import { openPglite, type PgliteOptions } from './pgliteDatabase';

export type WorkerRequest =
  | { id: number; op: 'open'; options: PgliteOptions }
  | { id: number; op: 'execute'; sql: string; params?: unknown[] }
  | { id: number; op: 'close' };

export type WorkerError = { postgres: NonNullable<ReturnType<typeof asPostgresError>> } | { message: string };

export type WorkerReply = { id: number; notice: string } | { id: number; result: unknown } | { id: number; error: WorkerError };

let db: Database | undefined;

async function handle(m: WorkerRequest): Promise<unknown> {
  switch (m.op) {
    case 'open':
      db = await openPglite(m.options);
      return { serverVersion: db.serverVersion };
    case 'execute':
      if (!db) throw new Error('the database is not open');
      return db.execute(m.sql, m.params, (notice) => send({ id: m.id, notice }));
    case 'close':
      await db?.close();
      db = undefined;
      return null;
  }
}

function send(reply: WorkerReply): void {
  if (parentPort) parentPort.postMessage(reply);
  else process.send?.(reply);
}

function serve(m: WorkerRequest): void {
  handle(m).then(
    (result) => send({ id: m.id, result }),
    (e) => {
      const postgres = asPostgresError(e);
      const error: WorkerError = postgres ? { postgres } : { message: (e as Error)?.message ?? String(e) };
      send({ id: m.id, error });
    },
  );
}

/**
 * Checks twice a second, from a thread of its own (this one may be inside a statement for minutes), that
 * the parent is alive, and kills this process when it is not: an orphan would run its statement to the end.
 */
const WATCHDOG = `
const { workerData } = require('worker_threads');
setInterval(() => {
  let gone = process.ppid !== workerData.parent;
  if (!gone) try { process.kill(workerData.parent, 0); } catch (e) { gone = e.code === 'ESRCH'; }
  if (gone) process.kill(process.pid, 'SIGKILL');
}, 500);
`;

if (parentPort) {
  parentPort.on('message', serve);
} else if (process.send) {
  process.on('message', serve);
  // The language server is gone: nothing will ask for this database again.
  process.on('disconnect', () => process.exit(0));
  new Worker(WATCHDOG, { eval: true, workerData: { parent: process.ppid } }).unref();
}
