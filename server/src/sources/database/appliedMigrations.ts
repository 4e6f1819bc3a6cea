import * as path from 'path';
import type { Client } from 'pg';

/**
 * The migrations a database says it has applied, from the history tables of the common tools. Lets the
 * layering know which migration files the database already contains (see project/layering.ts).
 * A table of the same name but another shape is skipped.
 */

/** History tables by name, and the query that lists what they record as applied. `$table` is the qualified name. */
const HISTORY_TABLES: Record<string, string> = {
  // Prisma Migrate: one row per migration folder.
  _prisma_migrations: 'select migration_name as name from $table where finished_at is not null and rolled_back_at is null',
  // Supabase (supabase_migrations.schema_migrations), dbmate, golang-migrate (only the latest version), Rails.
  schema_migrations: 'select version::text as name from $table',
  // Flyway: the script's file name and its version.
  flyway_schema_history: 'select script as name from $table where success union all select version from $table where success and version is not null',
};

const FIND = `
  select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as qualified, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and c.relname = any($1)
  order by n.nspname, c.relname`;

export async function readAppliedMigrations(client: Pick<Client, 'query'>): Promise<{ names: Set<string>; tables: string[] }> {
  const names = new Set<string>();
  const tables: string[] = [];
  const found = await client.query(FIND, [Object.keys(HISTORY_TABLES)]);
  for (const t of found.rows) {
    try {
      const rows = (await client.query(HISTORY_TABLES[t.name].replace(/\$table/g, t.qualified))).rows;
      for (const r of rows) if (r.name) names.add(String(r.name));
      tables.push(t.qualified);
    } catch {
      // Not the shape we know (a table of the same name from another tool): it tells us nothing.
    }
  }
  return { names, tables };
}

/** Names a tool may record a migration file under: its name, its stem, Prisma's folder, its leading version. */
export function namesRecordedFor(file: string): string[] {
  const base = path.basename(file);
  const stem = base.replace(/\.sql$/i, '').replace(/\.up$/i, '');
  const version = /^V?(\d+(?:[._]\d+)*)/i.exec(stem)?.[1];
  const names = [base, stem, path.basename(path.dirname(file))];
  if (version) names.push(version, version.replace(/^0+(?=\d)/, ''), version.replace(/_/g, '.'));
  return names;
}
