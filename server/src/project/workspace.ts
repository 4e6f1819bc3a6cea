import { existsSync, promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { analyzeDocument, checkRules, confirmLater, emptyCatalog, loadParser, type Catalog, type DocumentAnalysis, type Problem } from '../analysis';
import { discoverMigrations, type DiscoveredMigrations } from '../sources/migrations/discover';
import { segmentKey } from '../sources/migrations/order';
import { forwardText, gooseStatements, noTransactionMarker } from '../sources/migrations/sections';
import { migrationTools, withToolTables } from '../sources/migrations/tools';
import { readProjectConfig, type ProjectConfig } from './config';
import { ENV_FILE, projectEnvironment } from './environment';
import { fileSelection, type FileSelection } from './fileSelection';
import { evidence, excusableProblems, lastContained, withBase, type Evidence } from './layering';
import { loadSchemaBase, type BaseSource, type SchemaBase } from './schemaBase';
import { findPrismaSchema } from '../sources/prisma/schemaFiles';
import { isPrismaMigration, PrismaDrift, type PrismaDriftReport } from './prismaDrift';
import { compareHistory, historyProblems, type HistoryFinding, type HistoryProblem } from '../analysis/drift/appliedHistory';
import type { Replay, ReplayCache } from './replayCache';

/**
 * A workspace folder as the server and the CLI see it: its base schema (a database or schema.prisma, see
 * schemaBase.ts), its migration history (read from disk, with open editor documents overriding the disk
 * text) and the catalog each SQL file is checked against (base and history layered as layering.ts says).
 *
 * All I/O of the analysis happens here (discovery, reading files, the database); the replay itself is the
 * pure `analyzeDocument`. The replay is lazy and incremental: `before[i]`, the catalog migration i sees, is
 * kept for every i up to `validUpTo`; an edit of migration i drops what depends on it (i+1 onwards), and a
 * later question replays only the files between `validUpTo` and the file it needs. So typing in migration 14
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
  /** Settings (editor settings, CLI flags); each key set here wins over `.schemasense.json`. */
  config?: ProjectConfig;
  /** The process environment (DATABASE_URL); `process.env` when absent. The root's `.env` lies under it. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the database to accept a connection. */
  connectTimeoutMs?: number;
  /** Receives progress and timing lines (the server's output channel). */
  log?: (message: string) => void;
  /**
   * Keep each migration's analysis from the replay until `historyDocuments()` hands it out once (the
   * language server's references index takes it), so that it is not analysed a second time.
   */
  keepReplayAnalyses?: boolean;
  /**
   * Where the history's catalogs are kept between runs (the CLI's, replayCache.ts): a replay of the whole
   * history on the migrations alone is read from it when its files did not change, and written to it
   * otherwise. The problems of the files are not kept: a file that is checked is analysed against its kept
   * catalog (as `check` does anyway for the safety rules).
   */
  replayCache?: ReplayCache;
  /**
   * Keep the replay's analysis of each migration as the one `analyze` hands out for its text and catalog (the
   * CLI checks every file after the replay: each is then analysed once, not twice).
   */
  reuseReplayAnalyses?: boolean;
}

/** A migration of the history as the references index reads it (Workspace.historyDocuments). */
export interface HistoryDocument {
  file: string;
  text: string;
  /** The catalog before it. */
  catalog: Catalog;
  /** An editor has it open (its analysis is the editor's, and changes with each keystroke). */
  open: boolean;
  analysis: () => DocumentAnalysis;
}

export interface WorkspaceSummary {
  migrationFiles: number;
  tables: number;
  views: number;
  /** Time of the last replay of the whole history (open or reload), in milliseconds. */
  millis: number;
}

/** What the status bar shows: the base in use, the tables the files see, and what went wrong. */
export interface SchemaStatus {
  source: BaseSource;
  tables: number;
  /** Why a source failed or is incomplete (database unreachable, schema.prisma errors); password masked. */
  warning?: string;
  /** True when a source that should have been used could not be read (the warning says which and why). */
  failed?: boolean;
  /** Why it could not be read, without the fallback the editor uses (the CLI stops instead). */
  failure?: string;
}

/** Whether a changed file means reading the base again (`refreshSchema`): a Prisma schema file or `.env`. */
export function changesSchema(file: string): boolean {
  return /\.prisma$/i.test(file) || path.basename(file) === ENV_FILE;
}

/** The settings that decide the base: a change of one of them means reading the base again. */
const BASE_KEYS = ['schemaSource', 'databaseUrl', 'prisma', 'schemas'] as const;

export class Workspace {
  /** Migration files (absolute, normalised) in the order their tool applies them. */
  private paths: string[] = [];
  private indexOf = new Map<string, number>();
  private disk = new Map<string, string>();
  private overlays = new Map<string, string>();
  /** before[i]: the catalog migration i sees; before[paths.length]: the catalog after the history. */
  private before: Catalog[] = [emptyCatalog()];
  /** The catalog before the first migration, without the migration tool's own tables (those depend on the files). */
  private start: Catalog = emptyCatalog();
  /** The tools the history belongs to (sources/migrations/tools.ts), whose tables before[0] has. */
  private tools = '';
  /** Problems of migration i in its effective text, when that text has no down section. */
  private problemsOf: (Problem[] | undefined)[] = [];
  /** Problems of migration i that are excused if the base already contains it (layering.ts). */
  private excusable: (Set<Problem> | undefined)[] = [];
  /** Whether migration i shows the base contains it; kept across edits of other files (a heuristic's input). */
  private evidenceOf: (Evidence | undefined)[] = [];
  /** The replay's analysis of migration i, kept (keepReplayAnalyses) until historyDocuments() hands it out. */
  private replayed: (DocumentAnalysis | undefined)[] = [];
  /** before[0..validUpTo] and problemsOf[0..validUpTo-1] are up to date. */
  private validUpTo = 0;
  /** The catalog after the whole history, as last replayed (kept while an edit invalidates the files after it). */
  private lastFinal: Catalog | undefined;
  private lastReplayMillis = 0;
  private analyses = new Map<string, { text: string; catalog: Catalog; analysis: DocumentAnalysis }>();
  private folders: string[] = [];
  private config: ProjectConfig = {};
  private base: SchemaBase = { source: 'migrations', authoritative: false, log: [], signals: [] };
  /** The settings the base was read with; undefined before the first read. */
  private baseConfig: ProjectConfig | undefined;
  private selection: FileSelection = { analysed: () => false, reason: '' };
  /** schema.prisma's files and their disk texts, for the drift against the Prisma migrations. */
  private prismaFiles = new Map<string, string>();
  private env: Record<string, string | undefined> = {};
  private readonly drift = new PrismaDrift();

  private constructor(readonly options: WorkspaceOptions) {}

  /** Reads the base schema and the migration files, and replays them. Never throws for bad SQL or an unreachable database; throws for unreadable folders. */
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
      // The document was closed: its analysis (parse trees, the session before each statement) is not
      // needed until it opens again, and kept it would be memory held for every file ever opened.
      this.analyses.delete(p);
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

  /**
   * Re-reads `.schemasense.json` and the migration folder from disk (after files were created, deleted or
   * renamed). The base is read again only when a setting that decides it changed (or on the first load).
   */
  async reload(): Promise<void> {
    // A folder named by the caller is read first: its errors come before those of the config file.
    const found = this.options.migrations !== undefined ? await discoverMigrations(this.options.root, this.options.migrations) : undefined;
    const config = await this.readConfig();
    const previous = this.baseConfig;
    if (!previous || BASE_KEYS.some((k) => JSON.stringify(config[k]) !== JSON.stringify(previous[k]))) {
      await this.loadBase(config);
    }
    await this.loadMigrations(config, found);
  }

  /** Reads the base again (the database, schema.prisma, `.env`) and replays the history on it. */
  async refreshSchema(): Promise<void> {
    await this.loadBase(await this.readConfig());
    await this.loadMigrations(this.config);
  }

  /** Problems of a SQL file with this text: a migration sees the files before it, any other file the whole history. */
  check(file: string, text: string): Problem[] {
    const p = path.resolve(file);
    if (this.prismaFiles.has(p)) return this.driftProblemsOf(p, text);
    const problems = this.checkSql(p, text);
    return isPrismaMigration(p) && this.indexOf.has(p) ? [...problems, ...this.driftProblemsOf(p), ...this.historyProblemsOf(p, text)] : problems;
  }

  /**
   * The Prisma migration folders against the database's `_prisma_migrations` (analysis/drift/appliedHistory.ts),
   * with the editors' texts (`text` for `file`); undefined without a database base that has the table, or
   * without Prisma migrations.
   */
  prismaHistory(file?: string, text?: string): { database: string; table: string; findings: HistoryFinding[]; problems: HistoryProblem[] } | undefined {
    const history = this.base.prismaMigrations;
    if (!history) return undefined;
    const folders = this.paths
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => isPrismaMigration(p))
      .map(({ p, i }) => ({ name: path.basename(path.dirname(p)), file: p, text: p === file && text !== undefined ? text : this.effectiveText(i) }));
    if (!folders.length) return undefined;
    const texts = new Map(folders.map((f) => [f.file, f.text]));
    const findings = compareHistory(folders, history.rows);
    return { database: history.database, table: history.table, findings, problems: historyProblems(findings, history.database, (f) => firstLineOf(texts.get(f) ?? '')) };
  }

  private historyProblemsOf(p: string, text: string): Problem[] {
    return (this.prismaHistory(p, text)?.problems ?? []).filter((h) => h.file === p).map((h) => h.problem);
  }

  /**
   * schema.prisma against the Prisma migrations (prismaDrift.ts), with the editors' texts; undefined without
   * a PostgreSQL schema.prisma or without Prisma migrations. Never throws: a failure is logged.
   */
  prismaDrift(): PrismaDriftReport | undefined {
    const migrations = this.paths.map((file, i) => ({ file, i })).filter(({ file }) => isPrismaMigration(file));
    if (!this.prismaFiles.size || !migrations.length) return undefined;
    try {
      return this.drift.report({
        root: this.options.root,
        env: this.env,
        schema: [...this.prismaFiles].map(([file, disk]) => ({ file, text: this.overlays.get(file) ?? disk })),
        migrations: migrations.map(({ file, i }) => ({ file, text: forwardText(this.effectiveText(i)) })),
      });
    } catch (e) {
      this.log(`drift against schema.prisma failed: ${(e as Error).stack ?? e}`);
      return undefined;
    }
  }

  /** schema.prisma's files (absolute), when the project has one. */
  prismaSchemaFiles(): string[] {
    return [...this.prismaFiles.keys()];
  }

  /** Whether the file is one of schema.prisma's files. */
  isPrismaSchema(file: string): boolean {
    return this.prismaFiles.has(path.resolve(file));
  }

  private driftProblemsOf(p: string, text?: string): Problem[] {
    if (text !== undefined && this.prismaFiles.has(p) && (this.overlays.get(p) ?? this.prismaFiles.get(p)) !== text) this.overlays.set(p, text);
    const report = this.prismaDrift();
    return [...(report?.problems ?? []), ...(report?.notes ?? [])].filter((d) => d.file === p).map((d) => d.problem);
  }

  private checkSql(p: string, text: string): Problem[] {
    const i = this.indexOf.get(p);
    if (i !== undefined) {
      this.ensure(i);
      const cached = this.problemsOf[i];
      if (cached && i < this.validUpTo && text === this.effectiveText(i)) return withRules(this.confirmed(this.unexcused(i, cached, this.excusable[i]), this.before[i + 1], i), this.ruleProblems(i, text));
    }
    const analysis = this.analyze(p, text);
    if (i === undefined) return confirmLater(analysis.problems, [analysis.catalogAfter]);
    return withRules(this.confirmed(this.unexcused(i, analysis.problems, excusableProblems(analysis.parsed, analysis.problems)), analysis.catalogAfter, i), this.ruleProblems(i, text));
  }

  /**
   * A body or trigger problem (found only when the code runs) stays only if it is still there after the
   * file and after the whole history: a later migration may create what the body uses. While migration i
   * is being edited (the replay is valid up to it), its keystrokes use the history's end as last replayed,
   * so they do not replay the files after it; checking any other file replays the history to its end.
   */
  private confirmed(problems: Problem[], after: Catalog, i: number): Problem[] {
    if (!problems.some((p) => p.stillWrongIn)) return problems;
    if (!this.lastFinal || this.validUpTo !== i) this.ensure(this.paths.length);
    // The history's end first: it changes less often than the file's own catalog, so its memoised
    // recheck is reused across keystrokes, and a problem it clears needs no recheck against the file.
    return confirmLater(problems, [this.lastFinal ?? after, after]);
  }

  /**
   * The migration safety rules' problems of migration i with this text (analysis/rules). A table is new when
   * this file or a pending migration made it: pending means not in the database's migration history (or not
   * contained in the database), when the base is a database; without one, every earlier file counts as applied.
   */
  private ruleProblems(i: number, text: string): Problem[] {
    const p = this.paths[i];
    const analysis = this.analyze(p, text);
    const applied = this.base.catalog && this.base.source === 'database' ? lastContained(this.paths, this.base.appliedMigrations, (k) => this.evidenceOf[k]) : undefined;
    const forward = forwardText(text);
    return checkRules(analysis, {
      file: p,
      pending: this.pendingAfter(applied),
      inTransaction: noTransactionMarker(forward) === undefined,
      settings: this.config.rules,
      historyAfter: this.lastFinal,
      forward,
    });
  }

  /** Whether a migration is pending, for the rules: one function per `applied`, so their findings can be reused. */
  private pendingAfter(applied: number | undefined): ((origin: string) => boolean) | undefined {
    if (applied === undefined) return undefined;
    if (this.pending?.applied !== applied || this.pending.paths !== this.paths) {
      const paths = this.paths;
      this.pending = { applied, paths, test: (origin) => (this.indexOf.get(origin) ?? -1) > applied };
    }
    return this.pending.test;
  }

  private pending: { applied: number; paths: readonly string[]; test: (origin: string) => boolean } | undefined;

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
    // The previous version's analysis lets an edit re-analyse only what it touched. Reusing it moves its
    // statements, so it is never handed out again, even if this analysis throws.
    this.analyses.delete(p);
    // goose's StatementEnd ends a statement (sections.ts); offsets are those of the text.
    const analysis = analyzeDocument(gooseStatements(text), catalog, p, last?.catalog === catalog ? last.analysis : undefined);
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

  /**
   * Every migration file with its text (an open document's where it has one), the catalog before it, and its
   * analysis on demand: the replay's when it was kept (handed out once), else analysed as `analyze` does.
   * The references index reads these, and analyses only the files it has not indexed for this text and catalog.
   */
  historyDocuments(options: { replay?: boolean } = {}): HistoryDocument[] {
    // Without `replay`: only the files replayed already (a keystroke in migration i does not replay the rest).
    if (options.replay !== false) this.ensure(this.paths.length);
    return this.paths.slice(0, options.replay === false ? this.validUpTo : this.paths.length).map((file, i) => {
      const text = this.effectiveText(i);
      const catalog = this.before[i];
      return {
        file,
        text,
        catalog,
        open: this.overlays.has(file),
        analysis: () => {
          const kept = this.replayed[i];
          this.replayed[i] = undefined;
          // Still the replay's input: the same text and catalog (an edit since invalidated it otherwise).
          if (kept && this.effectiveText(i) === text && this.before[i] === catalog) return kept;
          // An open document's analysis is the editor's; any other is not kept (its index is what stays).
          return this.overlays.has(file) ? this.analyze(file, text) : analyzeDocument(gooseStatements(text), catalog, file);
        },
      };
    });
  }

  /**
   * The catalog after the whole history as last replayed: while migration i is being edited the files after it
   * are not replayed on each keystroke, so this may not show the edit yet (what a code action on every cursor
   * move can use without forcing a replay).
   */
  catalogAfterHistoryAsReplayed(): Catalog {
    return this.lastFinal ?? this.catalogAfterHistory();
  }

  /** The catalog after the whole history: what workspace symbols list. */
  catalogAfterHistory(): Catalog {
    this.ensure(this.paths.length);
    return this.before[this.paths.length];
  }

  /**
   * How many statements `check` of this file with this text analysed (goose's markers cut them too); none in
   * schema.prisma. The analysis is the one `check` made (kept per file), so nothing is cut or parsed again.
   */
  statementCount(file: string, text: string): number {
    return this.isPrismaSchema(file) ? 0 : this.analyze(file, text).parsed.statements.length;
  }

  /** The migration files, in the order they are applied. */
  migrationFiles(): readonly string[] {
    return this.paths;
  }

  /** A migration's text as the history runs it: the editor's, else the disk's. */
  migrationText(file: string): string | undefined {
    const i = this.indexOf.get(path.resolve(file));
    return i === undefined ? undefined : this.effectiveText(i);
  }

  /** The folders the migration files were found in. */
  migrationFolders(): readonly string[] {
    return this.folders;
  }

  isMigration(file: string): boolean {
    return this.indexOf.has(path.resolve(file));
  }

  /** Whether the file is analysed at all (include/exclude, or the folder's PostgreSQL signals). */
  isAnalysed(file: string): boolean {
    return this.prismaFiles.has(path.resolve(file)) || this.selection.analysed(path.resolve(file));
  }

  summary(): WorkspaceSummary {
    const counts = this.counts();
    return { migrationFiles: this.paths.length, tables: counts.tables, views: counts.views, millis: this.lastReplayMillis };
  }

  status(): SchemaStatus {
    const { source, warning, failed, failure } = this.base;
    return { source, tables: this.counts().tables, ...(warning ? { warning } : {}), ...(failed ? { failed, failure } : {}) };
  }

  private counts(): { tables: number; views: number } {
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
    return { tables, views };
  }

  /** The settings: what the options set, else `.schemasense.json`. */
  private async readConfig(): Promise<ProjectConfig> {
    const file = await readProjectConfig(this.options.root);
    const given = Object.fromEntries(Object.entries(this.options.config ?? {}).filter(([, v]) => v !== undefined));
    return { ...file, ...given, ...(this.options.migrations !== undefined ? { migrations: this.options.migrations } : {}) };
  }

  private async loadBase(config: ProjectConfig): Promise<void> {
    const env = await projectEnvironment(this.options.root, this.options.env ?? process.env);
    this.base = await loadSchemaBase({ root: this.options.root, config, env, connectTimeoutMs: this.options.connectTimeoutMs });
    this.env = env;
    this.prismaFiles = await this.readPrismaFiles(config);
    this.baseConfig = config;
    for (const line of this.base.log) this.log(line);
    if (this.base.warning) this.log(`warning: ${this.base.warning}`);
    // Everything replayed so far stood on the old base.
    this.start = this.base.catalog ? withBase(this.base.catalog, emptyCatalog(), undefined, this.base.authoritative) : emptyCatalog();
    this.before = [this.start];
    this.tools = '';
    this.validUpTo = 0;
    this.lastFinal = undefined;
    this.problemsOf = [];
    this.excusable = [];
    this.evidenceOf = [];
    this.replayed = [];
  }

  /** schema.prisma's files as found (none when it cannot be found or read: the base already said why). */
  private async readPrismaFiles(config: ProjectConfig): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    try {
      for (const f of (await findPrismaSchema(this.options.root, config.prisma)) ?? []) files.set(path.resolve(f), await fs.readFile(f, 'utf8'));
    } catch {
      files.clear();
    }
    return files;
  }

  private async loadMigrations(config: ProjectConfig, discovered?: DiscoveredMigrations): Promise<void> {
    const started = Date.now();
    this.config = config;
    const found = discovered ?? (await discoverMigrations(this.options.root, config.migrations));
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
    // The tool's own history table exists before its first migration.
    const tools = migrationTools(paths, (p) => disk.get(p));
    if (tools.join() !== this.tools || this.before.length === 0) {
      this.tools = tools.join();
      this.before = [withToolTables(this.start, tools)];
      same = 0;
    }
    if (paths.join('\n') !== this.paths.join('\n')) this.evidenceOf = [];
    this.paths = paths;
    this.indexOf = new Map(paths.map((p, i) => [p, i]));
    this.disk = disk;
    this.folders = found.folders;
    this.before.length = same + 1;
    this.problemsOf.length = same;
    this.excusable.length = same;
    this.replayed.length = same;
    this.validUpTo = same;
    const selection = fileSelection({ root: this.options.root, include: config.include, exclude: config.exclude, signals: this.signals() });
    if (selection.reason !== this.selection.reason) this.log(`SQL files analysed: ${selection.reason}`);
    this.selection = selection;
    this.log(
      `${paths.length} migration file(s)` +
        (found.folders.length ? ` in ${found.folders.map((f) => path.relative(this.options.root, f) || '.').join(', ')}` : '') +
        (config.migrations !== undefined ? ' (configured)' : ''),
    );
    this.ensure(paths.length);
    this.lastReplayMillis = Date.now() - started;
    this.log(`history replayed in ${this.lastReplayMillis} ms`);
  }

  /** What shows the folder is a PostgreSQL project (fileSelection.ts). */
  private signals(): string[] {
    const signals = [...this.base.signals];
    if (this.paths.length) signals.push('migrations folder');
    if (existsSync(path.join(this.options.root, 'supabase'))) signals.push('supabase folder');
    return signals;
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
      this.excusable.length = i;
      this.replayed.length = i;
    }
  }

  /**
   * Replays the files validUpTo..upTo-1, so that before[upTo] is known. A file whose analysis fails leaves
   * the catalog as it found it: the files after it keep their catalog.
   */
  private ensure(upTo: number): void {
    const from = this.validUpTo;
    if (upTo <= from) return;
    const cached = this.cacheFor(from, upTo);
    if (cached && this.restore(cached.cache.read(cached.replay))) return;
    const started = Date.now();
    let catalog = this.before[from];
    let failed = false;
    for (let i = from; i < upTo; i++) {
      const p = this.paths[i];
      const text = forwardText(this.effectiveText(i));
      this.before[i] = catalog;
      try {
        const analysis = analyzeDocument(text, catalog, p);
        const base = this.base.catalog;
        // Problems of a file with a down section are of its forward part only: check() analyses the whole.
        const whole = text === this.effectiveText(i);
        this.problemsOf[i] = whole ? analysis.problems : undefined;
        this.excusable[i] = whole ? excusableProblems(analysis.parsed, analysis.problems) : undefined;
        this.replayed[i] = whole && this.options.keepReplayAnalyses ? analysis : undefined;
        if (whole && this.options.reuseReplayAnalyses) this.analyses.set(p, { text, catalog, analysis });
        // Kept for the references index, which parses each statement again as it reads it: the trees of a
        // 2,000-table history (17x its text) would otherwise live until the whole file is indexed.
        if (this.replayed[i]) for (const s of analysis.parsed.statements) s.releaseTree();
        this.evidenceOf[i] = base ? evidence(base, catalog, analysis.catalogAfter) : 'no evidence';
        catalog = base ? withBase(base, analysis.catalogAfter, catalog, this.base.authoritative) : analysis.catalogAfter;
      } catch (e) {
        this.log(`analysis failed on ${p}: ${(e as Error).stack ?? e}`);
        this.problemsOf[i] = undefined;
        this.excusable[i] = undefined;
        this.replayed[i] = undefined;
        failed = true;
      }
    }
    this.before[upTo] = catalog;
    this.validUpTo = upTo;
    if (upTo === this.paths.length) this.lastFinal = catalog;
    if (upTo - from > 1) this.log(`replayed ${upTo - from} migration file(s) in ${Date.now() - started} ms`);
    // A failed analysis is logged again on the next run, not hidden behind the cache.
    if (cached && !failed) cached.cache.write(cached.replay, this.before.slice(1, upTo + 1));
  }

  /**
   * The replay cache, and what it is keyed by, for a replay of the whole history from its start on the
   * migrations alone (a base from a database or schema.prisma may change under the same files). Not for the
   * language server, whose references index needs each file's analysis anyway.
   */
  private cacheFor(from: number, upTo: number): { cache: ReplayCache; replay: Replay } | undefined {
    const cache = this.options.replayCache;
    if (!cache || from !== 0 || upTo !== this.paths.length || this.base.catalog || this.options.keepReplayAnalyses) return undefined;
    return { cache, replay: { tools: this.tools, files: this.paths.map((p, i) => ({ path: p, text: this.effectiveText(i) })) } };
  }

  /** The state a replay of the whole history leaves, from the catalogs after each file as the cache kept them. */
  private restore(catalogs: Catalog[] | undefined): boolean {
    if (!catalogs || catalogs.length !== this.paths.length) return false;
    const n = catalogs.length;
    for (let i = 0; i < n; i++) {
      this.before[i + 1] = catalogs[i];
      // Not kept: checkSql analyses the file against before[i] when asked.
      this.problemsOf[i] = undefined;
      this.excusable[i] = undefined;
      this.replayed[i] = undefined;
      this.evidenceOf[i] = 'no evidence';
    }
    this.validUpTo = n;
    this.lastFinal = this.before[n];
    this.log(`history of ${n} migration file(s) read from the replay cache`);
    return true;
  }

  /** The problems of migration i, without those excused when the base already contains it. */
  private unexcused(i: number, problems: Problem[], excusable: Set<Problem> | undefined): Problem[] {
    if (!excusable?.size || !this.base.catalog) return problems;
    const last = lastContained(this.paths, this.base.appliedMigrations, (k) => this.evidenceOf[k]);
    return i <= last ? problems.filter((p) => !excusable.has(p)) : problems;
  }

  /** For a down/undo migration (not in the history), the index of the migration it undoes. */
  private undoneBy(p: string): number | undefined {
    const dir = path.dirname(p);
    const base = path.basename(p);
    if (base === 'down.sql') return this.indexOf.get(path.join(dir, 'up.sql'));
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

/** Analysis problems and rule problems in document order. */
function withRules(problems: Problem[], rules: Problem[]): Problem[] {
  return rules.length ? [...problems, ...rules].sort((a, b) => a.span.start - b.span.start) : problems;
}

/** The span of a text's first line that is not blank (where a whole-file warning goes). */
function firstLineOf(text: string): { start: number; end: number } {
  const start = Math.max(0, text.search(/\S/));
  const newline = text.indexOf('\n', start);
  return { start, end: (newline < 0 ? text.length : newline) - (text[newline - 1] === '\r' ? 1 : 0) };
}
