import { promises as fs } from 'fs';
import * as path from 'path';
import { ALL_RULES, RULE_SEVERITIES, type RuleSettings, type RuleSeverity } from '../analysis';

/** Where the catalog's base comes from: chosen automatically, or forced. */
export const SCHEMA_SOURCES = ['auto', 'migrations', 'prisma', 'database'] as const;
export type SchemaSourceSetting = (typeof SCHEMA_SOURCES)[number];

/**
 * The project's settings: the `schemasense.*` VS Code settings, the same keys in `.schemasense.json` at
 * the workspace root (for the CLI and other editors), and the CLI's flags. Every key is optional.
 */
export interface ProjectConfig {
  /** Migration folder relative to the root. */
  migrations?: string;
  /** `auto` (default): database if a URL is set, else schema.prisma, else the migrations alone. */
  schemaSource?: SchemaSourceSetting;
  /** Connection URL of the database to read the schema from; else DATABASE_URL (environment, then `.env`). */
  databaseUrl?: string;
  /** schema.prisma, or a folder of `.prisma` files, relative to the root; found automatically when absent. */
  prisma?: string;
  /** Database schemas to read; every non-system schema when absent. */
  schemas?: string[];
  /** Globs (relative to the root) of the SQL files to analyse; see fileSelection.ts for the default. */
  include?: string[];
  /** Globs (relative to the root) of SQL files never analysed. */
  exclude?: string[];
  /** Migration safety rules: a severity (`error`, `warning`, `information`) or `off`, by rule id. */
  rules?: RuleSettings;
}

export const CONFIG_FILE = '.schemasense.json';

/**
 * A `ProjectConfig` from an untrusted object (JSON, editor settings): keys with or without the
 * `schemasense.` prefix; empty strings and lists count as unset. Throws on a value of the wrong type,
 * naming `where` and the key.
 */
export function parseProjectConfig(record: Record<string, unknown>, where: string): ProjectConfig {
  const value = (key: string) => record[`schemasense.${key}`] ?? record[key] ?? undefined;
  const config: ProjectConfig = {};
  const text = (key: 'migrations' | 'databaseUrl' | 'prisma', what: string) => {
    const v = value(key);
    if (v === undefined || v === null) return;
    if (typeof v !== 'string') throw new Error(`${where}: "${key}" must be ${what} (a string)`);
    if (v.trim() !== '') config[key] = v.trim();
  };
  const list = (key: 'schemas' | 'include' | 'exclude', what: string) => {
    const v = value(key);
    if (v === undefined || v === null) return;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${where}: "${key}" must be a list of ${what}`);
    const items = v.map((x: string) => x.trim()).filter((x) => x !== '');
    if (items.length) config[key] = items;
  };
  text('migrations', 'a folder path');
  text('databaseUrl', 'a connection URL');
  text('prisma', 'a path to schema.prisma or a folder');
  list('schemas', 'schema names');
  list('include', 'globs');
  list('exclude', 'globs');
  const rules = value('rules');
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) throw new Error(`${where}: "rules" must be an object of rule ids to ${RULE_SEVERITIES.join(' | ')}`);
    const known = new Set(ALL_RULES.map((r) => r.id));
    const settings: Record<string, RuleSeverity> = {};
    for (const [id, severity] of Object.entries(rules as Record<string, unknown>)) {
      if (!known.has(id)) throw new Error(`${where}: "rules" names an unknown rule "${id}" (rules: ${[...known].join(', ')})`);
      if (!(RULE_SEVERITIES as readonly unknown[]).includes(severity)) throw new Error(`${where}: "rules.${id}" must be one of ${RULE_SEVERITIES.join(', ')}`);
      settings[id] = severity as RuleSeverity;
    }
    if (Object.keys(settings).length) config.rules = settings;
  }
  const source = value('schemaSource');
  if (source !== undefined && source !== null && source !== '') {
    if (!(SCHEMA_SOURCES as readonly unknown[]).includes(source)) {
      throw new Error(`${where}: "schemaSource" must be one of ${SCHEMA_SOURCES.join(', ')}`);
    }
    config.schemaSource = source as SchemaSourceSetting;
  }
  return config;
}

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
  return parseProjectConfig(json as Record<string, unknown>, file);
}
