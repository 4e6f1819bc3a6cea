import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { asPostgresError, ConnectionLostError, type Database, type ExecResult, type TargetDescription } from './database';

/**
 * PGlite: PostgreSQL compiled to WASM, in the calling thread. The embedded database and the on-save
 * verification's shadow database run it in a worker thread or a process of its own (pgliteWorker.ts, pgliteHost.ts), since a
 * statement runs to its end once started (no pg_cancel_backend, no statement_timeout: WASM has no signals).
 * One session only, so a data folder is opened by one process at a time (embedded.ts holds a lock file).
 *
 * Contrib extensions ship as `<name>.tar.gz` bundles. The bundled server has them next to it in dist/
 * (scripts/bundle.js copies them there with pglite.data); run from source, they are read from the package.
 */
export interface PgliteOptions {
  /** Data folder; undefined: in memory. */
  dataDir?: string;
  /**
   * Where the template data folder is kept: a new database starts as a copy of it instead of running initdb
   * again (seconds saved on every new database). Made by the first database created without it.
   */
  cacheDir?: string;
  /** Extensions the SQL will `CREATE EXTENSION`; those PGlite ships are loaded, the others are not available. */
  extensions?: readonly string[];
  target: TargetDescription;
}

export async function openPglite(options: PgliteOptions): Promise<Database> {
  const available = availableExtensions();
  const extensions: Record<string, Extension> = {};
  for (const name of new Set(options.extensions ?? [])) {
    const bundle = available.get(name.toLowerCase());
    if (bundle) extensions[name.toLowerCase().replace(/\W/g, '_')] = { name, setup: async () => ({ bundlePath: pathToFileURL(bundle) }) };
  }
  const template = options.cacheDir && templateFile(options.cacheDir);
  const fresh = !options.dataDir || !fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  let db: PGlite | undefined;
  if (fresh && template && fs.existsSync(template)) {
    db = await PGlite.create({ dataDir: options.dataDir, extensions, loadDataDir: new Blob([fs.readFileSync(template)]) }).catch(() => {
      // A broken template (a disk that filled up while it was written): initdb, and a new template.
      fs.rmSync(template, { force: true });
      if (options.dataDir) fs.rmSync(options.dataDir, { recursive: true, force: true });
      return undefined;
    });
  }
  if (!db) {
    db = await PGlite.create({ dataDir: options.dataDir, extensions });
    if (fresh && template) await saveTemplate(db, template);
  }
  const version = (await db.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`)).rows[0].v;
  return new PgliteDatabase(db, options.target, version);
}

/** The template of this PGlite build (its files' sizes tell builds apart). */
function templateFile(cacheDir: string): string | undefined {
  const dir = extensionDirectory();
  if (!dir) return undefined;
  const size = (name: string) => (fs.existsSync(path.join(dir, name)) ? fs.statSync(path.join(dir, name)).size : 0);
  return path.join(cacheDir, `pglite-template-${size('pglite.wasm')}-${size('pglite.data')}.tar`);
}

/** Dumps a database that nothing ran in yet as the template (written aside, then renamed: never half a file). */
async function saveTemplate(db: PGlite, template: string): Promise<void> {
  try {
    const dump = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
    fs.mkdirSync(path.dirname(template), { recursive: true });
    const partial = `${template}.${process.pid}.${Date.now()}`;
    fs.writeFileSync(partial, dump);
    fs.renameSync(partial, template);
  } catch {
    // Only a missed speed-up.
  }
}

/** Extension names that PGlite can load, with their bundle file. */
export function availableExtensions(): Map<string, string> {
  const dir = extensionDirectory();
  const found = new Map<string, string>();
  if (!dir) return found;
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.tar.gz')) found.set(name.slice(0, -'.tar.gz'.length), path.join(dir, name));
  }
  return found;
}

function extensionDirectory(): string | undefined {
  if (fs.existsSync(path.join(__dirname, 'pglite.data'))) return __dirname;
  try {
    return path.dirname(require.resolve('@electric-sql/pglite'));
  } catch {
    return undefined;
  }
}

class PgliteDatabase implements Database {
  readonly cancelsRunningStatements = false;

  constructor(
    private readonly db: PGlite,
    readonly target: TargetDescription,
    readonly serverVersion: number,
  ) {}

  async execute(sql: string, params?: unknown[], onNotice?: (message: string) => void): Promise<ExecResult> {
    const options = { onNotice: (n: { severity?: string; message?: string }) => onNotice?.(`${n.severity ?? 'NOTICE'}: ${n.message ?? ''}`) };
    try {
      const result = params ? await this.db.query(sql, params, options) : (await this.db.exec(sql, options)).at(-1);
      return { command: result?.command ?? '', rowCount: result?.rowCount ?? 0, rows: (result?.rows ?? []) as Record<string, unknown>[] };
    } catch (e) {
      if (asPostgresError(e)) throw e;
      throw new ConnectionLostError(`the embedded database stopped: ${(e as Error).message}`);
    }
  }

  async cancel(): Promise<void> {
    // Nothing can stop a statement in this thread: the thread or process that hosts it is ended instead.
  }

  async lock(): Promise<void> {
    // One session per data folder: embedded.ts holds the folder's lock file.
  }

  async unlock(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close().catch(() => undefined);
  }
}
