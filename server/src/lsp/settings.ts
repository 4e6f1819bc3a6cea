import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';
import type { WorkspaceOptions } from '../project/workspace';

/** The `schemasense.*` settings the server reads, as VS Code (or another editor) sends them. */
interface Settings {
  migrations?: string | null;
}

/**
 * Reads `schemasense.migrations` for a root through `workspace/configuration`, when the client supports
 * it. A client that never answers must not stall the server: after `timeoutMs` the defaults apply.
 */
export function settingsReader(connection: Connection, supported: () => boolean, timeoutMs = 3000) {
  return async (root: string): Promise<Partial<WorkspaceOptions>> => {
    if (!supported()) return {};
    const request = connection.workspace.getConfiguration({ scopeUri: pathToFileURL(root).toString(), section: 'schemasense' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      const settings = (await Promise.race([request, timeout])) as Settings | undefined;
      const migrations = typeof settings?.migrations === 'string' ? settings.migrations.trim() : '';
      return migrations ? { migrations: path.normalize(migrations) } : {};
    } finally {
      clearTimeout(timer);
    }
  };
}
