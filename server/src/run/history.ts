import { sha256Hex } from '../analysis/sha256';
import * as path from 'path';
import type { Client } from 'pg';
import { namesRecordedFor, readAppliedMigrations } from '../sources/database/appliedMigrations';
import type { Database } from './database';

/**
 * Which migrations a database has applied. SchemaSense records its runs in `schemasense_migrations` (in
 * `public`, or the session's first schema when there is no `public`), created by the first run that records
 * one, inside that run's transaction. The histories of the tools a project may use count as applied too
 * (Prisma Migrate's `_prisma_migrations`, the Supabase CLI's `supabase_migrations.schema_migrations`, dbmate,
 * Flyway: sources/database/appliedMigrations.ts reads them), matched by file name, Prisma folder or version.
 * SchemaSense never writes those.
 */

export const HISTORY_TABLE = 'schemasense_migrations';

/** A migration file as the runner takes it. */
export interface MigrationFile {
  /** Absolute path. */
  path: string;
  /** Its key in the history: the path relative to its migration folder, `/`-separated. */
  name: string;
  text: string;
  /** False for a SQL file outside the migration history: it runs, but is not recorded. */
  recorded: boolean;
}

export type Applied = { by: 'schemasense'; checksum: string; appliedAt: string } | { by: 'tool'; id: string; tables: string };

export interface History {
  /** Where schemasense_migrations is (or will be), quoted. */
  table: string;
  exists: boolean;
  schemasense: Map<string, { checksum: string; appliedAt: string }>;
  /** What the tools' history tables record as applied, and those tables. */
  tools: { names: ReadonlySet<string>; tables: string[] };
}

export function checksumOf(text: string): string {
  return sha256Hex(text);
}

export async function readHistory(db: Database): Promise<History> {
  const where = await db.execute(
    `SELECT coalesce((SELECT 'public' FROM pg_namespace WHERE nspname = 'public'), current_schema()) AS schema`,
  );
  const schema = String(where.rows[0]?.schema ?? 'public');
  const table = `"${schema.replace(/"/g, '""')}".${HISTORY_TABLE}`;
  const found = await db.execute(`SELECT to_regclass($1) IS NOT NULL AS ours`, [table]);
  const history: History = { table, exists: found.rows[0]?.ours === true, schemasense: new Map(), tools: { names: new Set(), tables: [] } };
  if (history.exists) {
    const rows = await db.execute(`SELECT name, checksum, applied_at::text AS applied_at FROM ${table}`);
    for (const r of rows.rows) history.schemasense.set(String(r.name), { checksum: String(r.checksum), appliedAt: String(r.applied_at) });
  }
  // appliedMigrations.ts only ever calls `query(text, values)`: the session answers that for pg and PGlite alike.
  const session = { query: (text: string, values?: unknown[]) => db.execute(text, values) } as unknown as Pick<Client, 'query'>;
  history.tools = await readAppliedMigrations(session);
  return history;
}

/** How the history knows the file, if it does. */
export function appliedOf(file: MigrationFile, history: History): Applied | undefined {
  const ours = history.schemasense.get(file.name);
  if (ours) return { by: 'schemasense', ...ours };
  const id = namesRecordedFor(file.name).find((n) => history.tools.names.has(n));
  return id === undefined ? undefined : { by: 'tool', id, tables: history.tools.tables.join(', ') };
}

/** The tool whose history the file belongs to, by where it lives, and that tool's history table. */
export function owningTool(file: MigrationFile): { tool: string; table: string } | undefined {
  const p = file.path.split(path.sep).join('/');
  if (/\/prisma\/migrations\/[^/]+\/migration\.sql$/.test(p)) return { tool: 'Prisma Migrate', table: '_prisma_migrations' };
  if (/\/supabase\/migrations\/[^/]+\.sql$/.test(p)) return { tool: 'the Supabase CLI', table: 'supabase_migrations.schema_migrations' };
  return undefined;
}

/**
 * Records the file as applied, in the session's transaction; creates the history table first when it does not
 * exist yet (the caller marks `history.exists` once that transaction committed).
 */
export async function recordApplied(db: Database, history: History, file: MigrationFile, millis: number): Promise<void> {
  if (!history.exists) {
    await db.execute(
      `CREATE TABLE IF NOT EXISTS ${history.table} (
         name text PRIMARY KEY,
         checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         duration_ms integer NOT NULL
       )`,
    );
    await db.execute(`COMMENT ON TABLE ${history.table} IS 'Migrations applied by SchemaSense (Run Migration, schemasense run)'`);
  }
  await db.execute(
    `INSERT INTO ${history.table} (name, checksum, duration_ms) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now(), duration_ms = excluded.duration_ms`,
    [file.name, checksumOf(file.text), Math.round(millis)],
  );
}
