import { existsSync } from 'fs';
import * as path from 'path';
import type { CodeLens, Connection } from 'vscode-languageserver/node';
import { migrationLenses, type MigrationState } from '../features/codeLens';
import type { Workspace } from '../project/workspace';
import { appliedOf, readHistory } from '../run/history';
import { migrationFile } from '../run/runSession';
import { openTarget, resolveTarget } from '../run/target';
import { redact } from '../sources/database/redact';
import { describeError, type Logger } from './log';
import { uriToPath } from './uris';
import type { WorkspaceRegistry } from './workspaces';

type Guard = <T>(name: string, run: () => Promise<T>) => Promise<T | null>;

/** Per root: the history of its run target, read once and again after each run. */
type Histories = Map<string, Promise<((ws: Workspace, file: string) => MigrationState) | undefined>>;

/**
 * Code lens at the top of each migration file: its state in the history table of the run target (the
 * configured database, else the project's embedded one) and Run / Dry-run. Only in a trusted workspace
 * (Run is disabled otherwise). An embedded database that was never created has applied nothing and is not
 * opened; one that another process holds is not waited for.
 */
export function registerCodeLens(
  connection: Connection,
  registry: WorkspaceRegistry,
  trusted: () => boolean,
  databaseUrl: (root: string) => Promise<string | undefined>,
  log: Logger,
  guard: Guard,
): { refresh(root?: string): void } {
  const histories: Histories = new Map();

  const load = (root: string) => {
    let found = histories.get(root);
    if (!found) histories.set(root, (found = readStates(root)));
    return found;
  };

  const readStates = async (root: string): Promise<((ws: Workspace, file: string) => MigrationState) | undefined> => {
    const url = await databaseUrl(root);
    const target = await resolveTarget(root, url);
    const secret = (text: string) => redact(text, url, target.kind === 'postgres' ? target.url : undefined);
    if (target.kind === 'embedded' && !existsSync(path.join(target.dir, 'data'))) return () => ({ kind: 'pending' });
    const abort = new AbortController();
    try {
      const db = await openTarget(target, { files: [], signal: abort.signal, onWait: () => abort.abort() });
      try {
        const history = await readHistory(db);
        return (ws, file) => {
          const applied = appliedOf(migrationFile(ws, file, ''), history);
          if (!applied) return { kind: 'pending' };
          return applied.by === 'schemasense' ? { kind: 'applied', at: applied.appliedAt, by: 'schemasense' } : { kind: 'applied', by: applied.tables };
        };
      } finally {
        await db.close();
      }
    } catch (e) {
      const why = abort.signal.aborted ? 'the embedded database is in use' : secret((e as Error).message ?? String(e));
      log.info(`SchemaSense: code lens: the migration history of ${root} could not be read: ${why}`);
      if (!abort.signal.aborted) log.error(secret(describeError(e)));
      histories.delete(root);
      return (() => ({ kind: 'unknown', why })) as (ws: Workspace, file: string) => MigrationState;
    }
  };

  connection.onCodeLens((params) =>
    guard('code lens', async (): Promise<CodeLens[] | null> => {
      if (!trusted()) return [];
      const file = uriToPath(params.textDocument.uri);
      const placement = registry.place(params.textDocument.uri);
      const ws = await placement.entry.ready;
      if (!file || !ws || !ws.isMigration(file)) return [];
      const states = await load(placement.entry.root);
      const state = states ? states(ws, file) : ({ kind: 'unknown', why: 'not read' } as const);
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return migrationLenses(state).map((lens) => ({
        range,
        command: { title: lens.title, command: lens.command ?? '', arguments: lens.command ? [params.textDocument.uri] : undefined },
      }));
    }),
  );

  return {
    refresh(root?: string) {
      if (root) histories.delete(root);
      else histories.clear();
      void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
  };
}
