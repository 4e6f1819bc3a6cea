import { commands, ProgressLocation, window, workspace, type ExtensionContext, type OutputChannel, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  RESET_EMBEDDED,
  RUN_MIGRATION,
  RUN_PROGRESS,
  WORKSPACE_TRUSTED,
  type ResetEmbeddedResult,
  type RunMigrationParams,
  type RunMigrationResult,
  type RunProgressParams,
} from '../../../server/src/lsp/runProtocol';
import { onServerNotification } from '../notifications';

export const RUN_MIGRATION_COMMAND = 'schemasense.runMigration';
export const DRY_RUN_MIGRATION_COMMAND = 'schemasense.dryRunMigration';
export const RUN_PENDING_COMMAND = 'schemasense.runPendingMigrations';
export const RESET_EMBEDDED_COMMAND = 'schemasense.resetEmbeddedDatabase';

/**
 * The palette commands of Run Migration. The server runs; this only picks the file, asks the questions the
 * server returns (modal: a remote host is named with its database and user, never the password), shows
 * progress with Cancel (which cancels the LSP request: the server cancels the statement), and the outcome.
 * Nothing runs in an untrusted workspace.
 */
export function registerMigrationCommands(context: ExtensionContext, client: LanguageClient, output: OutputChannel): void {
  const progressListeners = new Map<string, (p: RunProgressParams) => void>();
  let nextToken = 0;

  const run = async (scope: RunMigrationParams['scope'], dryRun: boolean, uri?: Uri) => {
    if (!trusted()) return;
    const target = uri ?? window.activeTextEditor?.document.uri ?? workspace.workspaceFolders?.[0]?.uri;
    if (!target) return void window.showWarningMessage('SchemaSense: open a migration file (or a folder) first.');
    const doc = workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    if (scope === 'file' && doc?.isDirty && !(await doc.save())) return;
    const params: RunMigrationParams = { uri: target.toString(), scope, dryRun, consent: {}, progressToken: `run-${++nextToken}` };
    const title = `SchemaSense: ${dryRun ? 'Dry-Run' : 'Run'} ${scope === 'pending' ? 'Pending Migrations' : 'Migration'}`;
    for (;;) {
      const result = await window.withProgress({ location: ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        let done = 0;
        progressListeners.set(params.progressToken, (p) => {
          progress.report({ message: p.message, increment: Math.max(0, p.percent - done) });
          done = Math.max(done, p.percent);
        });
        return client.sendRequest<RunMigrationResult>(RUN_MIGRATION, params, token).finally(() => progressListeners.delete(params.progressToken));
      });
      // The command ends with the run; the notification stays until the user dismisses it.
      if (result.status !== 'confirm') return void show(result, output);
      for (const q of result.questions) {
        const answer = await window.showWarningMessage(q.text, { modal: true }, dryRun ? 'Dry-Run' : 'Run');
        if (!answer) return;
        params.consent = { ...params.consent, [consentKey(q.kind)]: true };
      }
    }
  };

  context.subscriptions.push(
    onServerNotification(client, RUN_PROGRESS, (p: RunProgressParams) => progressListeners.get(p.token)?.(p)),
    workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WORKSPACE_TRUSTED)),
    commands.registerCommand(RUN_MIGRATION_COMMAND, (uri?: Uri) => run('file', false, uri)),
    commands.registerCommand(DRY_RUN_MIGRATION_COMMAND, (uri?: Uri) => run('file', true, uri)),
    commands.registerCommand(RUN_PENDING_COMMAND, (uri?: Uri) => run('pending', false, uri)),
    commands.registerCommand(RESET_EMBEDDED_COMMAND, async (uri?: Uri) => {
      if (!trusted()) return;
      const target = uri ?? window.activeTextEditor?.document.uri ?? workspace.workspaceFolders?.[0]?.uri;
      if (!target) return;
      const folder = workspace.getWorkspaceFolder(target)?.name ?? 'this folder';
      const answer = await window.showWarningMessage(
        `Delete the embedded database of ${folder}? The next run applies the migrations from the start.`,
        { modal: true },
        'Reset',
      );
      if (!answer) return;
      const result = await client.sendRequest<ResetEmbeddedResult>(RESET_EMBEDDED, { uri: target.toString() });
      void window.showInformationMessage(`SchemaSense: ${result.message}`);
    }),
  );
}

function trusted(): boolean {
  if (workspace.isTrusted) return true;
  void window.showWarningMessage('SchemaSense: running migrations is disabled in an untrusted workspace (Workspace Trust).');
  return false;
}

function consentKey(kind: RunMigrationResult['questions'][number]['kind']): keyof NonNullable<RunMigrationParams['consent']> {
  return kind === 'remote-host' ? 'remoteHost' : kind === 'rerun' ? 'rerun' : 'noTransaction';
}

/**
 * The outcome on one line (the server's `message`: what ran, how it ended, the changes it made), as
 * information on success, else as an error; every notification offers the log, which has the files,
 * every schema change, Postgres's detail and hint, and the warnings.
 */
async function show(result: RunMigrationResult, output: OutputChannel): Promise<void> {
  const text = `SchemaSense: ${result.message}`;
  const showLog = 'Show Log';
  const pick =
    result.status === 'done'
      ? await window.showInformationMessage(text, showLog)
      : result.status === 'unavailable'
        ? await window.showWarningMessage(text, showLog)
        : await window.showErrorMessage(text, showLog);
  if (pick === showLog) output.show(true);
}
