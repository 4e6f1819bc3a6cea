import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';
import type { Workspace } from '../project/workspace';
import { redact } from '../sources/database/redact';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol';
import type { WorkspaceEntry } from './workspaces';

/** The status of a folder entry: its workspace's, or the reason it could not be opened. */
export function statusOf(entry: WorkspaceEntry, ws: Workspace | undefined, error?: unknown): StatusParams {
  const folder = pathToFileURL(entry.root).toString();
  if (ws) return { folder, ...ws.status() };
  const why = error instanceof Error ? error.message : 'the folder could not be opened';
  return { folder, source: 'migrations', tables: 0, warning: redact(`${why}; syntax checks only`) };
}

/**
 * Sends where each folder's schema comes from, for the client's status bar. Workspace folders only: files
 * outside every folder have no status item.
 */
export function statusSender(connection: Connection) {
  return (entry: WorkspaceEntry, ws: Workspace | undefined, error?: unknown): void => {
    if (entry.kind !== 'folder') return;
    void connection.sendNotification(STATUS_NOTIFICATION, statusOf(entry, ws, error)).catch(() => undefined);
  };
}
