import { promises as fs } from 'fs';
import * as path from 'path';

/**
 * `.schemasense.json` at the workspace root: the VS Code settings' keys, for the CLI and other editors.
 * Keys are accepted with or without the `schemasense.` prefix: `{ "migrations": "db/migrations" }`.
 */
export interface ProjectConfig {
  /** Migration folder relative to the root. */
  migrations?: string;
}

export const CONFIG_FILE = '.schemasense.json';

/** The root's `.schemasense.json`, or `{}` when there is none. Throws when it exists but is not valid. */
export async function readProjectConfig(root: string): Promise<ProjectConfig> {
  const file = path.join(root, CONFIG_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${file} must hold a JSON object`);
  const record = json as Record<string, unknown>;
  const migrations = record['schemasense.migrations'] ?? record.migrations;
  if (migrations !== undefined && migrations !== null && typeof migrations !== 'string') {
    throw new Error(`${file}: "migrations" must be a folder path (a string)`);
  }
  return typeof migrations === 'string' && migrations !== '' ? { migrations } : {};
}
