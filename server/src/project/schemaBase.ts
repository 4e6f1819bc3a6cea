import * as path from 'path';
import type { Catalog } from '../analysis';
import { emptySchema, withSchema } from '../analysis/catalog/edit';
import { introspectDatabase } from '../sources/database/introspect';
import { describeTarget, isPostgresUrl } from '../sources/database/connection';
import { redact } from '../sources/database/redact';
import type { PrismaHistory } from '../sources/database/prismaMigrations';
import { readPrismaSchema } from '../sources/prisma';
import type { ProjectConfig } from './config';

/**
 * The base of a workspace's catalog: what exists before the first migration file runs. A live database
 * when one is configured (or DATABASE_URL is set) and answers, else the Prisma schema, else nothing (the
 * migration files alone). `schemaSource` forces one; a source that fails falls back to the next one
 * with a warning, so the other sources keep working.
 */

export type BaseSource = 'database' | 'prisma' | 'migrations';

export interface SchemaBase {
  source: BaseSource;
  /** Undefined when the migrations alone make the catalog. */
  catalog?: Catalog;
  /** The base is the truth about what exists (a database): its schemas stay closed whatever the migrations do. */
  authoritative: boolean;
  /** Migrations the database's history tables record as applied; undefined when it has none (or no database). */
  appliedMigrations?: ReadonlySet<string>;
  /** The database's `_prisma_migrations` rows, and the database named without user or password (`host:port/db`). */
  prismaMigrations?: PrismaHistory & { database: string };
  /** Why a source that should have been used was not, or what is wrong with the one used. Password masked. */
  warning?: string;
  /** Set when a source that should have been used could not be read (part of `warning`). */
  failed?: boolean;
  /** Why that source could not be read, without what was used instead (the CLI stops on a source it was given). */
  failure?: string;
  /** Lines for the log: where the base came from, problems of the Prisma schema. */
  log: string[];
  /** What shows the project uses PostgreSQL: `database URL`, `schema.prisma (postgresql)`. */
  signals: string[];
}

export interface BaseOptions {
  root: string;
  config: ProjectConfig;
  env: Record<string, string | undefined>;
  connectTimeoutMs?: number;
}

/** The connection URL to use: the setting, else DATABASE_URL (environment, then `.env`). */
export function databaseUrlOf(config: ProjectConfig, env: Record<string, string | undefined>): { url: string; from: string } | undefined {
  if (config.databaseUrl) return { url: config.databaseUrl, from: 'schemasense.databaseUrl' };
  const url = env.DATABASE_URL?.trim();
  return url ? { url, from: 'DATABASE_URL' } : undefined;
}

export async function loadSchemaBase(options: BaseOptions): Promise<SchemaBase> {
  const { root, config, env } = options;
  const wanted = config.schemaSource ?? 'auto';
  const log: string[] = [];
  const warnings: string[] = [];
  let failed = false;
  const failures: string[] = [];
  const fail = (message: string, fallback?: string) => {
    warnings.push(fallback ? `${message}; using ${fallback}` : message);
    failures.push(message);
    failed = true;
  };

  const db = databaseUrlOf(config, env);
  const dbUsable = db !== undefined && isPostgresUrl(db.url);
  if (db && !dbUsable && (wanted === 'database' || config.databaseUrl)) {
    fail(`${db.from} is not a PostgreSQL URL (${redact(db.url, db.url).replace(/:\/\/.*$/, '://…')}); the database is not read`);
  }

  let prisma: Awaited<ReturnType<typeof readPrismaSchema>>;
  let prismaError: string | undefined;
  if (wanted !== 'migrations') {
    try {
      prisma = await readPrismaSchema(root, config.prisma, env);
    } catch (e) {
      prismaError = `Prisma schema: ${(e as Error).message}`;
    }
  }
  const prismaPostgres = prisma !== undefined && (prisma.provider === undefined || /^postgres(ql)?$/.test(prisma.provider));
  const result = (source: BaseSource, catalog?: Catalog, extra: Partial<SchemaBase> = {}): SchemaBase => ({
    source,
    catalog,
    authoritative: false,
    log,
    signals: [...(dbUsable ? ['database URL'] : []), ...(prisma?.provider && prismaPostgres ? ['schema.prisma (postgresql)'] : [])],
    ...extra,
    warning: warnings.length ? warnings.join('; ') : undefined,
    ...(failed ? { failed, failure: failures.join('; ') } : {}),
  });

  if (wanted === 'database' && !db) fail('schemaSource is "database" but no database URL is set (schemasense.databaseUrl or DATABASE_URL)');
  if (dbUsable && (wanted === 'auto' || wanted === 'database')) {
    try {
      const started = Date.now();
      const read = await introspectDatabase(db.url, { schemas: config.schemas, connectTimeoutMs: options.connectTimeoutMs });
      const tables = [...read.catalog.schemas.values()].reduce((n, s) => n + [...s.relations.values()].filter((r) => r.kind === 'table').length, 0);
      log.push(
        `schema read from the database ${describeTarget(db.url)} (${db.from}): ${read.schemas.length} schema(s), ${tables} table(s) in ${Date.now() - started} ms` +
          (read.historyTables.length ? `; applied migrations from ${read.historyTables.join(', ')}` : ''),
      );
      const catalog = withDefaultSchema(read.catalog, !config.schemas?.length);
      return result('database', catalog, {
        authoritative: true,
        appliedMigrations: read.historyTables.length ? read.appliedMigrations : undefined,
        ...(read.prismaMigrations ? { prismaMigrations: { ...read.prismaMigrations, database: describeTarget(db.url) } } : {}),
      });
    } catch (e) {
      fail(redact((e as Error).message, db.url), prismaPostgres ? 'schema.prisma' : 'the migration files alone');
    }
  }

  if (wanted === 'prisma' && !prisma) fail(prismaError ?? 'schemaSource is "prisma" but no schema.prisma was found');
  else if (prismaError) fail(prismaError);
  if (prisma && prismaPostgres && wanted !== 'migrations') {
    const where = prisma.files.map((f) => path.relative(root, f) || f).join(', ');
    log.push(`schema read from ${where}`);
    if (prisma.problems.length) {
      log.push(`${where} has ${prisma.problems.length} problem(s); what they concern is left out:`, ...prisma.problems.map((p) => `  ${p}`));
      warnings.push(`${where} has ${prisma.problems.length} problem(s) (see the output)`);
    }
    return result('prisma', withDefaultSchema(prisma.catalog, true));
  }
  if (prisma && !prismaPostgres) log.push(`schema.prisma's datasource is ${prisma.provider}, not PostgreSQL: not used`);
  return result('migrations');
}

/** Migrations create unqualified objects in `public`: the base has it, closed unless the database was read only in part. */
function withDefaultSchema(catalog: Catalog, closed: boolean): Catalog {
  return catalog.schemas.has('public') ? catalog : withSchema(catalog, emptySchema('public', closed));
}
