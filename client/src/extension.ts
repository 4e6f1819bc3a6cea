import * as path from 'path';
import { window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { WATCHED_FILES } from '../../server/src/lsp/protocol';
import { registerSchemaStatus } from './statusBar';
import { registerMigrationCommands } from './commands/migrationCommands';
import { registerServerCommands } from './commands/serverCommands';
import { registerErDiagram } from './schemaView/erDiagram';
import { registerSchemaTree } from './schemaView/schemaTree';

/**
 * The VS Code side of SchemaSense: starts the language server (dist/server.js, over node IPC) for SQL
 * files and shows what it logs in the "SchemaSense" output channel. All analysis happens in the server.
 */
let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = window.createOutputChannel('SchemaSense', { log: true });
  const watcher = workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(outputChannel, watcher);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      // schema.prisma, for its drift warnings only: the server answers nothing else for it, and the language
      // id is the Prisma extension's own (contributed here too, without a grammar, for when it is absent).
      { scheme: 'file', language: 'prisma' },
    ],
    synchronize: { fileEvents: watcher },
    outputChannel,
    // The watcher above already reports file changes; the server need not register its own.
    // workspaceTrusted: Run Migration and the on-save verification run only in a trusted workspace.
    initializationOptions: { clientWatchesFiles: true, workspaceTrusted: workspace.isTrusted },
  };

  client = new LanguageClient('schemasense', 'SchemaSense', serverOptions, clientOptions);
  registerSchemaStatus(context, client, outputChannel);
  registerMigrationCommands(context, client, outputChannel);
  registerServerCommands(context, client, outputChannel);
  await client.start();
  // The Schema view and the ER diagram ask the server: they start once it runs.
  registerSchemaTree(context, client);
  registerErDiagram(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
