import type { Client } from 'pg';
import { PersistentMap } from '../../analysis/catalog/persistentMap';
import type { Catalog, Column, FunctionSignature, Relation, RelationKind, Schema, TypeInfo } from '../../analysis/catalog/types';
import { connect, describeFailure, type ConnectOptions } from './connection';
import { readAppliedMigrations } from './appliedMigrations';
import { prismaSchemaOfUrl, readPrismaMigrations, type PrismaHistory } from './prismaMigrations';

/**
 * Reads a live database's schema from pg_catalog into a Catalog: tables (partitioned ones and partitions
 * too), views, materialized views, foreign tables and sequences with their columns (types as format_type
 * prints them, nullability, defaults), primary keys, unique keys, foreign keys, enums and other types,
 * and functions. The session is read-only: nothing is ever written. Every schema read is closed (fully
 * known): a name missing from it is an error.
 */

export interface IntrospectOptions extends ConnectOptions {
  /** Schemas to read; every non-system schema when absent or empty. */
  schemas?: readonly string[];
}

export interface DatabaseSchema {
  catalog: Catalog;
  /** The schemas read. */
  schemas: string[];
  /** Migrations the database's history tables record as applied: names, folder names or versions. */
  appliedMigrations: ReadonlySet<string>;
  /** The history tables found, e.g. `public._prisma_migrations`. */
  historyTables: string[];
  /** The rows of Prisma's `_prisma_migrations` (with their checksums), when the database has the table. */
  prismaMigrations?: PrismaHistory;
}

const SCHEMAS = `
  select nspname as name from pg_namespace
  where nspname !~ '^pg_' and nspname <> 'information_schema' and (cardinality($1::text[]) = 0 or nspname = any($1))
  order by nspname`;

const COLUMNS = `
  select n.nspname as schema, c.relname as relation, c.relkind as kind, a.attname as column,
         format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull, pg_get_expr(d.adbin, d.adrelid) as default
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
  where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and n.nspname = any($1)
  order by n.nspname, c.relname, a.attnum`;

/** Primary keys and unique indexes on plain columns (unique constraints are such indexes too). */
const KEYS = `
  select n.nspname as schema, c.relname as relation, i.indisprimary as primary,
         array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, pos)
               join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.pos) as columns
  from pg_index i
  join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
  where (i.indisprimary or i.indisunique) and i.indpred is null and i.indexprs is null and n.nspname = any($1)
  order by n.nspname, c.relname, i.indexrelid`;

const FOREIGN_KEYS = `
  select n.nspname as schema, c.relname as relation, k.conname as name, fn.nspname as ref_schema, fc.relname as ref_table,
         array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, pos)
               join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.pos) as columns,
         array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, pos)
               join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.pos) as ref_columns
  from pg_constraint k
  join pg_class c on c.oid = k.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_class fc on fc.oid = k.confrelid
  join pg_namespace fn on fn.oid = fc.relnamespace
  where k.contype = 'f' and n.nspname = any($1)
  order by n.nspname, c.relname, k.conname`;

/** Enums (with their labels in order), domains and standalone composite types. */
const TYPES = `
  select n.nspname as schema, t.typname as name,
         array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as values
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class r on r.oid = t.typrelid
  where n.nspname = any($1) and (t.typtype in ('e', 'd') or (t.typtype = 'c' and r.relkind = 'c'))
  order by n.nspname, t.typname`;

const FUNCTIONS = `
  select n.nspname as schema, p.proname as name, pg_get_function_identity_arguments(p.oid) as args,
         coalesce(pg_get_function_result(p.oid), '') as returns
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = any($1)
  order by n.nspname, p.proname, p.oid`;

const KINDS: Record<string, RelationKind> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' };

interface MutableSchema {
  relations: Map<string, Relation>;
  functions: Map<string, FunctionSignature[]>;
  types: Map<string, TypeInfo>;
}

/** Connects, reads the schema in one read-only snapshot, and disconnects. Errors name the server, password masked. */
export async function introspectDatabase(url: string, options: IntrospectOptions = {}): Promise<DatabaseSchema> {
  const client = await connect(url, options);
  try {
    await client.query('set session characteristics as transaction read only');
    await client.query('begin isolation level repeatable read');
    const result = await readSchema(client, options.schemas ?? []);
    await client.query('commit');
    const applied = await readAppliedMigrations(client);
    const prisma = await readPrismaMigrations(client, prismaSchemaOfUrl(url));
    return { ...result, appliedMigrations: applied.names, historyTables: applied.tables, ...(prisma ? { prismaMigrations: prisma } : {}) };
  } catch (e) {
    throw new Error(describeFailure(url, e));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readSchema(client: Client, wanted: readonly string[]): Promise<Omit<DatabaseSchema, 'appliedMigrations' | 'historyTables' | 'prismaMigrations'>> {
  const schemaNames: string[] = (await client.query(SCHEMAS, [wanted])).rows.map((r) => r.name);
  const schemas = new Map<string, MutableSchema>(schemaNames.map((name) => [name, { relations: new Map(), functions: new Map(), types: new Map() }]));
  const [columns, keys, foreignKeys, types, functions] = [
    await client.query(COLUMNS, [schemaNames]),
    await client.query(KEYS, [schemaNames]),
    await client.query(FOREIGN_KEYS, [schemaNames]),
    await client.query(TYPES, [schemaNames]),
    await client.query(FUNCTIONS, [schemaNames]),
  ];

  // Rows come ordered by relation: collect each relation's columns, then make the relation once.
  const built = new Map<string, { schema: string; name: string; kind: RelationKind; columns: Column[]; primaryKey?: string[]; uniqueKeys: string[][]; foreignKeys: Relation['foreignKeys'][number][] }>();
  const key = (schema: string, name: string) => `${schema}\u0000${name}`;
  for (const r of columns.rows) {
    let rel = built.get(key(r.schema, r.relation));
    if (!rel) built.set(key(r.schema, r.relation), (rel = { schema: r.schema, name: r.relation, kind: KINDS[r.kind], columns: [], uniqueKeys: [], foreignKeys: [] }));
    if (r.column !== null) rel.columns.push({ name: r.column, type: r.type, nullable: !r.notnull, ...(r.default !== null ? { default: r.default } : {}) });
  }
  for (const r of keys.rows) {
    const rel = built.get(key(r.schema, r.relation));
    if (!rel) continue;
    if (r.primary) rel.primaryKey = r.columns;
    else rel.uniqueKeys.push(r.columns);
  }
  for (const r of foreignKeys.rows) {
    built.get(key(r.schema, r.relation))?.foreignKeys.push({ name: r.name, columns: r.columns, refSchema: r.ref_schema, refTable: r.ref_table, refColumns: r.ref_columns });
  }
  for (const rel of built.values()) {
    const { schema, ...rest } = rel;
    schemas.get(schema)!.relations.set(rel.name, { schema, ...rest, open: false });
  }
  for (const r of types.rows) schemas.get(r.schema)!.types.set(r.name, { schema: r.schema, name: r.name, values: r.values });
  for (const r of functions.rows) {
    const list = schemas.get(r.schema)!.functions;
    list.set(r.name, [...(list.get(r.name) ?? []), { schema: r.schema, name: r.name, args: r.args, returns: r.returns }]);
  }

  const catalogSchemas = new Map<string, Schema>();
  for (const [name, s] of schemas) {
    catalogSchemas.set(name, { name, closed: true, relations: PersistentMap.from(s.relations), functions: PersistentMap.from(s.functions), types: PersistentMap.from(s.types) });
  }
  return { catalog: { schemas: catalogSchemas, uncertainNames: new Set() }, schemas: schemaNames };
}
