/**
 * Shared by the runner tests: the sample project's migrations as the runner takes them, a snapshot of a
 * database (catalog and table contents, read through the runner's own Database interface so that it works
 * on a server and on PGlite alike), and the runner checks both backends must pass.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Database } from '../../server/src/run/database';
import type { RunFile } from '../../server/src/run/runner';

/**
 * One cache folder (SCHEMASENSE_CACHE_DIR) for every test of the run: embedded databases, and PGlite's template,
 * made once so that later databases skip initdb. Removed when the process exits.
 */
export const testCache = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-cache-'));
process.once('exit', () => fs.rmSync(testCache, { recursive: true, force: true }));

export const repo = path.resolve(__dirname, fs.existsSync(path.resolve(__dirname, '../../package.json')) ? '../..' : '../../..');
export const SAMPLE = path.join(repo, 'examples', 'sample-project', 'database', 'migrations');

/** The sample project's 001–015 (015 has the `ak.customer_id` bug). */
export function sampleFiles(): RunFile[] {
  return fs
    .readdirSync(SAMPLE)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ path: path.join(SAMPLE, name), name, text: fs.readFileSync(path.join(SAMPLE, name), 'utf8'), recorded: true }));
}

/** A migration file that exists only in the test. */
export function file(name: string, text: string, recorded = true): RunFile {
  return { path: path.join('/virtual', name), name, text, recorded };
}

const USER = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'`;

/**
 * Everything a migration could change, as one text: schemas, relations with every column (type, nullability,
 * default), constraints, indexes, views, functions, triggers, policies, types, roles' grants, sequence
 * states, and the rows of every table. Equal snapshots: the database did not change.
 */
export async function snapshot(db: Database): Promise<string> {
  const parts: string[] = [];
  const q = async (sql: string) => JSON.stringify((await db.execute(sql)).rows);
  parts.push(await q(`SELECT nspname, nspacl::text FROM pg_namespace n WHERE ${USER} ORDER BY 1`));
  parts.push(
    await q(`SELECT n.nspname, c.relname, c.relkind, c.relrowsecurity, c.relacl::text, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                    a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
               LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
              WHERE ${USER} ORDER BY 1, 2, 6`),
  );
  parts.push(await q(`SELECT conrelid::regclass::text, conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE ${USER} ORDER BY 1, 2`));
  parts.push(await q(`SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER} ORDER BY 1`));
  parts.push(await q(`SELECT c.oid::regclass::text, pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND ${USER} ORDER BY 1`));
  parts.push(await q(`SELECT p.oid::regprocedure::text, p.prosrc, p.proacl::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER} ORDER BY 1`));
  parts.push(await q(`SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE NOT tgisinternal ORDER BY 1, 2`));
  parts.push(await q(`SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies ORDER BY 1, 2, 3`));
  parts.push(await q(`SELECT n.nspname, t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER} ORDER BY 1, 2`));
  parts.push(await q(`SELECT e.enumtypid::regtype::text, e.enumlabel, e.enumsortorder FROM pg_enum e ORDER BY 1, 3`));
  const relations = `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER} AND c.relkind`;
  for (const { t } of (await db.execute(`${relations} IN ('r', 'p') ORDER BY 1`)).rows) {
    parts.push(`${t}: ${await q(`SELECT coalesce(json_agg(x ORDER BY x::text), '[]')::text AS rows FROM ${t} x`)}`);
  }
  for (const { t } of (await db.execute(`${relations} = 'S' ORDER BY 1`)).rows) parts.push(`${t}: ${await q(`SELECT last_value, is_called FROM ${t}`)}`);
  return parts.join('\n');
}

/** The names recorded in schemasense_migrations ([] when the table does not exist). */
export async function recorded(db: Database): Promise<string[]> {
  const exists = (await db.execute(`SELECT to_regclass('public.schemasense_migrations') IS NOT NULL AS e`)).rows[0].e;
  if (!exists) return [];
  return (await db.execute(`SELECT name FROM public.schemasense_migrations ORDER BY name`)).rows.map((r) => String(r.name));
}

export async function relationExists(db: Database, name: string): Promise<boolean> {
  return (await db.execute(`SELECT to_regclass($1) IS NOT NULL AS e`, [name])).rows[0].e === true;
}

/** The text a span of a file covers. */
export function covered(files: RunFile[], failure: { path: string; span: { start: number; end: number } }): string {
  const f = files.find((x) => x.path === failure.path);
  assert.ok(f, `no file ${failure.path}`);
  return f.text.slice(failure.span.start, failure.span.end);
}
