/**
 * Prisma's own schema engine (the Rust engine behind `prisma migrate`, compiled to WebAssembly:
 * `@prisma/schema-engine-wasm`) talking to a test database through Prisma's `pg` driver adapter
 * (`@prisma/adapter-pg`). No engine binary, no download: the oracle for what `prisma migrate deploy`
 * records in `_prisma_migrations` and what `migrate dev`/`migrate status` diagnose.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface PrismaEngine {
  /** `prisma migrate deploy`: applies the folders that are not applied; rejects when one fails (its row stays, failed). */
  applyMigrations(migrationsDir: string): Promise<{ appliedMigrationNames: string[] }>;
  /** What `migrate dev` and `migrate status` start from: edited, failed, and the histories' difference. */
  diagnoseMigrationHistory(migrationsDir: string): Promise<EngineDiagnosis>;
  /** `prisma migrate resolve --rolled-back <name>`. */
  markMigrationRolledBack(name: string): Promise<void>;
  /**
   * `prisma migrate diff --from-config-datasource --to-schema <schema.prisma> --script`: the SQL that takes the
   * engine's database to the schema. On a fresh database after `applyMigrations`, what `migrate dev` computes
   * on its shadow database (its file adds a Warnings comment, which `diff` does not write).
   */
  diffDatabaseToSchema(schemaFile: string): Promise<string>;
}

export interface EngineDiagnosis {
  editedMigrationNames: string[];
  failedMigrationNames: string[];
  hasMigrationsTable: boolean;
  history:
    | null
    | { diagnostic: 'databaseIsBehind'; unappliedMigrationNames: string[] }
    | { diagnostic: 'migrationsDirectoryIsBehind'; unpersistedMigrationNames: string[] }
    | { diagnostic: 'historiesDiverge'; lastCommonMigrationName?: string; unpersistedMigrationNames: string[]; unappliedMigrationNames: string[] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let wasm: Promise<Any> | undefined;

/** The engine module, instantiated once (its package is ESM and imports the .wasm file, which Node cannot load as a module). */
function engineModule(): Promise<Any> {
  wasm ??= (async () => {
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Any>;
    const bg = await importEsm(`file://${path.join(dir, 'schema_engine_bg.js')}`);
    const { instance } = await (globalThis as Any).WebAssembly.instantiate(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')), { './schema_engine_bg.js': bg });
    // Where the engine writes a panic's message before it throws.
    (globalThis as Any).PRISMA_WASM_PANIC_REGISTRY ??= { message: '', set_message(m: string) { this.message = `RuntimeError: ${m}`; } };
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as Any).__wbindgen_start?.();
    return bg;
  })();
  return wasm;
}

function migrationsList(dir: string): Any {
  const lock = path.join(dir, 'migration_lock.toml');
  const folders = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'migration.sql'))).sort() : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: folders.map((d) => ({ path: d, migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: fs.readFileSync(path.join(dir, d, 'migration.sql'), 'utf8') } } })),
  };
}

const FILTERS = { externalTables: [], externalEnums: [] };

// The adapter maps no type for PostgreSQL's one-byte `"char"` (OID 18: pg_catalog's kind columns, which the
// engine reads, as characters, to describe a schema; its binary reads them itself). So the pool relabels such
// columns as text for the adapter, and the adapter's results type them Character (ColumnTypeEnum.Character).
async function adapterFactory(url: string): Promise<{ factory: Any; pool: Any }> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: url });
  let charColumns: string[] = [];
  const relabel = (result: Any) => {
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID !== 18) continue;
      field.dataTypeID = 25;
      charColumns.push(field.name);
    }
    return result;
  };
  // The adapter queries the pool and a transaction's client with promises; the pool calls its clients with callbacks.
  const promised = (query: Any) =>
    async function (this: Any, ...args: Any[]) {
      return relabel(await query.apply(this, args));
    };
  pool.on('connect', (client: Any) => {
    const query = client.query;
    client.query = function (this: Any, ...args: Any[]) {
      return typeof args[args.length - 1] === 'function' ? query.apply(this, args) : promised(query).apply(this, args);
    };
  });
  pool.query = promised(pool.query) as Any;
  const typed = (queryable: Any) => {
    const queryRaw = queryable.queryRaw.bind(queryable);
    queryable.queryRaw = async (q: Any) => {
      charColumns = [];
      const result = await queryRaw(q);
      for (const name of charColumns) {
        const i = result.columnNames.indexOf(name);
        if (i >= 0) result.columnTypes[i] = 6;
      }
      return result;
    };
    // The adapter cuts a script at every `;`, inside `$$` bodies too; the engine's binary sends it whole, as here
    // (one simple query: PostgreSQL runs its statements in one implicit transaction).
    if (queryable.executeScript) {
      queryable.executeScript = async (script: string) => {
        try {
          await queryable.client.query(script);
        } catch (e) {
          queryable.onError(e);
        }
      };
    }
    const start = queryable.startTransaction?.bind(queryable);
    if (start) queryable.startTransaction = async (...args: Any[]) => typed(await start(...args));
    return queryable;
  };
  const factory: Any = new PrismaPg(pool as Any);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => typed(await connect());
  return { factory, pool };
}

/** An engine on the database at `url`; `close()` frees it and ends the adapter's pool. */
export async function prismaEngine(url: string): Promise<PrismaEngine & { close(): Promise<void> }> {
  const bg = await engineModule();
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const { factory: raw, pool } = await adapterFactory(url);
  const factory = bindMigrationAwareSqlAdapterFactory(raw);
  const engine = await bg.SchemaEngine.new({ datamodels: undefined }, () => undefined, factory);
  return {
    applyMigrations: (dir) => engine.applyMigrations({ migrationsList: migrationsList(dir), filters: FILTERS }),
    diagnoseMigrationHistory: (dir) => engine.diagnoseMigrationHistory({ migrationsList: migrationsList(dir), optInToShadowDatabase: false, filters: FILTERS }),
    markMigrationRolledBack: (name) => engine.markMigrationRolledBack({ migrationName: name }),
    async diffDatabaseToSchema(schemaFile) {
      const content = fs.readFileSync(schemaFile, 'utf8');
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files: [{ path: schemaFile, content }], configDir: path.dirname(schemaFile) },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaFile, content }] },
        script: true,
        exitCode: null,
        filters: FILTERS,
      });
      return result.stdout ?? '';
    },
    async close() {
      engine.free?.();
      await pool.end().catch(() => undefined);
    },
  };
}
