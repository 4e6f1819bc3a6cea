import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { analyzeDocument, buildHistory, emptyCatalog, loadParser, type Catalog, type DocumentAnalysis, type Problem } from '../analysis';
import { discoverMigrations } from '../sources/migrations/discover';
import { segmentKey } from '../sources/migrations/order';
import { forwardText } from '../sources/migrations/sections';
import { readProjectConfig } from './config';

/**
 * A workspace folder as the server and the CLI see it: its migration history (read from disk, with
 * open editor documents overriding the disk text) and the catalog each SQL file is checked against.
 *
 * All I/O of the analysis happens here (discovery, reading files); the replay itself is the pure
 * `buildHistory`. The replay is lazy and incremental: `before[i]`, the catalog migration i sees, is kept for
 * every i up to `validUpTo`; an edit of migration i drops what depends on it (i+1 onwards), and a later
 * question replays only the files between `validUpTo` and the file it needs. So typing in migration 14
 * re-analyses only the document itself; opening migration 15 afterwards replays 14 once.
 */
export interface WorkspaceOptions {
  /** The workspace folder (absolute path). */
  root: string;
  /**
   * Migration folder relative to root (or absolute); found automatically when absent. When absent,
   * `.schemasense.json`'s `migrations` at the root is used if present.
   */
  migrations?: string;
  /** Receives progress and timing lines (the server's output channel). */
  log?: (message: string) => void;
}

export interface WorkspaceSummary {
  migrationFiles: number;
  tables: number;
  views: number;
  /** Time of the last replay of the whole history (open or reload), in milliseconds. */
  millis: number;
}

export class Workspace {
  /** Migration files (absolute, normalised) in the order their tool applies them. */
  private paths: string[] = [];
  private indexOf = new Map<string, number>();
  private disk = new Map<string, string>();
  private overlays = new Map<string, string>();
  /** before[i]: the catalog migration i sees; before[paths.length]: the catalog after the history. */
  private before: Catalog[] = [emptyCatalog()];
  /** Problems of migration i in its effective text, when that text has no down section. */
  private problemsOf: (Problem[] | undefined)[] = [];
  /** before[0..validUpTo] and problemsOf[0..validUpTo-1] are up to date. */
  private validUpTo = 0;
  private lastReplayMillis = 0;
  private analyses = new Map<string, { text: string; catalog: Catalog; analysis: DocumentAnalysis }>();
  private folders: string[] = [];

  private constructor(readonly options: WorkspaceOptions) {}

  /** Finds and reads the migration files and replays them. Never throws for bad SQL; throws for unreadable folders. */
  static async open(options: WorkspaceOptions): Promise<Workspace> {
    await loadParser();
    const workspace = new Workspace({ ...options, root: path.resolve(options.root) });
    await workspace.reload();
    return workspace;
  }

  /** An open document's text replaces the file on disk (undefined: back to disk) . */
  setOverlay(file: string, text: string | undefined): void {
    const p = path.resolve(file);
    const i = this.indexOf.get(p);
    const old = i === undefined ? undefined : this.effectiveText(i);
    if (text === undefined) {
      this.overlays.delete(p);
      // The document may have been saved while open: back to what the disk holds now.
      if (i !== undefined) {
        try {
          this.disk.set(p, readFileSync(p, 'utf8'));
        } catch {
          // Deleted or unreadable: keep the last text; reload() will drop it from the history.
        }
      }
    } else {
      this.overlays.set(p, text);
    }
    if (i !== undefined && this.effectiveText(i) !== old) this.invalidateAfter(i);
  }

  /** Re-reads the migration folder from disk (after files were created, deleted or renamed). */
  async reload(): Promise<void> {
    const started = Date.now();
    const migrations = this.options.migrations ?? (await readProjectConfig(this.options.root)).migrations;
    const found = await discoverMigrations(this.options.root, migrations);
    const disk = new Map<string, string>();
    const paths: string[] = [];
    for (const file of found.files) {
      try {
        disk.set(file, await fs.readFile(file, 'utf8'));
        paths.push(file);
      } catch (e) {
        // Deleted between listing and reading: it is not part of the history any more.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(e as Error).message}`);
      }
    }
    // Keep what the replay knows up to the first file that differs.
    let same = 0;
    while (
      same < Math.min(paths.length, this.paths.length, this.validUpTo) &&
      paths[same] === this.paths[same] &&
      disk.get(paths[same]) === this.disk.get(paths[same])
    ) {
      same++;
    }
    this.paths = paths;
    this.indexOf = new Map(paths.map((p, i) => [p, i]));
    this.disk = disk;
    this.folders = found.folders;
    this.before.length = same + 1;
    this.problemsOf.length = same;
    this.validUpTo = same;
    this.log(
      `${paths.length} migration file(s)` +
        (found.folders.length ? ` in ${found.folders.map((f) => path.relative(this.options.root, f) || '.').join(', ')}` : '') +
        (migrations !== undefined ? ' (configured)' : ''),
    );
    this.ensure(paths.length);
    this.lastReplayMillis = Date.now() - started;
    this.log(`history replayed in ${this.lastReplayMillis} ms`);
  }

  /** Problems of a SQL file with this text: a migration sees the files before it, any other file the whole history. */
  check(file: string, text: string): Problem[] {
    const p = path.resolve(file);
    const i = this.indexOf.get(p);
    if (i !== undefined) {
      this.ensure(i);
      const cached = this.problemsOf[i];
      if (cached && i < this.validUpTo && text === this.effectiveText(i)) return cached;
    }
    return this.analyze(p, text).problems;
  }

  /**
   * The full analysis of a SQL file with this text (problems, and the session before each statement, which
   * completion and hover read). The last analysis of each file is kept: diagnostics, completion and hover
   * of one document version share it.
   */
  analyze(file: string, text: string): DocumentAnalysis {
    const p = path.resolve(file);
    const catalog = this.catalogFor(p);
    const last = this.analyses.get(p);
    if (last && last.text === text && last.catalog === catalog) return last.analysis;
    const analysis = analyzeDocument(text, catalog, p);
    this.analyses.set(p, { text, catalog, analysis });
    return analysis;
  }

  /**
   * The catalog a SQL file is checked against: for a migration, the catalog after the files before it; for a
   * down/undo migration, the catalog after its up migration; for any other file, the catalog after the history.
   */
  catalogFor(file: string): Catalog {
    const p = path.resolve(file);
    const i = this.indexOf.get(p) ?? this.undoneBy(p);
    const upTo = i === undefined ? this.paths.length : this.indexOf.has(p) ? i : i + 1;
    this.ensure(upTo);
    return this.before[upTo];
  }

  /** The migration files, in the order they are applied. */
  migrationFiles(): readonly string[] {
    return this.paths;
  }

  /** The folders the migration files were found in. */
  migrationFolders(): readonly string[] {
    return this.folders;
  }

  isMigration(file: string): boolean {
    return this.indexOf.has(path.resolve(file));
  }

  summary(): WorkspaceSummary {
    this.ensure(this.paths.length);
    const after = this.before[this.paths.length];
    let tables = 0;
    let views = 0;
    for (const schema of after.schemas.values()) {
      for (const relation of schema.relations.values()) {
        if (relation.kind === 'table') tables++;
        else if (relation.kind === 'view' || relation.kind === 'materialized view') views++;
      }
    }
    return { migrationFiles: this.paths.length, tables, views, millis: this.lastReplayMillis };
  }

  private effectiveText(i: number): string {
    const p = this.paths[i];
    return this.overlays.get(p) ?? this.disk.get(p) ?? '';
  }

  private invalidateAfter(i: number): void {
    if (this.validUpTo > i) {
      this.validUpTo = i;
      this.before.length = i + 1;
      this.problemsOf.length = i;
    }
  }

  /** Replays the files validUpTo..upTo-1, so that before[upTo] is known. */
  private ensure(upTo: number): void {
    const from = this.validUpTo;
    if (upTo <= from) return;
    const started = Date.now();
    const files = this.paths.slice(from, upTo).map((p, k) => ({ path: p, text: forwardText(this.effectiveText(from + k)) }));
    let after: Catalog;
    try {
      const history = buildHistory(files, this.before[from]);
      files.forEach((f, k) => this.record(from + k, f.text, history.catalogBefore(f.path) ?? this.before[from + k], history.problems(f.path)));
      after = history.catalogAfter;
    } catch (e) {
      // A failure of the analysis must not cost the files after it their catalog: file by file, a file that
      // fails leaves the catalog as it found it.
      this.log(`replay failed (${(e as Error).message}); replaying file by file`);
      after = this.before[from];
      files.forEach((f, k) => {
        try {
          const history = buildHistory([f], after);
          this.record(from + k, f.text, after, history.problems(f.path));
          after = history.catalogAfter;
        } catch (e) {
          this.log(`analysis failed on ${f.path}: ${(e as Error).stack ?? e}`);
          this.record(from + k, f.text, after, undefined);
        }
      });
    }
    this.before[upTo] = after;
    this.validUpTo = upTo;
    if (upTo - from > 1) this.log(`replayed ${upTo - from} migration file(s) in ${Date.now() - started} ms`);
  }

  private record(i: number, forward: string, before: Catalog, problems: Problem[] | undefined): void {
    this.before[i] = before;
    // Problems of a file with a down section are of its forward part only: check() analyses the whole.
    this.problemsOf[i] = forward === this.effectiveText(i) ? problems : undefined;
  }

  /** For a down/undo migration (not in the history), the index of the migration it undoes. */
  private undoneBy(p: string): number | undefined {
    const dir = path.dirname(p);
    const base = path.basename(p);
    if (/\.down\.sql$/i.test(base)) return this.indexOf.get(path.join(dir, base.replace(/\.down\.sql$/i, '.up.sql')));
    const undo = /^U(\d+(?:[._]\d+)*__.*\.sql)$/.exec(base);
    if (!undo) return undefined;
    const version = segmentKey('V' + undo[1]).version.join('.');
    const i = this.paths.findIndex(
      (q) => path.dirname(q) === dir && /^V/.test(path.basename(q)) && segmentKey(path.basename(q)).version.join('.') === version,
    );
    return i < 0 ? undefined : i;
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
