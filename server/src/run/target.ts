import { readProjectConfig } from '../project/config';
import { projectEnvironment } from '../project/environment';
import { databaseUrlOf } from '../project/schemaBase';
import { describeUrl } from './connectionUrl';
import type { Database, TargetDescription } from './database';
import { embeddedDirectory, openEmbedded } from './embedded';
import { connectPostgres } from './pgDatabase';
import { extensionsNamedIn } from './extensionNames';
import { looksLikeSupabase, STUB_EXTENSIONS, SUPABASE_STUB } from './supabaseStub';

/**
 * Where a run goes: the configured database (the `schemasense.databaseUrl` setting or `.schemasense.json`,
 * else DATABASE_URL from the environment, else from the root's `.env`), or the project's embedded database.
 */
export type RunTarget = { kind: 'postgres'; url: string; from: string } | { kind: 'embedded'; dir: string };

/** `explicit`: a URL given for this run (`--database-url`, the editor's setting). */
export async function resolveTarget(root: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): Promise<RunTarget> {
  const config = await readProjectConfig(root);
  const found = databaseUrlOf(explicit?.trim() ? { ...config, databaseUrl: explicit.trim() } : config, await projectEnvironment(root, env));
  return found ? { kind: 'postgres', url: found.url, from: found.from } : { kind: 'embedded', dir: embeddedDirectory(root, env) };
}

/** Host, database and user of the target, for the confirmation before a run: never the password. */
export function describeRunTarget(target: RunTarget): TargetDescription {
  return target.kind === 'postgres'
    ? describeUrl(target.url)
    : { kind: 'embedded', host: target.dir, database: 'postgres', user: 'postgres', local: true, display: `embedded database (${target.dir})` };
}

export interface OpenTargetOptions {
  /** The project's migration files: the embedded database loads the extensions they create, and Supabase's stand-ins. */
  files: readonly { path: string; text: string }[];
  onWait?: (holder: number) => void;
  signal?: AbortSignal;
}

export async function openTarget(target: RunTarget, options: OpenTargetOptions): Promise<Database> {
  if (target.kind === 'postgres') return connectPostgres(target.url);
  const supabase = looksLikeSupabase(options.files);
  const extensions = [...extensionsNamedIn(options.files.map((f) => f.text)), ...(supabase ? STUB_EXTENSIONS : [])];
  const db = await openEmbedded(target.dir, { extensions, onWait: options.onWait, signal: options.signal });
  try {
    // Once, when the database is new: later runs (a dry run above all) must find it as the last run left it.
    if (supabase && (await db.execute(`SELECT to_regnamespace('auth') IS NULL AS fresh`)).rows[0]?.fresh) await db.execute(SUPABASE_STUB);
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}
