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
  /** `prisma migrate diff --from-url <db> --to-schema <schema.prisma> --script`: the SQL to go from the database to the schema. */
  diffDatabaseToSchema(url: string, schemaFile: string): Promise<string>;
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

/** An engine on the database at `url`; `close()` frees it and ends the adapter's pool. */
export async function prismaEngine(url: string): Promise<PrismaEngine & { close(): Promise<void> }> {
  const bg = await engineModule();
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }) as Any);
  const engine = await bg.SchemaEngine.new({ datamodels: undefined }, () => undefined, factory);
  return {
    applyMigrations: (dir) => engine.applyMigrations({ migrationsList: migrationsList(dir), filters: FILTERS }),
    diagnoseMigrationHistory: (dir) => engine.diagnoseMigrationHistory({ migrationsList: migrationsList(dir), optInToShadowDatabase: false, filters: FILTERS }),
    markMigrationRolledBack: (name) => engine.markMigrationRolledBack({ migrationName: name }),
    async diffDatabaseToSchema(from, schemaFile) {
      const content = fs.readFileSync(schemaFile, 'utf8');
      const result = await engine.diff({
        from: { tag: 'url', url: from },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaFile, content }] },
        script: true,
        exitCode: null,
        filters: FILTERS,
      });
      return result.stdout ?? '';
    },
    async close() {
      engine.free?.();
    },
  };
}
