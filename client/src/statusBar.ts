import { commands, ProgressLocation, StatusBarAlignment, ThemeColor, window, workspace, type ExtensionContext, type OutputChannel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REFRESH_SCHEMA_REQUEST, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';
import { onServerNotification } from './notifications';

const SHOW_OUTPUT = 'schemasense.showOutput';
export const REFRESH_SCHEMA = 'schemasense.refreshSchema';

/** `SchemaSense: prisma · 6 tables`, the icon saying whether the source was read as configured. */
export function statusText(status: StatusParams): string {
  const tables = `${status.tables} table${status.tables === 1 ? '' : 's'}`;
  return `${status.warning ? '$(warning)' : '$(database)'} SchemaSense: ${status.source} · ${tables}`;
}

/**
 * The status bar item: where the schema of the active editor's folder comes from (the server's
 * `schemasense/status`), with a warning and its reason when a source failed; clicking it opens the output
 * channel. Also the command "SchemaSense: Refresh Schema". Call before the client starts.
 */
export function registerSchemaStatus(context: ExtensionContext, client: LanguageClient, output: OutputChannel): void {
  const item = window.createStatusBarItem('schemasense.schema', StatusBarAlignment.Right, 100);
  item.name = 'SchemaSense schema';
  item.command = SHOW_OUTPUT;
  const statuses = new Map<string, StatusParams>();

  const update = () => {
    const uri = window.activeTextEditor?.document.uri;
    const folder = uri && workspace.getWorkspaceFolder(uri)?.uri.toString();
    const status = (folder && statuses.get(folder)) || statuses.values().next().value;
    if (!status) return item.hide();
    item.text = statusText(status);
    item.tooltip = status.warning ? `SchemaSense: ${status.warning}\nClick to open the SchemaSense output.` : `Schema from ${status.source}. Click to open the SchemaSense output.`;
    item.backgroundColor = status.warning ? new ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };

  context.subscriptions.push(
    item,
    commands.registerCommand(SHOW_OUTPUT, () => output.show(true)),
    commands.registerCommand(REFRESH_SCHEMA, async () => {
      await window.withProgress({ location: ProgressLocation.Window, title: 'SchemaSense: refreshing the schema' }, () =>
        client.sendRequest(REFRESH_SCHEMA_REQUEST),
      );
    }),
    window.onDidChangeActiveTextEditor(update),
    workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) statuses.delete(f.uri.toString());
      update();
    }),
    onServerNotification(client, STATUS_NOTIFICATION, (status: StatusParams) => {
      statuses.set(normalizeUri(status.folder), status);
      update();
    }),
  );
}

/** The server writes `file:///x`, VS Code `file:///x` too, but drive letters and escapes differ on Windows. */
function normalizeUri(uri: string): string {
  const folder = workspace.workspaceFolders?.find((f) => f.uri.toString() === uri || decodeURIComponent(f.uri.toString()).toLowerCase() === decodeURIComponent(uri).toLowerCase());
  return folder ? folder.uri.toString() : uri;
}
