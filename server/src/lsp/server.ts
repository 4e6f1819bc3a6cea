import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentChecker, type CheckOptions } from './checks';
import { codeActionHandler } from './codeActions';
import { describeError, type Logger } from './log';
import { MigrationFeatures } from './migrationFeatures';
import { settingsReader } from './settings';
import { MEMORY_REQUEST, REFRESH_SCHEMA_REQUEST, WATCHED_FILES, type MemoryReport } from './protocol';
import { statusSender } from './status';
import { uriToPath } from './uris';
import { WorkspaceRegistry } from './workspaces';
import { registerLanguageFeatures } from './languageFeatures';
import { registerNavigationFeatures } from './navigationFeatures';
import { ReferenceIndexer } from './referenceIndexer';
import { IdleCollector } from './idleCollection';
import { registerSchemaView } from './schemaViewFeatures';
import { registerStructureFeatures, SEMANTIC_TOKENS_LEGEND } from './structureFeatures';
import { registerEditingFeatures, registerSqlFormatting } from './editingFeatures';
import { featureSettingsReader } from './featureSettings';
import { registerCodeLens } from './codeLensFeature';

/** What a client may pass in `initializationOptions`. */
interface InitializationOptions {
  /** The client already watches WATCHED_FILES and sends the events (the VS Code extension does). */
  clientWatchesFiles?: boolean;
}

/**
 * Wires the LSP connection to the checker. The transport comes from the command line (`--stdio`,
 * `--node-ipc`, `--socket=N`, `--pipe=NAME`), so the same bundle serves VS Code and other editors.
 */
export function startServer(options: CheckOptions = {}): Connection {
  const connection = createConnection(ProposedFeatures.all);
  const log: Logger = {
    info: (m) => connection.console.info(m),
    error: (m) => connection.console.error(m),
  };
  process.on('uncaughtException', (e) => log.error(`SchemaSense: uncaught exception (the server keeps running).\n${describeError(e)}`));
  process.on('unhandledRejection', (e) => log.error(`SchemaSense: unhandled rejection (the server keeps running).\n${describeError(e)}`));

  /** Runs a handler; whatever it throws is logged, never fatal. */
  const guard =
    <A extends unknown[]>(name: string, handler: (...args: A) => void | Promise<void>) =>
    (...args: A): void => {
      try {
        const result = handler(...args);
        if (result instanceof Promise) result.catch((e) => log.error(`SchemaSense: ${name} failed.\n${describeError(e)}`));
      } catch (e) {
        log.error(`SchemaSense: ${name} failed.\n${describeError(e)}`);
      }
    };

  let canConfigure = false;
  let canRegisterConfiguration = false;
  let canRegisterWatchers = false;
  let canWatchFolders = false;
  let clientWatchesFiles = false;
  let canRegisterFormatting = false;
  let initialFolders: string[] = [];

  const registry = new WorkspaceRegistry(log, settingsReader(connection, () => canConfigure), statusSender(connection));
  const documents = new TextDocuments(TextDocument);
  // Run Migration and the on-save verification; the checker's diagnostics pass through it to carry Postgres's own.
  const migrations = new MigrationFeatures(connection, documents, registry, log, (p) => void connection.sendDiagnostics(p).catch(() => undefined));
  // The references index is built in the background once the server is quiet after a publication; each
  // publication also tells the Schema view that the document's analysis may have changed. After a burst of
  // work (a publication, a close, a request) and between the background build's slices, the heap is collected
  // if it grew a lot since the last collection (idleCollection.ts).
  let schemaView: ReturnType<typeof registerSchemaView> | undefined;
  const checker: DocumentChecker = new DocumentChecker(documents, registry, (p) => {
    migrations.publish(p);
    indexer.activity();
    collector.activity();
    schemaView?.changed(p.uri);
  }, log, options);
  const collector = new IdleCollector();
  const indexer = new ReferenceIndexer(registry, checker, log, () => collector.checkpoint());

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    migrations.initialize(params);
    const caps = params.capabilities;
    canConfigure = !!caps.workspace?.configuration;
    canRegisterConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canWatchFolders = !!caps.workspace?.workspaceFolders;
    // Formatting is registered for SQL documents only (formattingRegistration.ts) where the client lets us:
    // announced statically it would also apply to the `.prisma` documents the client sends for drift warnings.
    canRegisterFormatting = !!caps.textDocument?.formatting?.dynamicRegistration && !!caps.textDocument?.rangeFormatting?.dynamicRegistration;
    clientWatchesFiles = !!(params.initializationOptions as InitializationOptions | undefined)?.clientWatchesFiles;
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    initialFolders = folderUris.flatMap((uri) => uriToPath(uri) ?? []);
    if (initialFolders.length === 0 && params.rootPath) initialFolders = [params.rootPath];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
        // A space opens the list only where a name comes next (features/completion: afterSpace).
        completionProvider: { triggerCharacters: ['.', '(', ' '] },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: { label: 'SchemaSense' },
        workspaceSymbolProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        ...(canRegisterFormatting ? {} : { documentFormattingProvider: true, documentRangeFormattingProvider: true }),
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'schemasense' },
    };
  });

  connection.onInitialized(
    guard('initialized', async () => {
      registry.setFolders(initialFolders);
      // Once a folder's history is replayed, its references index can be built while the editor is quiet.
      for (const entry of registry.all()) void entry.ready.then(() => indexer.activity());
      if (canWatchFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guard('workspace folders change', (e) => {
            for (const f of e.removed) registry.removeFolder(uriToPath(f.uri) ?? f.uri);
            for (const f of e.added) {
              const root = uriToPath(f.uri);
              if (root) registry.addFolder(root);
            }
            checker.recheckAll();
          }),
        );
      }
      if (initialFolders.length === 0) log.info('SchemaSense: no workspace folder; files are checked against their own directory.');
      if (canRegisterFormatting) await registerSqlFormatting(connection);
      if (canRegisterConfiguration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'schemasense' });
      if (canRegisterWatchers && !clientWatchesFiles) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILES }] });
      }
    }),
  );

  /** A request handler's failure is logged and answered with null; a ResponseError (a refusal the user reads) goes back as such. */
  const request = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log.error(`SchemaSense: ${name} failed.\n${describeError(e)}`);
      return null;
    }
  };
  registerLanguageFeatures(connection, checker, request);
  registerNavigationFeatures(connection, checker, registry, indexer, request);
  registerStructureFeatures(connection, checker, request);
  schemaView = registerSchemaView(connection, checker, documents, registry, request);
  const featureSettings = featureSettingsReader(connection, () => canConfigure);
  registerEditingFeatures(connection, checker, featureSettings, log, request);
  const lenses = registerCodeLens(connection, registry, () => migrations.isTrusted(), async (root) => (await featureSettings(root)).databaseUrl, log, request);
  migrations.onHistoryChanged = (root) => lenses.refresh(root);

  documents.onDidChangeContent(guard('document change', (e) => checker.changed(e.document.uri)));
  documents.onDidClose(
    guard('document close', (e) => {
      checker.closed(e.document.uri);
      collector.activity();
    }),
  );
  connection.onCodeAction(codeActionHandler(documents, registry, log));

  connection.onDidChangeWatchedFiles(
    guard('watched files change', (params) => {
      // An open document's text already overrides its file: saving it changes nothing to reload.
      const relevant = params.changes.filter((c) => c.type !== FileChangeType.Changed || !documents.get(c.uri));
      checker.filesChanged(relevant.flatMap((c) => uriToPath(c.uri) ?? []));
    }),
  );

  connection.onDidChangeConfiguration(
    guard('configuration change', async () => {
      await registry.reopenChanged();
      checker.recheckAll();
    }),
  );

  // "SchemaSense: Refresh Schema": read every folder's database or schema.prisma again.
  connection.onRequest(REFRESH_SCHEMA_REQUEST, async () => {
    try {
      await Promise.all(registry.all().filter((e) => e.kind === 'folder').map((e) => registry.refreshSchema(e)));
      checker.recheckAll();
    } catch (e) {
      log.error(`SchemaSense: refreshing the schema failed.\n${describeError(e)}`);
    }
    return null;
  });

  connection.onRequest(MEMORY_REQUEST, (): MemoryReport => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss, collected: !!gc };
  });

  connection.onShutdown(async () => {
    indexer.dispose();
    collector.dispose();
    checker.dispose();
    await migrations.dispose().catch((e) => log.error(`SchemaSense: closing the verification databases failed.\n${describeError(e)}`));
    registry.dispose();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
