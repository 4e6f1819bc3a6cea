/** What the history table of the run target says about one migration file. */
export type MigrationState =
  | { kind: 'applied'; at?: string; by: string }
  | { kind: 'pending' }
  /** The database could not be read (busy, unreachable): only the commands. */
  | { kind: 'unknown'; why: string };

export interface Lens {
  title: string;
  /** A client command, run with the document's URI; none: a label. */
  command?: 'schemasense.runMigration' | 'schemasense.dryRunMigration';
}

/**
 * The code lens at the top of a migration: its state in the run target's history, then the commands that
 * apply to it (`applied 2026-11-30 · Run · Dry-run`, `pending · Run · Dry-run`).
 */
export function migrationLenses(state: MigrationState): Lens[] {
  const commands: Lens[] = [
    { title: 'Run', command: 'schemasense.runMigration' },
    { title: 'Dry-run', command: 'schemasense.dryRunMigration' },
  ];
  switch (state.kind) {
    case 'applied':
      return [{ title: `applied${state.at ? ` ${state.at.slice(0, 10)}` : ''}${state.by === 'schemasense' ? '' : ` (${state.by})`}` }, ...commands];
    case 'pending':
      return [{ title: 'pending' }, ...commands];
    case 'unknown':
      return [{ title: `state unknown: ${state.why}` }, ...commands];
  }
}
