import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol';

/** The repository root, from out/test/lsp (compiled) or test/lsp (ts-node). */
export const repoRoot = path.resolve(__dirname, fs.existsSync(path.resolve(__dirname, '../../package.json')) ? '../..' : '../../..');
export const bundledServer = path.join(repoRoot, 'dist', 'server.js');
export const fixtureProject = path.join(repoRoot, 'test', 'lsp', 'fixtures', 'project');

export const uriOf = (file: string) => pathToFileURL(file).toString();

/** A fresh temp copy of a fixture folder (removed by the caller with `fs.rmSync`). */
export function copyFixture(source = fixtureProject): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-lsp-'));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

export interface StartOptions {
  folders?: string[];
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** `stdio` (other editors, the default) or `ipc` (node IPC, how the VS Code client starts the server). */
  transport?: 'stdio' | 'ipc';
  /** What the client answers to `workspace/configuration` for the `schemasense` section. */
  settings?: Record<string, unknown>;
  /** Another language server to drive over stdio instead of ours, e.g. a peer in the benchmarks: `[file, ...args]`. */
  command?: readonly string[];
}

interface Publication {
  seq: number;
  at: number;
  params: PublishDiagnosticsParams;
}

/**
 * The bundled language server (`node dist/server.js --stdio`) driven over stdio the way an editor does.
 * Every publication of diagnostics is recorded; `diagnostics()` waits for the first one after a point
 * (an action's return value) that matches.
 */
export class ServerProcess {
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  /** Capabilities the server registered dynamically (`client/registerCapability`). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private readonly publications: Publication[] = [];
  private readonly waiters = new Set<() => void>();
  private seq = 0;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    readonly child: cp.ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.notify();
    });
    child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    connection.onNotification('window/logMessage', (m: { message: string }) => void this.logs.push(m.message));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publications.push({ seq: ++this.seq, at: Date.now(), params });
      this.notify();
    });
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'schemasense' ? (this.settings ?? null) : null)),
    );
    connection.listen();
  }

  /** The answer to `workspace/configuration` requests for `schemasense`. */
  settings: Record<string, unknown> | undefined;

  /** What the server answered to `initialize` (its capabilities). */
  initializeResult: InitializeResult | undefined;

  static async start(options: StartOptions = {}): Promise<ServerProcess> {
    if (!options.command && !fs.existsSync(bundledServer)) throw new Error(`${bundledServer} is missing: run node scripts/bundle.js first`);
    let child: cp.ChildProcess;
    let connection: ProtocolConnection;
    if (options.transport === 'ipc') {
      child = cp.fork(bundledServer, ['--node-ipc', `--clientProcessId=${process.pid}`], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
      connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      const [file, ...args] = options.command ?? [process.execPath, bundledServer, '--stdio'];
      child = cp.spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    }
    const server = new ServerProcess(child, connection);
    server.settings = options.settings;
    const folders = options.folders ?? [];
    server.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      capabilities: options.capabilities ?? {},
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  /** The current position in the stream of publications: pass it to `diagnostics` as `after`. */
  mark(): number {
    return this.seq;
  }

  open(file: string, text: string, version = 1, languageId = 'sql'): number {
    const mark = this.mark();
    const uri = file.includes(':') && !path.isAbsolute(file) ? file : uriOf(file);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return mark;
  }

  change(file: string, version: number, changes: TextDocumentContentChangeEvent[]): number {
    const mark = this.mark();
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(file), version }, contentChanges: changes });
    return mark;
  }

  close(file: string): number {
    const mark = this.mark();
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
    return mark;
  }

  foldersChanged(added: string[], removed: string[]): void {
    void this.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: {
        added: added.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
        removed: removed.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      },
    });
  }

  settingsChanged(): number {
    const mark = this.mark();
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    return mark;
  }

  filesChanged(changes: { file: string; type: 1 | 2 | 3 }[]): number {
    const mark = this.mark();
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })),
    });
    return mark;
  }

  /**
   * The first publication for `file` after `after` that satisfies `where` (default: any). Rejects after
   * `timeoutMs`, or when the server exits, with what was published meanwhile.
   */
  diagnostics(
    file: string,
    opts: { after?: number; where?: (p: PublishDiagnosticsParams) => boolean; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const uri = this.uri(file);
    const after = opts.after ?? 0;
    const where = opts.where ?? (() => true);
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const find = () => this.since(after).find((p) => p.params.uri === uri && where(p.params));
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const check = () => {
        const found = find();
        if (found) {
          done();
          resolve(found.params);
        } else if (this.exited) {
          done();
          reject(new Error(`server exited (${JSON.stringify(this.exited)}) before diagnostics for ${uri}\n${this.stderr.join('')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.since(after).filter((p) => p.params.uri === uri).map((p) => p.params);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; published: ${JSON.stringify(seen).slice(0, 2000)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Every publication for `file` after `after` with the time it arrived (`Date.now()`), as recorded so far. */
  timeline(file: string, after = 0): { at: number; params: PublishDiagnosticsParams }[] {
    const uri = this.uri(file);
    return this.since(after).filter((p) => p.params.uri === uri).map(({ at, params }) => ({ at, params }));
  }

  /** Every publication for `file` after `after`, as recorded so far. */
  published(file: string, after = 0): PublishDiagnosticsParams[] {
    return this.timeline(file, after).map((p) => p.params);
  }

  alive(): boolean {
    return !this.exited && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A request the server must answer (proves its message loop is not stuck). */
  async ping(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('server did not answer')), timeoutMs)));
    try {
      // No handler is registered for it: the server answers with MethodNotFound, which is an answer.
      await Promise.race([this.connection.sendRequest('schemasense/ping').catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.alive()) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // Already gone.
      }
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, 3000);
        this.child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        if (!this.alive()) {
          clearTimeout(kill);
          resolve();
        }
      });
    }
    this.connection.dispose();
  }

  /** The publications after mark `after`: publication `seq` sits at index `seq - 1`, so long runs do not rescan them all. */
  private since(after: number): Publication[] {
    return this.publications.slice(after);
  }

  private uri(file: string): string {
    return file.includes(':') && !path.isAbsolute(file) ? file : uriOf(file);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A change event replacing `[start, end)` (UTF-16 offsets into `before`) with `text`, as an editor sends it. */
export function edit(before: string, start: number, end: number, text: string): TextDocumentContentChangeEvent {
  const pos = (offset: number) => {
    const lines = before.slice(0, offset).split(/\r\n|\r|\n/);
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  return { range: { start: pos(start), end: pos(end) }, text };
}

/** The text of `range` in `text` (LSP positions, UTF-16). */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\n' || text[i] === '\r') lineStarts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

/** Applies LSP edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
