import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';

/** The editor-feature settings (`schemasense.format.*`, `schemasense.inlayHints.*`): not part of the project's configuration. */
export interface FeatureSettings {
  keywordCase: 'preserve' | 'upper' | 'lower';
  inlayHints: boolean;
  /** `schemasense.databaseUrl`, for the code lens's history (Run Migration's target). */
  databaseUrl?: string;
}

const DEFAULTS: FeatureSettings = { keywordCase: 'preserve', inlayHints: false };

/** Reads them for a document through `workspace/configuration` (defaults when the client cannot or does not answer in time). */
export function featureSettingsReader(connection: Connection, supported: () => boolean, timeoutMs = 2000) {
  return async (uri: string): Promise<FeatureSettings> => {
    if (!supported()) return DEFAULTS;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      const request = connection.workspace.getConfiguration({ scopeUri: uri.startsWith('file:') ? uri : pathToFileURL(uri).toString(), section: 'schemasense' });
      const s = (await Promise.race([request, timeout])) as { format?: { keywordCase?: unknown }; inlayHints?: { enabled?: unknown }; databaseUrl?: unknown } | undefined;
      const keywordCase = s?.format?.keywordCase;
      return {
        keywordCase: keywordCase === 'upper' || keywordCase === 'lower' ? keywordCase : 'preserve',
        inlayHints: s?.inlayHints?.enabled === true,
        ...(typeof s?.databaseUrl === 'string' && s.databaseUrl.trim() ? { databaseUrl: s.databaseUrl.trim() } : {}),
      };
    } catch {
      return DEFAULTS;
    } finally {
      clearTimeout(timer);
    }
  };
}
