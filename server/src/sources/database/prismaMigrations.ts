import type { Client } from 'pg';
import type { PrismaMigrationRow } from '../../analysis/drift/appliedHistory';

/**
 * The rows of Prisma Migrate's `_prisma_migrations`, for the checksum check (analysis/drift/appliedHistory.ts).
 * Prisma keeps the table in the schema its URL names (`?schema=`, else `public`); a table of that name in
 * another schema is taken only when it is the one there is. Undefined when there is none, or it has another
 * shape (then it is not Prisma's).
 */

const FIND = `
  select n.nspname as schema, quote_ident(n.nspname) || '.' || quote_ident(c.relname) as qualified
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and c.relname = '_prisma_migrations'
  order by n.nspname`;

const ROWS = (table: string) => `
  select migration_name::text as name, checksum::text as checksum,
         to_char(started_at::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as started_at,
         to_char(finished_at::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as finished_at,
         to_char(rolled_back_at::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as rolled_back_at
  from ${table} order by started_at, migration_name`;

export interface PrismaHistory {
  /** The table read, e.g. `public._prisma_migrations`. */
  table: string;
  rows: PrismaMigrationRow[];
}

/** The schema Prisma's URL puts its tables in: `?schema=` (default `public`). */
export function prismaSchemaOfUrl(url: string): string {
  try {
    return new URL(url.trim()).searchParams.get('schema') || 'public';
  } catch {
    return 'public';
  }
}

export async function readPrismaMigrations(client: Pick<Client, 'query'>, schema: string): Promise<PrismaHistory | undefined> {
  const found: { schema: string; qualified: string }[] = (await client.query(FIND)).rows;
  const table = found.find((t) => t.schema === schema) ?? (found.length === 1 ? found[0] : undefined);
  if (!table) return undefined;
  try {
    const rows = (await client.query(ROWS(table.qualified))).rows;
    const time = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
    return {
      table: table.qualified,
      rows: rows.map((r) => ({ name: String(r.name), checksum: String(r.checksum ?? ''), startedAt: time(r.started_at), finishedAt: time(r.finished_at), rolledBackAt: time(r.rolled_back_at) })),
    };
  } catch {
    // Not Prisma's shape: it tells us nothing.
    return undefined;
  }
}
