/**
 * The worker thread that hosts a PGlite database (bundled to dist/pglite-worker.js). PGlite runs each
 * statement synchronously in WASM: in the language server's own thread a slow statement would freeze the
 * editor, and nothing could stop it. Here it can only stall this thread, and terminating the thread stops
 * it (what cancel does; an uncommitted transaction then never reaches the data folder).
 *
 * Messages in: {id, op: 'open', options} | {id, op: 'execute', sql, params} | {id, op: 'close'}.
 * Messages out: {id, notice} while a statement runs, then {id, result} or {id, error}.
 */
import { parentPort } from 'worker_threads';
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
      return db.execute(m.sql, m.params, (notice) => parentPort!.postMessage({ id: m.id, notice } satisfies WorkerReply));
    case 'close':
      await db?.close();
      db = undefined;
      return null;
  }
}

parentPort?.on('message', (m: WorkerRequest) => {
  handle(m).then(
    (result) => parentPort!.postMessage({ id: m.id, result } satisfies WorkerReply),
    (e) => {
      const postgres = asPostgresError(e);
      const error: WorkerError = postgres ? { postgres } : { message: (e as Error)?.message ?? String(e) };
      parentPort!.postMessage({ id: m.id, error } satisfies WorkerReply);
    },
  );
});
