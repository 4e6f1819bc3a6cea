/**
 * The tables a migration tool keeps its own history in. They exist before the first migration runs (the tool
 * creates them), so a migration may read or alter them: `ALTER TABLE schema_migrations ...` is no 42P01 in a
 * history of golang-migrate. Pure: the tool is read from the files' paths and texts.
 */
import * as path from 'path';
import type { Catalog, Relation } from '../../analysis/catalog/types';
import { withRelation } from '../../analysis/catalog/edit';

export type MigrationTool = 'prisma' | 'diesel' | 'golang-migrate' | 'sqlx' | 'dbmate' | 'goose' | 'flyway';

type ColumnSpec = readonly [name: string, type: string, nullable?: boolean];

/** Each tool's table in `public`, with the columns the tool creates. */
const TOOL_TABLES: Record<MigrationTool, { name: string; columns: readonly ColumnSpec[]; key: readonly string[] }[]> = {
  prisma: [{
    name: '_prisma_migrations',
    columns: [
      ['id', 'character varying(36)'], ['checksum', 'character varying(64)'], ['finished_at', 'timestamp with time zone', true],
      ['migration_name', 'character varying(255)'], ['logs', 'text', true], ['rolled_back_at', 'timestamp with time zone', true],
      ['started_at', 'timestamp with time zone'], ['applied_steps_count', 'integer'],
    ],
    key: ['id'],
  }],
  diesel: [{ name: '__diesel_schema_migrations', columns: [['version', 'character varying(50)'], ['run_on', 'timestamp without time zone']], key: ['version'] }],
  'golang-migrate': [{ name: 'schema_migrations', columns: [['version', 'bigint'], ['dirty', 'boolean']], key: ['version'] }],
  sqlx: [{
    name: '_sqlx_migrations',
    columns: [
      ['version', 'bigint'], ['description', 'text'], ['installed_on', 'timestamp with time zone'], ['success', 'boolean'],
      ['checksum', 'bytea'], ['execution_time', 'bigint'],
    ],
    key: ['version'],
  }],
  dbmate: [{ name: 'schema_migrations', columns: [['version', 'character varying(128)']], key: ['version'] }],
  goose: [{
    name: 'goose_db_version',
    columns: [['id', 'integer'], ['version_id', 'bigint'], ['is_applied', 'boolean'], ['tstamp', 'timestamp without time zone', true]],
    key: ['id'],
  }],
  flyway: [{
    name: 'flyway_schema_history',
    columns: [
      ['installed_rank', 'integer'], ['version', 'character varying(50)', true], ['description', 'character varying(200)'],
      ['type', 'character varying(20)'], ['script', 'character varying(1000)'], ['checksum', 'integer', true],
      ['installed_by', 'character varying(100)'], ['installed_on', 'timestamp without time zone'], ['execution_time', 'integer'],
      ['success', 'boolean'],
    ],
    key: ['installed_rank'],
  }],
};

/**
 * The tools a history may belong to, from its files: Prisma's `<folder>/migration.sql`, diesel's
 * `<folder>/up.sql`, `*.up.sql` (golang-migrate, or sqlx: both are taken), dbmate's `-- migrate:up`, goose's
 * `-- +goose Up`, Flyway's `V1__x.sql`. Sorted, each once.
 */
export function migrationTools(files: readonly string[], textOf: (file: string) => string | undefined): MigrationTool[] {
  const tools = new Set<MigrationTool>();
  for (const file of files) {
    const base = path.basename(file);
    if (base === 'migration.sql') tools.add('prisma');
    else if (base === 'up.sql') tools.add('diesel');
    else if (/\.up\.sql$/i.test(base)) {
      tools.add('golang-migrate');
      tools.add('sqlx');
    } else if (/^V\d+(?:[._]\d+)*__/.test(base)) tools.add('flyway');
    const text = textOf(file) ?? '';
    if (/^[ \t]*--[ \t]*migrate:up\b/im.test(text)) tools.add('dbmate');
    if (/^[ \t]*--[ \t]*\+goose[ \t]+up\b/im.test(text)) tools.add('goose');
  }
  return [...tools].sort();
}

/** The catalog with the tools' tables in `public`, where it does not have a relation of that name already. */
export function withToolTables(catalog: Catalog, tools: readonly MigrationTool[]): Catalog {
  let next = catalog;
  for (const tool of tools) {
    for (const t of TOOL_TABLES[tool]) {
      if (next.schemas.get('public')?.relations.has(t.name)) continue;
      const relation: Relation = {
        schema: 'public',
        name: t.name,
        kind: 'table',
        columns: t.columns.map(([name, type, nullable]) => ({ name, type, nullable: nullable ?? false })),
        open: false,
        primaryKey: t.key,
        uniqueKeys: [],
        foreignKeys: [],
        indexes: [{ name: `${t.name}_pkey`, columns: t.key }],
      };
      next = withRelation(next, relation);
    }
  }
  return next;
}
