import * as fs from 'fs';
import * as path from 'path';
import { createDatabase, startPostgres } from '../../test/support/postgres';
import { writePeerConfig } from '../peer';
import { generateCatalog } from './catalog';
import { MigrationWriter } from './migration';

/**
 * A project folder both tools check: `migrations/0001_catalog.sql` creates the catalog (SchemaSense
 * replays it), a PostgreSQL database holds the same catalog (the peer typechecks against it, and
 * SchemaSense reads it with `--database-url`), and `sql/` holds the files being edited, outside the
 * history, so each sees exactly the catalog.
 */
export interface BenchProject {
  dir: string;
  tables: number;
  /** Connection URL of the project's database (no password: the benchmark server trusts loopback). */
  databaseUrl: string;
  /** A one-statement file, opened first so that both servers have loaded their schema before a figure. */
  warmup: string;
  /** `files(lines)[i]`: variant i of a file of that many lines (different seeds, same shape). */
  files(lines: number): string[];
}

export interface FileSpec {
  lines: number;
  variants: number;
}

/** Statements per round trip when loading the catalog: one transaction for 2,000 tables exhausts the lock table. */
const STATEMENTS_PER_BATCH = 100;

export async function createProject(workDir: string, tables: number, specs: FileSpec[], seed: number): Promise<BenchProject> {
  const dir = path.join(workDir, `catalog-${tables}`);
  const catalog = generateCatalog(tables, seed);
  fs.mkdirSync(path.join(dir, 'migrations'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'sql'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'migrations', '0001_catalog.sql'), catalog.sql);

  const byLines = new Map<number, string[]>();
  for (const spec of specs) {
    byLines.set(
      spec.lines,
      Array.from({ length: spec.variants }, (_, v) => {
        const file = path.join(dir, 'sql', `change_${spec.lines}_${v}.sql`);
        fs.writeFileSync(file, new MigrationWriter(catalog, seed * 1000 + spec.lines + v).file(spec.lines));
        return file;
      }),
    );
  }
  const warmup = path.join(dir, 'sql', 'warmup.sql');
  fs.writeFileSync(warmup, `SELECT id, name FROM ${catalog.tables[0].name};\n`);

  const server = await startPostgres();
  const db = await createDatabase(`bench_catalog_${tables}`);
  const client = await db.connect();
  try {
    const statements = catalog.sql.split(/;\n/).filter((s) => s.trim());
    for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
      await client.query(statements.slice(i, i + STATEMENTS_PER_BATCH).join(';\n') + ';');
    }
  } finally {
    await client.end();
  }
  writePeerConfig(dir, { host: server.host, port: server.port, database: db.name });

  return {
    dir,
    tables,
    databaseUrl: db.url,
    warmup,
    files: (lines) => {
      const files = byLines.get(lines);
      if (!files) throw new Error(`no ${lines}-line file was generated for the ${tables}-table project`);
      return files;
    },
  };
}
