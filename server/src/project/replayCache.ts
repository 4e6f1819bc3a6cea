import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { catalogsOf, NotPlainData, snapshotOf, type CatalogSnapshot } from '../analysis/catalog/snapshot';
import type { Catalog } from '../analysis';

/**
 * The replay cache of the CLI: the catalog after each migration of a history, kept on disk with everything
 * the replay reads (the build of the code that replays, and each file's path and text), so that a `check`
 * of one file in a project whose migrations did not change reads the history's schema instead of replaying
 * it (issue 17: 230 ms of a 560 ms check of 5,000 lines in a 500-table project).
 *
 * An entry is used only for exactly what it was made from: its build, tools, paths and texts are compared
 * with the replay's before its catalogs are read, so a different text (even of the same size and mtime), one
 * file more or less, another order or another build is never a stale entry. (The entry's file name is a quick
 * digest of the build, the paths and the texts' lengths only: two histories that differ only inside a text of
 * the same length share the name, and the newer replaces the older.) Only a replay on migrations alone is kept
 * (a database or schema.prisma base can change under the same files: project/workspace.ts asks for none then).
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

/** What a replay of a history reads, all of it: what its entry is compared with. */
export interface Replay {
  /** The migration tools whose history tables the catalog has before the first file (sources/migrations/tools.ts). */
  tools: string;
  files: readonly { path: string; text: string }[];
}

/** Bumped whenever what an entry holds changes shape. */
const FORMAT = 2;
const MAX_ENTRIES = 32;
/** The most an entry, and all of them together, may take on disk. */
const MAX_BYTES = 256 * 1024 * 1024;
const SUFFIX = '.replay';

/** What an entry was made from, written before its catalogs (so that a mismatch reads no catalog). */
interface EntryHead {
  format: number;
  build: string;
  tools: string;
  /** Each file's path and text, in order. */
  files: [string, string][];
}

/** The user's cache folder for SchemaSense: SCHEMASENSE_CACHE_DIR, else the platform's. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCHEMASENSE_CACHE_DIR) return path.resolve(env.SCHEMASENSE_CACHE_DIR);
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'schemasense', 'cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'schemasense');
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'schemasense');
}

/** A cache in `dir` for one build of the code that replays (cli/buildId.ts: another build keeps other entries). */
export function diskReplayCache(dir: string, build: string): ReplayCache {
  const fileOf = (replay: Replay) => path.join(dir, nameOf(build, replay) + SUFFIX);
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
        const reader = new v8.DefaultDeserializer(data);
        reader.readHeader();
        const head = reader.readValue() as EntryHead;
        if (head?.format !== FORMAT) throw new NotPlainData('another format');
        // Another history or build under the same name: not this replay's entry, and left for its own.
        if (!madeFrom(head, build, replay)) return undefined;
        const catalogs = catalogsOf(reader.readValue() as CatalogSnapshot);
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
        const head: EntryHead = { format: FORMAT, build, tools: replay.tools, files: replay.files.map((f) => [f.path, f.text]) };
        const writer = new v8.DefaultSerializer();
        writer.writeHeader();
        writer.writeValue(head);
        writer.writeValue(snapshotOf(catalogs));
        data = writer.releaseBuffer();
      } catch {
        return;
      }
      if (data.length > MAX_BYTES) return;
      const file = fileOf(replay);
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

/** Whether an entry's head is this build's replay of exactly these files (paths and texts) and tools. */
function madeFrom(head: EntryHead, build: string, replay: Replay): boolean {
  if (head.build !== build || head.tools !== replay.tools || !Array.isArray(head.files) || head.files.length !== replay.files.length) return false;
  return replay.files.every((f, i) => head.files[i]?.[0] === f.path && head.files[i]?.[1] === f.text);
}

/**
 * An entry's file name: 64 bits of FNV-1a (two 32-bit lanes) over the format, the build, the tools and each
 * file's path and text length. Not a digest of the texts: the entry holds them and is compared whole.
 */
function nameOf(build: string, replay: Replay): string {
  const key = JSON.stringify([FORMAT, build, replay.tools, replay.files.map((f) => [f.path, f.text.length])]);
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
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
