import { sha256Hex } from '../analysis/sha256';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Database } from './database';
import { openPgliteThread } from './pgliteHost';

/**
 * The embedded database: a PGlite data folder per project, used when no database is configured. It lives in
 * the user's cache folder, not in the project (nothing to .gitignore), keyed by the project's path so that
 * the editor and the CLI of one project share it:
 *   Linux  $XDG_CACHE_HOME/schemasense/embedded/<folder name>-<hash>   (default ~/.cache/...)
 *   macOS  ~/Library/Caches/schemasense/embedded/...
 *   Windows %LOCALAPPDATA%\schemasense\embedded\...
 * `SCHEMASENSE_CACHE_DIR` replaces the `<cache>/schemasense` part (tests, CI caches).
 *
 * PGlite is one session in one process: a lock file (`lock`, holding the owner's pid) keeps a second process
 * (the CLI while the editor runs) out until the first closes it. A lock whose process is gone is stale and
 * taken over, so a killed run never blocks the next one.
 */

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCHEMASENSE_CACHE_DIR) return path.resolve(env.SCHEMASENSE_CACHE_DIR);
  const home = os.homedir();
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA || path.join(home, 'AppData', 'Local')
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : env.XDG_CACHE_HOME || path.join(home, '.cache');
  return path.join(base, 'schemasense');
}

/** The folder of the project's embedded database. */
export function embeddedDirectory(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const resolved = path.resolve(root);
  const hash = sha256Hex(resolved).slice(0, 12);
  const name = path.basename(resolved).replace(/[^\w.-]+/g, '_') || 'root';
  return path.join(cacheDirectory(env), 'embedded', `${name}-${hash}`);
}

export interface OpenEmbeddedOptions {
  extensions?: readonly string[];
  /** Where PGlite's template is kept (default: cacheDirectory()). */
  cacheDir?: string;
  /** Called once when another process holds the database and this one waits. */
  onWait?: (holder: number) => void;
  signal?: AbortSignal;
}

/** Opens (creating on first use) the embedded database in `dir`; closing it releases the lock. */
export async function openEmbedded(dir: string, options: OpenEmbeddedOptions = {}): Promise<Database> {
  const release = await acquireLock(dir, options);
  try {
    const db = await openPgliteThread({
      dataDir: path.join(dir, 'data'),
      extensions: options.extensions,
      cacheDir: options.cacheDir ?? cacheDirectory(),
      target: { kind: 'embedded', host: dir, database: 'postgres', user: 'postgres', local: true, display: `embedded database (${dir})` },
    });
    const close = db.close.bind(db);
    db.close = async () => {
      await close();
      release();
    };
    return db;
  } catch (e) {
    release();
    throw e;
  }
}

/** Deletes the embedded database; fails when another process has it open. */
export async function resetEmbedded(dir: string): Promise<void> {
  const release = await acquireLock(dir, {
    onWait: (pid) => {
      throw new Error(`the embedded database is in use by process ${pid}; close it there first`);
    },
  });
  try {
    fs.rmSync(path.join(dir, 'data'), { recursive: true, force: true });
  } finally {
    release();
  }
}

async function acquireLock(dir: string, options: OpenEmbeddedOptions): Promise<() => void> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'lock');
  let waited = false;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = lockHolder(file);
    if (holder === undefined) continue; // released meanwhile
    if (holder !== 'writing' && !alive(holder)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (!waited) {
      waited = true;
      options.onWait?.(holder === 'writing' ? 0 : holder);
    }
    if (options.signal?.aborted) throw new Error('cancelled while waiting for the embedded database');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The pid in the lock file; `writing` when it was created a moment ago and its pid is not written yet. */
function lockHolder(file: string): number | 'writing' | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) return pid;
    return Date.now() - fs.statSync(file).mtimeMs < 2000 ? 'writing' : 0;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
