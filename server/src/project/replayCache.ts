import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { catalogsOf, NotPlainData, snapshotOf, type CatalogSnapshot } from '../analysis/catalog/snapshot';
import { sha256Hex } from '../analysis/sha256';
import type { Catalog } from '../analysis';

/**
 * The replay cache of the CLI: the catalog after each migration of a history, kept on disk under a key made
 * of everything the replay reads (the code that replays, and each file's path and text), so that a `check`
 * of one file in a project whose migrations did not change reads the history's schema instead of replaying
 * it (issue 17: 230 ms of a 560 ms check of 5,000 lines in a 500-table project).
 *
 * A key names its content exactly: a different text, one file more or less, another order or another build
 * of SchemaSense is another key, never a stale entry. Only a replay on migrations alone is kept (a database
 * or schema.prisma base can change under the same files: project/workspace.ts asks for none then).
 * An entry that cannot be read (truncated, another format) is a miss and is written again; a cache folder
 * that cannot be written only means no cache. Entries are written whole (a temporary file renamed); at most
 * MAX_ENTRIES of them, MAX_BYTES together, are kept (the least recently used go first).
 */
export interface ReplayCache {
  /** The catalogs after each file of this replay (in order), when they were kept; undefined otherwise. */
  read(replay: Replay): Catalog[] | undefined;
  /** Keeps the catalogs after each file of this replay; never throws (a catalog that cannot be kept is not). */
  write(replay: Replay, catalogs: readonly Catalog[]): void;
}

/** What a replay of a history reads, all of it: the key of its entry. */
export interface Replay {
  /** The migration tools whose history tables the catalog has before the first file (sources/migrations/tools.ts). */
  tools: string;
  files: readonly { path: string; text: string }[];
}

/** Bumped whenever what an entry holds changes shape. */
const FORMAT = 1;
const MAX_ENTRIES = 32;
/** The most an entry, and all of them together, may take on disk. */
const MAX_BYTES = 256 * 1024 * 1024;
const SUFFIX = '.replay';

/** The user's cache folder for SchemaSense: SCHEMASENSE_CACHE_DIR, else the platform's. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCHEMASENSE_CACHE_DIR) return path.resolve(env.SCHEMASENSE_CACHE_DIR);
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'schemasense', 'cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'schemasense');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'schemasense');
}

/**
 * A cache in `dir` for the code in `codeFile` (the CLI's bundle, whose text is all the JavaScript that
 * replays: another build is another key).
 */
export function diskReplayCache(dir: string, codeFile: string): ReplayCache {
  // Read when first needed: a check on a database or schema.prisma base never asks.
  let build: string | undefined;
  // A miss reads, replays, then writes the same replay: its texts are digested once.
  const files = new WeakMap<Replay, string>();
  const fileOf = (replay: Replay) => {
    build ??= sha256Hex(fs.readFileSync(codeFile));
    let file = files.get(replay);
    if (file === undefined) files.set(replay, (file = path.join(dir, keyOf(build, replay) + SUFFIX)));
    return file;
  };
  return {
    read(replay) {
      let file: string;
      let data: Buffer;
      try {
        file = fileOf(replay);
        data = fs.readFileSync(file);
      } catch {
        return undefined;
      }
      try {
        const entry = v8.deserialize(data) as { format?: number; files?: number; snapshot?: CatalogSnapshot };
        if (entry?.format !== FORMAT || entry.files !== replay.files.length) throw new NotPlainData('another format');
        const catalogs = catalogsOf(entry.snapshot as CatalogSnapshot);
        if (catalogs.length !== replay.files.length) throw new NotPlainData('another length');
        touch(file);
        return catalogs;
      } catch {
        remove(file);
        return undefined;
      }
    },
    write(replay, catalogs) {
      let data: Buffer;
      try {
        data = v8.serialize({ format: FORMAT, files: replay.files.length, snapshot: snapshotOf(catalogs) });
      } catch {
        return;
      }
      if (data.length > MAX_BYTES) return;
      let file: string;
      try {
        file = fileOf(replay);
      } catch {
        return;
      }
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(temporary, data, { mode: 0o600 });
        fs.renameSync(temporary, file);
        prune(dir);
      } catch {
        remove(temporary);
      }
    },
  };
}

/** The key of a replay: the build, the tools, then each file's path and the digest of its text, in order. */
function keyOf(build: string, replay: Replay): string {
  return sha256Hex(JSON.stringify([FORMAT, build, replay.tools, replay.files.map((f) => [f.path, sha256Hex(f.text)])]));
}

/** Marks an entry used now: the last to go when the folder is pruned. */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // A read-only cache still serves.
  }
}

function remove(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Left for the next prune.
  }
}

/** Keeps the most recently used entries, MAX_ENTRIES and MAX_BYTES at most; a temporary file left by a process that died goes too. */
function prune(dir: string): void {
  const entries = fs.readdirSync(dir).flatMap((name) => {
    if (!name.endsWith(SUFFIX) && !name.endsWith('.tmp')) return [];
    try {
      const stat = fs.statSync(path.join(dir, name));
      return [{ file: path.join(dir, name), used: stat.mtimeMs, size: stat.size, temporary: name.endsWith('.tmp') }];
    } catch {
      return [];
    }
  });
  const stale = Date.now() - 60 * 60 * 1000;
  for (const e of entries) if (e.temporary && e.used < stale) remove(e.file);
  let bytes = 0;
  const byUse = entries.filter((e) => !e.temporary).sort((a, b) => b.used - a.used);
  byUse.forEach((e, i) => {
    bytes += e.size;
    if (i >= MAX_ENTRIES || bytes > MAX_BYTES) remove(e.file);
  });
}
