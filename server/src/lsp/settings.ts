import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';
import { parseProjectConfig, type ProjectConfig } from '../project/config';
import type { WorkspaceOptions } from '../project/workspace';

/** The `schemasense.*` settings the server reads, as VS Code (or another editor) sends them. */
interface Settings {
  migrations?: string | null;
  [key: string]: unknown;
}

/**
 * The settings that are set: VS Code sends every key with its default, and a default (`auto`, empty) must
 * not hide the same key in `.schemasense.json`. A value of the wrong type is ignored (the setting's schema in
 * package.json already warns the user).
 */
function setConfig(settings: Settings | undefined): ProjectConfig {
  const config: ProjectConfig = {};
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (key === 'migrations' || key === 'trace' || (key === 'schemaSource' && value === 'auto')) continue;
    try {
      Object.assign(config, parseProjectConfig({ [key]: value }, 'settings'));
    } catch {
      // Wrong type: as if unset.
    }
  }
  return config;
}

/**
 * Reads the `schemasense.*` settings for a root through `workspace/configuration`, when the client supports
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
      return { ...(migrations ? { migrations: path.normalize(migrations) } : {}), config: setConfig(settings) };
    } finally {
      clearTimeout(timer);
    }
  };
}
