import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';

/** The editor-feature settings (`schemasense.format.*`, `schemasense.inlayHints.*`): not part of the project's configuration. */
export interface FeatureSettings {
  keywordCase: 'preserve' | 'upper' | 'lower';
  /** `schemasense.format.indent`: spaces per level, or `tab`; undefined: the editor's (the request's tab size and spaces). */
  indent?: number | 'tab';
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
      const s = (await Promise.race([request, timeout])) as { format?: { keywordCase?: unknown; indent?: unknown }; inlayHints?: { enabled?: unknown }; databaseUrl?: unknown } | undefined;
      const keywordCase = s?.format?.keywordCase;
      const indent = s?.format?.indent;
      return {
        keywordCase: keywordCase === 'upper' || keywordCase === 'lower' ? keywordCase : 'preserve',
        ...(indent === 'tab' ? { indent } : typeof indent === 'number' && Number.isInteger(indent) && indent >= 1 && indent <= 8 ? { indent } : {}),
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
