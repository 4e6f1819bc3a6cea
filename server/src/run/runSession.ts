import { promises as fs } from 'fs';
import * as path from 'path';
import type { Workspace } from '../project/workspace';
import type { MigrationFile } from './history';
import { orderMigrations } from '../sources/migrations/order';
import { runMigrations, type Consent, type RunFile, type RunOptions, type RunReport } from './runner';
import { describeRunTarget, openTarget, type RunTarget } from './target';

/**
 * One command of the editor or the CLI, from the project to the report: which database (and a confirmation
 * before a remote one), which files (Run Migration, Run Pending; the embedded database first gets the earlier
 * files it lacks, since it is built by applying the history in order), then the run.
 */

export interface SessionRequest extends Omit<RunOptions, 'consent'> {
  workspace: Workspace;
  /** The text of a file (an open editor's, else the disk's). */
  textOf?: (file: string) => Promise<string>;
  /** Files to run in this order; undefined: every pending migration. */
  files?: string[];
  /** Where to run (target.ts: resolveTarget). */
  target: RunTarget;
  consent?: Consent & { remoteHost?: boolean };
}

export async function runSession(request: SessionRequest): Promise<RunReport> {
  const ws = request.workspace;
  const target = request.target;
  const described = describeRunTarget(target);
  if (target.kind === 'postgres' && !described.local && !request.consent?.remoteHost) {
    return confirm(described.display, [{ kind: 'remote-host', host: described.host, port: described.port ?? '', database: described.database, user: described.user }]);
  }
  const textOf = request.textOf ?? ((file: string) => fs.readFile(file, 'utf8'));
  const history = await Promise.all(ws.migrationFiles().map(async (p) => migrationFile(ws, p, await textOf(p))));
  const files: RunFile[] = request.files
    ? await Promise.all(request.files.map(async (p) => migrationFile(ws, p, await textOf(p))))
    : history.map((f) => ({ ...f, ifPending: true }));
  if (target.kind === 'embedded' && request.files) {
    const first = Math.min(...files.map((f) => positionIn(history, f.path)));
    files.unshift(...history.slice(0, first).map((f) => ({ ...f, ifPending: true, first: true })));
  }
  // Opening the embedded database the first time creates it (tens of seconds on a slow machine): say so.
  if (target.kind === 'embedded') request.progress?.({ file: '', index: 0, count: files.length, message: 'starting the embedded database' });
  let db;
  try {
    db = await openTarget(target, {
      files: history,
      signal: request.signal,
      onWait: (pid) => request.log?.(`the embedded database is in use by process ${pid}; waiting for it`),
    });
  } catch (e) {
    throw new TargetUnavailable((e as Error).message);
  }
  try {
    // The embedded database is a scratch copy: running a file statement by statement there needs no consent.
    const consent = target.kind === 'embedded' ? { ...request.consent, noTransaction: true } : request.consent;
    return await runMigrations(db, files, { ...request, consent });
  } finally {
    await db.close();
  }
}

/** The database could not be opened (no connection, a wrong password): nothing ran. */
export class TargetUnavailable extends Error {}

/**
 * Where a file stands in the history: its index, or, for a file the workspace has not picked up yet (just
 * created in the editor), the number of history files that come before it in the migration order.
 */
function positionIn(history: readonly MigrationFile[], file: string): number {
  const known = history.findIndex((h) => h.path === path.resolve(file));
  if (known >= 0) return known;
  const ordered = orderMigrations([...history.map((h) => h.path), path.resolve(file)]);
  const at = ordered.indexOf(path.resolve(file));
  return at < 0 ? history.length : history.filter((h) => ordered.indexOf(h.path) < at).length;
}

/** A file as the runner takes it: named relative to its migration folder (how histories know it). */
export function migrationFile(ws: Workspace, file: string, text: string): MigrationFile {
  const p = path.resolve(file);
  const folder = ws
    .migrationFolders()
    .filter((f) => !path.relative(f, p).startsWith('..'))
    .sort((a, b) => b.length - a.length)[0];
  const name = (folder ? path.relative(folder, p) : path.basename(p)).split(path.sep).join('/');
  return { path: p, name, text, recorded: ws.isMigration(p) };
}

function confirm(target: string, questions: RunReport['questions']): RunReport {
  return { status: 'confirm', dryRun: false, target, targetName: target, questions, files: [], warnings: [], millis: 0 };
}
