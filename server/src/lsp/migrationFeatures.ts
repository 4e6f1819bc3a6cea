import { promises as fs } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CancellationToken, Connection, InitializeParams, PublishDiagnosticsParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { redact } from '../sources/database/redact';
import { embeddedDirectory, resetEmbedded } from '../run/embedded';
import { changeLines, notificationLine, questionText, reportLines } from '../run/reportText';
import type { RunReport } from '../run/runner';
import { runSession } from '../run/runSession';
import { describeRunTarget, resolveTarget, type RunTarget } from '../run/target';
import { describeError, type Logger } from './log';
import { PostgresDiagnostics } from './postgresDiagnostics';
import {
  RESET_EMBEDDED,
  RUN_MIGRATION,
  RUN_PROGRESS,
  WORKSPACE_TRUSTED,
  type ResetEmbeddedResult,
  type RunMigrationParams,
  type RunMigrationResult,
  type RunProgressParams,
} from './runProtocol';
import { uriToPath } from './uris';
import { SaveVerifier } from './verifyOnSave';
import type { WorkspaceRegistry } from './workspaces';

/** The `schemasense.*` settings of Run Migration and the on-save verification. */
interface RunSettings {
  databaseUrl?: string;
  /** statement_timeout in milliseconds; 0: the server's. */
  statementTimeout?: number;
  verifyOnSave?: boolean;
}

/**
 * Run Migration and the on-save verification in the language server: the custom requests (runProtocol.ts),
 * the `postgres` diagnostics they raise, and `textDocument/didSave`. Nothing runs in an untrusted workspace
 * (the client says so in `initializationOptions.workspaceTrusted`; other editors are trusted).
 * Every line logged or returned has the database password masked.
 */
export class MigrationFeatures {
  readonly diagnostics: PostgresDiagnostics;
  private readonly verifier: SaveVerifier;
  private trusted = true;
  private canConfigure = false;
  /** Told after each run and reset, with the workspace root (the code lens reads the history again). */
  onHistoryChanged: (root: string) => void = () => undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly registry: WorkspaceRegistry,
    private readonly log: Logger,
    send: (params: PublishDiagnosticsParams) => void,
  ) {
    this.diagnostics = new PostgresDiagnostics(send, (uri) => documents.get(uri)?.getText());
    this.verifier = new SaveVerifier(documents, registry, this.diagnostics, log);
    connection.onRequest(RUN_MIGRATION, (params: RunMigrationParams, token: CancellationToken) => this.runMigration(params, token));
    connection.onRequest(RESET_EMBEDDED, (params: { uri?: unknown } | undefined) => this.resetEmbedded(params?.uri));
    connection.onNotification(WORKSPACE_TRUSTED, () => {
      this.trusted = true;
    });
    documents.onDidSave((e) => void this.verifyOnSave(e.document.uri));
    documents.onDidClose((e) => this.diagnostics.closed(e.document.uri));
  }

  /** Reads what the client says about trust and configuration. */
  initialize(params: InitializeParams): void {
    this.trusted = (params.initializationOptions as { workspaceTrusted?: boolean } | undefined)?.workspaceTrusted !== false;
    this.canConfigure = !!params.capabilities.workspace?.configuration;
  }

  /** Whether Run Migration may run here (a trusted workspace). */
  isTrusted(): boolean {
    return this.trusted;
  }

  /** The checker's publications go through here, to carry the Postgres diagnostics too. */
  publish(params: PublishDiagnosticsParams): void {
    this.diagnostics.publish(params);
  }

  dispose(): Promise<void> {
    return this.verifier.dispose();
  }

  private async verifyOnSave(uri: string): Promise<void> {
    try {
      if (!this.trusted) return;
      const root = this.registry.place(uri).entry.root;
      if ((await this.settings(root)).verifyOnSave === false) return;
      await this.verifier.saved(uri);
    } catch (e) {
      this.log.error(`SchemaSense: verifying ${uri} on save failed.\n${describeError(e)}`);
    }
  }

  private async runMigration(params: RunMigrationParams, token: CancellationToken | undefined): Promise<RunMigrationResult> {
    if (!this.trusted) return unavailable('Run Migration is disabled in an untrusted workspace.');
    if (typeof params?.uri !== 'string' || (params.scope !== 'file' && params.scope !== 'pending')) return unavailable('Run Migration needs a file or folder URI and a scope (file or pending).');
    const placement = this.registry.place(params.uri);
    const ws = await placement.entry.ready;
    const file = uriToPath(params.uri);
    if (!ws) return unavailable(`The workspace ${placement.entry.root} could not be opened; see the SchemaSense log.`);
    if (params.scope === 'file' && !file) return unavailable('Save the file first: only files on disk can be run.');
    const settings = await this.settings(placement.entry.root);
    let target: RunTarget | undefined;
    const secret = (text: string) => redact(text, settings.databaseUrl, target?.kind === 'postgres' ? target.url : undefined);
    const log = (line: string) => this.log.info(secret(`SchemaSense: ${line}`));
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort());
    try {
      target = await resolveTarget(placement.entry.root, settings.databaseUrl);
      const report = await runSession({
        workspace: ws,
        target,
        files: params.scope === 'file' ? [file!] : undefined,
        textOf: async (p) => this.documents.get(pathToFileURL(p).toString())?.getText() ?? fs.readFile(p, 'utf8'),
        dryRun: params.dryRun,
        statementTimeoutMs: settings.statementTimeout,
        consent: params.consent,
        signal: abort.signal,
        log,
        progress: (p) =>
          void this.connection
            .sendNotification(RUN_PROGRESS, {
              token: params.progressToken,
              message: secret(p.file ? `${p.file}: ${p.message}` : p.message),
              percent: Math.round((100 * p.index) / Math.max(1, p.count)),
            } satisfies RunProgressParams)
            .catch(() => undefined),
      });
      if (report.status !== 'confirm') {
        for (const line of reportLines(report)) log(line);
        await this.showFailure(report);
      }
      return {
        status: report.status,
        message: secret(notificationLine(report)),
        changes: changeLines(report).map(secret),
        details: reportLines(report).slice(1).map(secret),
        questions: report.questions.map((q) => ({ kind: q.kind, text: secret(questionText(q)) })),
      };
    } catch (e) {
      const message = secret(`Run Migration on ${target ? describeRunTarget(target).display : 'the database'} failed: ${(e as Error).message}`);
      this.log.error(`SchemaSense: ${message}\n${secret(describeError(e))}`);
      return { status: 'failed', message, changes: [], details: [], questions: [] };
    } finally {
      cancel?.dispose();
      this.onHistoryChanged(placement.entry.root);
    }
  }

  /** The failed statement as a `postgres` diagnostic on its file; the files that ran clean lose theirs. */
  private async showFailure(report: RunReport): Promise<void> {
    for (const f of report.files) {
      if (f.outcome !== 'applied' && f.outcome !== 'rehearsed') continue;
      const uri = pathToFileURL(f.path).toString();
      this.diagnostics.set(uri, this.documents.get(uri)?.getText() ?? (await fs.readFile(f.path, 'utf8').catch(() => '')), []);
    }
    const failure = report.failure;
    if (!failure || failure.kind !== 'error') return;
    const uri = pathToFileURL(failure.path).toString();
    const text = this.documents.get(uri)?.getText() ?? (await fs.readFile(failure.path, 'utf8').catch(() => ''));
    const message = [failure.message, ...(failure.detail ? [`Detail: ${failure.detail}`] : [])].join('\n');
    this.diagnostics.set(uri, text, [{ span: failure.span, code: failure.code ?? '', message, severity: 'error', ...(failure.hint ? { hint: failure.hint } : {}) }]);
  }

  private async resetEmbedded(uri: unknown): Promise<ResetEmbeddedResult> {
    if (!this.trusted) return { message: 'Resetting the embedded database is disabled in an untrusted workspace.' };
    if (typeof uri !== 'string') return { message: 'Reset Embedded Database needs a file or folder URI.' };
    const root = this.registry.place(uri).entry.root;
    const embedded = embeddedDirectory(root);
    try {
      await resetEmbedded(embedded);
      this.log.info(`SchemaSense: reset the embedded database of ${root} (${embedded})`);
      this.onHistoryChanged(root);
      return { message: `The embedded database of ${path.basename(root)} was reset: the next run applies the migrations from the start.` };
    } catch (e) {
      return { message: `Could not reset the embedded database: ${(e as Error).message}` };
    }
  }

  private async settings(root: string): Promise<RunSettings> {
    if (!this.canConfigure) return {};
    const request = this.connection.workspace.getConfiguration({ scopeUri: pathToFileURL(root).toString(), section: 'schemasense' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 3000)));
    try {
      const s = ((await Promise.race([request, timeout])) ?? {}) as Record<string, unknown>;
      return {
        databaseUrl: typeof s.databaseUrl === 'string' && s.databaseUrl.trim() ? s.databaseUrl.trim() : undefined,
        statementTimeout: typeof s.statementTimeout === 'number' && s.statementTimeout > 0 ? s.statementTimeout : undefined,
        verifyOnSave: typeof s.verifyOnSave === 'boolean' ? s.verifyOnSave : undefined,
      };
    } catch {
      return {};
    } finally {
      clearTimeout(timer);
    }
  }
}

function unavailable(message: string): RunMigrationResult {
  return { status: 'unavailable', message, changes: [], details: [], questions: [] };
}
