import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadParser } from '../analysis';
import { Workspace, type WorkspaceOptions } from '../project/workspace';
import { describeError, type Logger } from './log';
import { isInside, uriToPath } from './uris';

/**
 * One root the server checks files against: a workspace folder, the directory of a file opened outside
 * every folder, or a scratch directory for untitled documents when no folder is open.
 * `ready` resolves to undefined when the workspace could not be opened: its files then get syntax
 * checks only. Every operation on the workspace is chained on `ready`, so a reload never overlaps a check.
 */
export interface WorkspaceEntry {
  root: string;
  kind: 'folder' | 'file-directory' | 'scratch';
  ready: Promise<Workspace | undefined>;
  /** The options the workspace was opened with, beyond the root. */
  options: Partial<WorkspaceOptions>;
}

/** Where a document is checked: its workspace and the path it has there. */
export interface Placement {
  entry: WorkspaceEntry;
  path: string;
  /** Only documents backed by a file on disk replace that file in the migration history. */
  onDisk: boolean;
}

/** Extra options per root (the `schemasense.migrations` setting); read each time a root is opened. */
export type OptionsProvider = (root: string) => Promise<Partial<WorkspaceOptions>>;

/** Told after each open, reload and schema refresh of a root (the status bar): its workspace, or why it failed. */
export type StatusListener = (entry: WorkspaceEntry, ws: Workspace | undefined, error?: unknown) => void;

export class WorkspaceRegistry {
  private readonly folders = new Map<string, WorkspaceEntry>();
  private readonly fileDirectories = new Map<string, WorkspaceEntry>();
  private scratch: WorkspaceEntry | undefined;
  private scratchDir: string | undefined;
  private readonly parser: Promise<boolean>;

  constructor(
    private readonly log: Logger,
    private readonly options: OptionsProvider = async () => ({}),
    private readonly onStatus: StatusListener = () => undefined,
  ) {
    this.parser = loadParser().then(
      () => true,
      (e) => {
        this.log.error(`SchemaSense: the Postgres parser (libpg-query.wasm) did not load; nothing will be checked.\n${describeError(e)}`);
        return false;
      },
    );
  }

  /** Resolves once the WASM parser is loaded (false when it failed to load). */
  parserReady(): Promise<boolean> {
    return this.parser;
  }

  /** Makes the set of workspace folders exactly `roots`, opening the new ones. */
  setFolders(roots: string[]): void {
    const wanted = new Set(roots.map((r) => path.resolve(r)));
    for (const root of [...this.folders.keys()]) if (!wanted.has(root)) this.folders.delete(root);
    for (const root of wanted) if (!this.folders.has(root)) this.folders.set(root, this.open(root, 'folder'));
  }

  addFolder(root: string): void {
    const resolved = path.resolve(root);
    if (!this.folders.has(resolved)) this.folders.set(resolved, this.open(resolved, 'folder'));
  }

  removeFolder(root: string): void {
    this.folders.delete(path.resolve(root));
  }

  /** Opens every root again, e.g. after the settings changed. */
  reopenAll(): void {
    for (const root of this.folders.keys()) this.folders.set(root, this.open(root, 'folder'));
    for (const root of this.fileDirectories.keys()) this.fileDirectories.set(root, this.open(root, 'file-directory'));
    if (this.scratch) this.scratch = this.open(this.scratch.root, 'scratch');
  }

  /**
   * After a configuration change: opens again only the roots whose options changed. VS Code's client sends a
   * configuration change as soon as the server registers for them, right after the first open; reopening
   * every root then loaded each folder twice and replayed its history twice. Resolves to the roots reopened.
   */
  async reopenChanged(): Promise<string[]> {
    const reopened: string[] = [];
    const maps = [
      [this.folders, 'folder'],
      [this.fileDirectories, 'file-directory'],
    ] as const;
    for (const [map, kind] of maps) {
      for (const [root, entry] of [...map]) {
        if (await this.optionsChanged(entry)) {
          if (map.get(root) !== entry) continue;
          map.set(root, this.open(root, kind));
          reopened.push(root);
        }
      }
    }
    const scratch = this.scratch;
    if (scratch && (await this.optionsChanged(scratch)) && this.scratch === scratch) {
      this.scratch = this.open(scratch.root, 'scratch');
      reopened.push(scratch.root);
    }
    return reopened;
  }

  private async optionsChanged(entry: WorkspaceEntry): Promise<boolean> {
    await entry.ready;
    const next = await this.options(entry.root).catch(() => ({}));
    return JSON.stringify(next) !== JSON.stringify(entry.options);
  }

  all(): WorkspaceEntry[] {
    return [...this.folders.values(), ...this.fileDirectories.values(), ...(this.scratch ? [this.scratch] : [])];
  }

  /** The innermost workspace folder holding the document; else its directory; untitled: the first folder. */
  place(uri: string): Placement {
    const file = uriToPath(uri);
    if (file !== undefined) {
      const folder = this.folderOf(file);
      if (folder) return { entry: folder, path: file, onDisk: true };
      const dir = path.dirname(file);
      let entry = this.fileDirectories.get(dir);
      if (!entry) {
        entry = this.open(dir, 'file-directory');
        this.fileDirectories.set(dir, entry);
      }
      return { entry, path: file, onDisk: true };
    }
    const entry = this.folders.values().next().value ?? this.scratchEntry();
    // A path no migration folder contains: the document sees the whole history.
    return { entry, path: path.join(entry.root, '.schemasense-untitled', encodeURIComponent(uri)), onDisk: false };
  }

  /** Roots that hold `file` (a watched file changed): the folders, or the directory entry of that file. */
  entriesHolding(file: string): WorkspaceEntry[] {
    return this.all().filter((e) => e.kind !== 'scratch' && isInside(e.root, file));
  }

  /** Re-reads the root from disk, after the checks queued before it. */
  reload(entry: WorkspaceEntry): Promise<void> {
    return this.chain(entry, 'Reloaded', 'reloading', (ws) => ws.reload());
  }

  /** Reads the root's base schema again (the database, schema.prisma, .env), after the checks queued before it. */
  refreshSchema(entry: WorkspaceEntry): Promise<void> {
    return this.chain(entry, 'Refreshed', 'refreshing the schema of', (ws) => ws.refreshSchema());
  }

  private chain(entry: WorkspaceEntry, verb: string, doing: string, run: (ws: Workspace) => Promise<void>): Promise<void> {
    entry.ready = entry.ready.then(async (ws) => {
      if (!ws) return ws;
      try {
        await run(ws);
        this.logSummary(verb, entry, ws);
      } catch (e) {
        this.log.error(`SchemaSense: ${doing} ${entry.root} failed; keeping what was loaded before.\n${describeError(e)}`);
      }
      this.onStatus(entry, ws);
      return ws;
    });
    return entry.ready.then(() => undefined);
  }

  /** Removes the scratch directory of untitled documents. */
  dispose(): void {
    if (this.scratchDir) fs.rmSync(this.scratchDir, { recursive: true, force: true });
    this.scratchDir = undefined;
  }

  private folderOf(file: string): WorkspaceEntry | undefined {
    let best: WorkspaceEntry | undefined;
    for (const entry of this.folders.values()) {
      if (isInside(entry.root, file) && (!best || entry.root.length > best.root.length)) best = entry;
    }
    return best;
  }

  private scratchEntry(): WorkspaceEntry {
    if (!this.scratch) {
      this.scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-untitled-'));
      this.scratch = this.open(this.scratchDir, 'scratch');
    }
    return this.scratch;
  }

  private open(root: string, kind: WorkspaceEntry['kind']): WorkspaceEntry {
    const entry: WorkspaceEntry = { root, kind, ready: Promise.resolve(undefined), options: {} };
    entry.ready = this.parser.then(async (ok) => {
      if (!ok) return undefined;
      try {
        entry.options = await this.options(root).catch(() => ({}));
        const ws = await Workspace.open({ ...entry.options, root, keepReplayAnalyses: true, log: (m) => this.log.info(`SchemaSense: ${root}: ${m}`) });
        this.logSummary('Loaded', entry, ws);
        this.onStatus(entry, ws);
        return ws;
      } catch (e) {
        this.log.error(`SchemaSense: could not open ${root}; its files get syntax checks only.\n${describeError(e)}`);
        this.onStatus(entry, undefined, e);
        return undefined;
      }
    });
    return entry;
  }

  private logSummary(verb: string, entry: WorkspaceEntry, ws: Workspace): void {
    const s = ws.summary();
    const what = entry.kind === 'folder' ? 'workspace folder' : entry.kind === 'file-directory' ? 'directory' : 'untitled documents';
    const migrations = entry.options.migrations ? ` (migrations: ${entry.options.migrations})` : '';
    this.log.info(
      `SchemaSense: ${verb} ${what} ${entry.root}${migrations}: ${plural(s.migrationFiles, 'migration file')}, ` +
        `${plural(s.tables, 'table')}, ${plural(s.views, 'view')} in ${s.millis} ms; schema from ${ws.status().source}`,
    );
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
