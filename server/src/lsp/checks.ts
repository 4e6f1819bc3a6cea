import * as path from 'path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, type DocumentAnalysis, type Problem } from '../analysis';
import { LineIndex } from '../project/textPositions';
import { changesSchema, type Workspace } from '../project/workspace';
import { toDiagnostic } from './diagnostics';
import { describeError, type Logger } from './log';
import { Debouncer } from './scheduler';
import type { Placement, WorkspaceEntry, WorkspaceRegistry } from './workspaces';

/** The open documents, as `TextDocuments` keeps them. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

export interface CheckOptions {
  /**
   * Quiet time after the last change before a document is checked. None by default: the check of the
   * newest version starts as soon as the messages already received are read (a burst of changes that
   * arrived together costs one check: scheduler.ts), and a check whose version was superseded publishes nothing.
   */
  debounceMs?: number;
  /** Quiet time before the other open documents that see an edited migration are checked again. */
  othersDelayMs?: number;
  /** More diagnostics than this for one document are cut (a pasted binary file, a 5 MB dump). */
  maxDiagnostics?: number;
}

/** A Prisma schema document: the server only puts drift warnings on it. */
export function isPrismaDocument(file: string): boolean {
  return /\.prisma$/i.test(file);
}

/**
 * Keeps the diagnostics of the open documents current. Every edit schedules a check of its document
 * (debounced); an edit of a migration also schedules a later re-check of the open documents that see it
 * (the migrations after it and the other SQL files of its workspace). A check only publishes for the version it
 * read: if the document changed while its workspace was loading, the check is dropped and the newer
 * one, already scheduled, publishes instead. The analysis itself is synchronous, so no edit can slip
 * in between reading the text and publishing its diagnostics.
 */
export class DocumentChecker {
  private readonly debounceMs: number;
  private readonly othersDelayMs: number;
  private readonly maxDiagnostics: number;
  private readonly checks: Debouncer;
  private readonly reloads: Debouncer;
  /** Roots whose base schema inputs (schema.prisma, .env) changed since their last reload. */
  private readonly schemaChanged = new Set<string>();
  /** Per workspace object: the document versions its overlays hold. */
  private readonly overlays = new WeakMap<Workspace, Map<string, number>>();

  constructor(
    private readonly documents: OpenDocuments,
    private readonly registry: WorkspaceRegistry,
    private readonly publish: (params: PublishDiagnosticsParams) => void,
    private readonly log: Logger,
    options: CheckOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 0;
    this.othersDelayMs = options.othersDelayMs ?? 250;
    this.maxDiagnostics = options.maxDiagnostics ?? 1000;
    const onError = (key: string, e: unknown) => this.log.error(`SchemaSense: ${key} failed.\n${describeError(e)}`);
    this.checks = new Debouncer(this.debounceMs, (uri) => this.check(uri), onError);
    this.reloads = new Debouncer(this.othersDelayMs, (root) => this.reload(root), onError);
  }

  /** A document was opened or edited. */
  changed(uri: string): void {
    this.checks.schedule(uri);
    this.recheckOthers(uri);
  }

  /** A document was closed: its diagnostics go, the file on disk counts again for the others. */
  closed(uri: string): void {
    this.checks.cancel(uri);
    this.publish({ uri, diagnostics: [] });
    const placement = this.registry.place(uri);
    void placement.entry.ready.then((ws) => {
      const versions = ws && this.overlays.get(ws);
      if (ws && versions?.delete(placement.path)) {
        ws.setOverlay(placement.path, undefined);
      }
      this.recheckOthers(uri);
    }).catch((e) => this.log.error(`SchemaSense: closing ${uri} failed.\n${describeError(e)}`));
  }

  /** Files changed on disk (created, deleted, renamed, or edited outside the editor). */
  filesChanged(paths: string[]): void {
    const roots = new Set<WorkspaceEntry>();
    for (const file of paths) {
      for (const entry of this.registry.entriesHolding(file)) {
        roots.add(entry);
        if (changesSchema(file)) this.schemaChanged.add(entry.root);
      }
    }
    for (const entry of roots) this.reloads.schedule(entry.root);
  }

  /** Checks every open document again (the folders or settings changed). */
  recheckAll(): void {
    for (const doc of this.documents.all()) this.checks.schedule(doc.uri);
  }

  dispose(): void {
    this.checks.dispose();
    this.reloads.dispose();
  }

  /**
   * An edit of a migration changes what the migrations after it and the non-migration files see; an edit
   * of any other file changes nothing for the others.
   */
  private recheckOthers(uri: string): void {
    const edited = this.registry.place(uri);
    void edited.entry.ready
      .then((ws) => {
        if (!ws || !edited.onDisk) return;
        // schema.prisma and the Prisma migrations see each other (their drift): every open document of the folder.
        const drift = ws.isPrismaSchema(edited.path) || (ws.isMigration(edited.path) && ws.prismaSchemaFiles().length > 0);
        if (drift) {
          for (const doc of this.documents.all()) if (doc.uri !== uri && this.registry.place(doc.uri).entry === edited.entry) this.checks.schedule(doc.uri, this.othersDelayMs);
          return;
        }
        if (!ws.isMigration(edited.path)) return;
        const order = ws.migrationFiles();
        const position = order.indexOf(path.resolve(edited.path));
        for (const doc of this.documents.all()) {
          const other = this.registry.place(doc.uri);
          if (doc.uri === uri || other.entry !== edited.entry) continue;
          const at = other.onDisk ? order.indexOf(path.resolve(other.path)) : -1;
          if (at < 0 || at > position) this.checks.schedule(doc.uri, this.othersDelayMs);
        }
      })
      .catch((e) => this.log.error(`SchemaSense: re-checking after ${uri} failed.\n${describeError(e)}`));
  }

  private async reload(root: string): Promise<void> {
    const entry = this.registry.all().find((e) => e.root === root);
    if (!entry) return;
    await (this.schemaChanged.delete(root) ? this.registry.refreshSchema(entry) : this.registry.reload(entry));
    for (const doc of this.documents.all()) {
      if (this.registry.place(doc.uri).entry === entry) this.checks.schedule(doc.uri, 0);
    }
  }

  private async check(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const placement = this.registry.place(uri);
    const ws = await placement.entry.ready;
    const current = this.documents.get(uri);
    // Superseded while the workspace loaded: the newer version has its own check scheduled.
    if (!current || current.version !== version || this.checks.pending(uri)) return;
    if (placement.entry !== this.registry.place(uri).entry) return void this.checks.schedule(uri, 0);

    const text = current.getText();
    const started = Date.now();
    // A folder without PostgreSQL signals, or a file outside schemasense.include, is left alone.
    const ignored = ws && placement.entry.kind === 'folder' && placement.onDisk && !ws.isAnalysed(placement.path);
    // A .prisma document gets its drift warnings only (never SQL analysis): the Prisma extension owns the rest.
    const prisma = isPrismaDocument(placement.path);
    const problems = prisma
      ? ws && ws.isPrismaSchema(placement.path) ? this.analyse(ws, placement, text) : []
      : ignored ? [] : ws ? this.analyse(ws, placement, text) : this.syntaxOnly(uri, text);
    const diagnostics = this.toDiagnostics(uri, text, problems);
    const millis = Date.now() - started;
    if (millis > 1000) this.log.info(`SchemaSense: checked ${uri} (${text.length} characters) in ${millis} ms`);
    this.publish({ uri, version, diagnostics });
  }

  /**
   * The analysis of an open document as it is now, with the other open documents' texts in place: what
   * completion, hover, definition and code actions read. Undefined when the document is not open or its
   * workspace could not be opened.
   */
  /** The URIs of the open documents. */
  openUris(): string[] {
    return this.documents.all().map((d) => d.uri);
  }

  async analysisOf(uri: string): Promise<{ analysis: DocumentAnalysis; text: string; path: string } | undefined> {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const placement = this.registry.place(uri);
    if (isPrismaDocument(placement.path)) return undefined;
    const ws = await placement.entry.ready;
    if (!ws) return undefined;
    this.syncOverlays(ws, placement.entry);
    const text = doc.getText();
    return { analysis: ws.analyze(placement.path, text), text, path: placement.path };
  }

  private analyse(ws: Workspace, placement: Placement, text: string): Problem[] {
    try {
      this.syncOverlays(ws, placement.entry);
      return ws.check(placement.path, text);
    } catch (e) {
      this.log.error(`SchemaSense: checking ${placement.path} failed; showing syntax errors only.\n${describeError(e)}`);
      return this.syntaxOnly(placement.path, text);
    }
  }

  /** The syntax errors alone, when the workspace could not be opened or its check threw. */
  private syntaxOnly(name: string, text: string): Problem[] {
    try {
      return parseDocument(text).statements.flatMap((s) => (s.syntaxError ? [s.syntaxError] : []));
    } catch (e) {
      this.log.error(`SchemaSense: parsing ${name} failed.\n${describeError(e)}`);
      return [];
    }
  }

  /** Every open file of the workspace replaces its disk text, at the version the editor has now. */
  private syncOverlays(ws: Workspace, entry: WorkspaceEntry): void {
    let versions = this.overlays.get(ws);
    if (!versions) this.overlays.set(ws, (versions = new Map()));
    for (const doc of this.documents.all()) {
      const placement = this.registry.place(doc.uri);
      if (!placement.onDisk || placement.entry !== entry || versions.get(placement.path) === doc.version) continue;
      ws.setOverlay(placement.path, doc.getText());
      versions.set(placement.path, doc.version);
    }
  }

  private toDiagnostics(uri: string, text: string, problems: Problem[]): Diagnostic[] {
    const lines = new LineIndex(text);
    const kept = problems.length > this.maxDiagnostics ? problems.slice(0, this.maxDiagnostics) : problems;
    if (kept !== problems) this.log.info(`SchemaSense: ${uri} has ${problems.length} problems; showing the first ${this.maxDiagnostics}`);
    const diagnostics: Diagnostic[] = [];
    for (const problem of kept) {
      try {
        diagnostics.push(toDiagnostic(problem, lines));
      } catch (e) {
        this.log.error(`SchemaSense: a problem of ${uri} could not be shown: ${JSON.stringify(problem)}\n${describeError(e)}`);
      }
    }
    return diagnostics;
  }
}
