/**
 * The oracle of the fidelity harness: PostgreSQL's regression test files run on a real PostgreSQL, statement
 * by statement, in schedule order as one history (one database, each file its own session), the way psql
 * runs them under pg_regress (ON_ERROR_STOP off, autocommit): a statement's outcome is `ok` or its SQLSTATE.
 *
 * What pg_regress prepares, minimally: a database created from template0 with its settings (lc_*, bytea_output,
 * timezone_abbreviations) and the environment's (PGTZ=PST8PDT, PGDATESTYLE=Postgres, MDY); the variables
 * test_setup.sql reads with \getenv (PG_ABS_SRCDIR, PG_ABS_BUILDDIR, PG_LIBDIR, PG_DLSUFFIX). Of psql's
 * meta-commands, those that change what later statements do are followed: \set, \unset, \getenv, \gset,
 * \gexec, \c, \if/\elif/\else/\endif, \quit. The rest (\d…, \pset, \echo, \copy, \lo_…) are not run.
 * Statements in a skipped \if branch or after \quit are marked `skipped` (the harness blanks them for the
 * checker too). COPY … FROM stdin gets its data through a file the server reads; one PostgreSQL refuses before
 * reading any row (the error has no `COPY t, line n` context) got no data from psql, so the lines after it are
 * read as SQL again. psql's AUTOCOMMIT off (a BEGIN before a statement outside a transaction block) and
 * ON_ERROR_ROLLBACK on (each statement in a transaction block inside a savepoint, rolled back to when it fails)
 * are followed as psql's SendQuery does (pg_regress's psql is not interactive, so `interactive` is off).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import { literalAt } from '../../server/src/analysis/parser/literals';
import { pgError, startPostgres } from '../support/postgres';
import { parsePsqlScript, type PsqlScript, type ScriptStatement } from './psqlScript';

export interface Interpolation {
  start: number;
  end: number;
  identifier: boolean;
}

export interface StatementOutcome {
  statement: ScriptStatement;
  /** psql variables interpolated into the statement (offsets in the statement's text). */
  interpolations?: Interpolation[];
  /** `ok`, a SQLSTATE, or `skipped` (not run: a false \if branch, after \quit). */
  outcome: string;
  message?: string;
  /** Where PostgreSQL placed its error: 1-based, in characters of the statement's text (not kept for a COPY, sent rewritten). */
  position?: number;
}

export interface OracleFile {
  name: string;
  file: string;
  text: string;
  script: PsqlScript;
  outcomes: StatementOutcome[];
}

export interface RegressSuite {
  dir: string;
  version: string;
  /** Test names in schedule order. */
  tests: string[];
}

/** Test names of parallel_schedule, in order (a group's tests in the order written). */
export function scheduleOrder(schedule: string): string[] {
  const tests: string[] = [];
  for (const line of schedule.split('\n')) {
    const m = /^\s*test:\s*(.*)$/.exec(line);
    if (m) tests.push(...m[1].split(/\s+/).filter(Boolean));
  }
  return tests;
}

export function readSuite(dir: string): RegressSuite {
  const schedule = path.join(dir, 'parallel_schedule');
  if (!fs.existsSync(schedule) || !fs.existsSync(path.join(dir, 'sql'))) {
    throw new Error(
      `PostgreSQL's regression suite is not in ${dir}. Run \`bash scripts/fidelity-sources.sh\` (it adds a deb-src entry ` +
        `and extracts src/test/regress from Debian's postgresql-15 source package; .ci/run does this).`,
    );
  }
  const version = fs.existsSync(path.join(dir, 'VERSION')) ? fs.readFileSync(path.join(dir, 'VERSION'), 'utf8').trim() : 'unknown';
  return { dir, version, tests: scheduleOrder(fs.readFileSync(schedule, 'utf8')) };
}

const DB = 'regression';
const PG_LIBDIR = '/usr/lib/postgresql/15/lib';
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * psql's variable interpolation (`:name`, `:'name'`, `:"name"`) outside quotes and comments. `spans` receives
 * where each interpolated reference was in `sql` and whether it was `:"name"` (an identifier).
 */
export function interpolate(sql: string, vars: Map<string, string>, spans: Interpolation[] = []): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    const literal = literalAt(sql, i);
    if (literal) {
      const end = literal.end < 0 ? sql.length : literal.end;
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (sql[i] === ':' && sql[i - 1] !== ':' && sql[i + 1] !== ':') {
      const m = /^:(?:'([A-Za-z0-9_]+)'|"([A-Za-z0-9_]+)"|([A-Za-z0-9_]+))/.exec(sql.slice(i, i + 80));
      const name = m && (m[1] ?? m[2] ?? m[3]);
      if (m && name && vars.has(name)) {
        const v = vars.get(name)!;
        out += m[1] ? `'${v.replace(/'/g, "''")}'` : m[2] ? `"${v.replace(/"/g, '""')}"` : v;
        spans.push({ start: i, end: i + m[0].length, identifier: m[2] !== undefined });
        i += m[0].length;
        continue;
      }
    }
    out += sql[i++];
  }
  return out;
}

/** The value of a meta-command's arguments, psql-style: quoted strings, variables and words, concatenated per argument. */
function metaArgs(args: string, vars: Map<string, string>): string[] {
  const out: string[] = [];
  const re = /\s*((?:'(?:[^'\\]|\\.|'')*'|:'[A-Za-z0-9_]+'|:"[A-Za-z0-9_]+"|:[A-Za-z0-9_]+|[^\s'])+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(args))) {
    let value = '';
    const parts = /'((?:[^'\\]|\\.|'')*)'|:'([A-Za-z0-9_]+)'|:"([A-Za-z0-9_]+)"|:([A-Za-z0-9_]+)|([^\s':]+|:)/g;
    let p: RegExpExecArray | null;
    while ((p = parts.exec(m[1]))) {
      if (p[1] !== undefined) value += p[1].replace(/''/g, "'").replace(/\\(.)/g, '$1');
      else if (p[2] !== undefined) value += `'${(vars.get(p[2]) ?? '').replace(/'/g, "''")}'`;
      else if (p[3] !== undefined) value += `"${vars.get(p[3]) ?? ''}"`;
      else if (p[4] !== undefined) value += vars.get(p[4]) ?? `:${p[4]}`;
      else value += p[5];
    }
    out.push(value);
  }
  return out;
}

const truthy = (v: string) => /^(t|tr|tru|true|on|1|y|ye|yes)$/i.test(v.trim());
/** psql's ParseVariableBool: true, false, or undefined for a value psql refuses (the variable keeps its value). */
function psqlBool(v: string): boolean | undefined {
  const t = v.trim().toLowerCase();
  if (!t) return undefined;
  if ('true'.startsWith(t) || 'yes'.startsWith(t) || (t.length >= 2 && 'on'.startsWith(t)) || t === '1') return true;
  if ('false'.startsWith(t) || 'no'.startsWith(t) || (t.length >= 2 && 'off'.startsWith(t)) || t === '0') return false;
  return undefined;
}

/** psql's command_no_begin: statements AUTOCOMMIT off sends without a BEGIN before them. */
function noBegin(sql: string): boolean {
  const s = sql.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '').toLowerCase();
  return /^(begin|start|commit|end|rollback|abort|savepoint|release|prepare\s+transaction|vacuum|cluster\s*(;|$)|discard\s+all|alter\s+system|(create|drop)\s+(database|tablespace)|(create|drop)\s+(unique\s+)?index\s+concurrently|reindex\s+(database|system)|reindex\s*(\([^)]*\)\s*)?\w+\s+concurrently)\b/.test(s)
    || /^(commit|rollback)\s+prepared\b/.test(s);
}

async function prepareDatabase(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB} TEMPLATE template0`);
    for (const s of [
      `lc_messages TO 'C'`, `lc_monetary TO 'C'`, `lc_numeric TO 'C'`, `lc_time TO 'C'`, `bytea_output TO 'hex'`,
      `timezone_abbreviations TO 'Default'`, `timezone TO 'PST8PDT'`, `datestyle TO 'Postgres, MDY'`,
    ]) {
      await admin.query(`ALTER DATABASE ${DB} SET ${s}`);
    }
  } finally {
    await admin.end();
  }
  return adminUrl.replace(/\/[^/]*$/, `/${DB}`);
}

/** A folder the server (the postgres OS user under root) can read and write: the suite's data/ and COPY files. */
function serverFolder(suiteDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-regress-'));
  fs.cpSync(path.join(suiteDir, 'data'), path.join(dir, 'data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'results'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'stdin'), { recursive: true });
  if (process.getuid?.() === 0) {
    const { spawnSync } = require('child_process') as typeof import('child_process');
    spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  }
  spawnChmod(dir);
  return dir;
}

function spawnChmod(dir: string): void {
  const { spawnSync } = require('child_process') as typeof import('child_process');
  spawnSync('chmod', ['-R', 'a+rwX', dir]);
}

export interface OracleRun {
  files: OracleFile[];
  /** Statements sent to the server (skipped ones not counted). */
  statements: number;
}

/** Runs the suite's files (every file of the schedule, or `only`) on the shared test server. */
export async function runOracle(suite: RegressSuite, only?: (name: string) => boolean): Promise<OracleRun> {
  const server = await startPostgres();
  const url = await prepareDatabase(server.url);
  const work = serverFolder(suite.dir);
  const env: Record<string, string> = {
    PG_ABS_SRCDIR: work,
    PG_ABS_BUILDDIR: work,
    PG_LIBDIR,
    PG_DLSUFFIX: '.so',
  };
  const files: OracleFile[] = [];
  let statements = 0;
  let copyCounter = 0;
  try {
    for (const name of suite.tests) {
      if (only && !only(name)) continue;
      const file = path.join(suite.dir, 'sql', `${name}.sql`);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const noCopyData = new Set<number>();
      let script = parsePsqlScript(text, noCopyData);
      const outcomes: StatementOutcome[] = [];
      const vars = new Map<string, string>();
      const connect = async (user?: string) => {
        const c = new Client({
          connectionString: url,
          user: user ?? 'postgres',
          options: `-c statement_timeout=${STATEMENT_TIMEOUT_MS}`,
        });
        c.on('error', () => undefined);
        c.on('notice', () => undefined);
        // The transaction status each ReadyForQuery gives: I idle, T in a block, E in a failed block.
        (c as unknown as { connection: { on(e: string, f: (m: { status: string }) => void): void } }).connection.on('readyForQuery', (m) => {
          txStatus = m.status;
          readies++;
          if (readies >= sent) for (const w of waiting.splice(0)) w();
        });
        await c.connect();
        sent = readies = 0;
        return c;
      };
      let txStatus = 'I';
      // node-pg rejects a query at the server's ErrorResponse, before its ReadyForQuery (which has the status):
      // `query` waits for the ReadyForQuery of every query sent before it returns or throws.
      let sent = 0;
      let readies = 0;
      const waiting: Array<() => void> = [];
      const settledStatus = () => (readies >= sent ? Promise.resolve() : new Promise<void>((r) => waiting.push(r)));
      const query = async (sql: string) => {
        sent++;
        try {
          return await client.query(sql);
        } finally {
          await settledStatus();
        }
      };
      let autocommit = true;
      let onErrorRollback = false;
      let client = await connect();
      // \if stack: [is this branch running, has a branch of this \if run yet, is the whole \if inside a running branch]
      const conditions: Array<{ active: boolean; done: boolean; outer: boolean }> = [];
      const running = () => conditions.every((c) => c.active);
      let quit = false;
      const exec = async (sql: string) => query(sql);
      // psql's SendQuery: the implicit BEGIN of AUTOCOMMIT off, the savepoint of ON_ERROR_ROLLBACK.
      const send = async (sql: string) => {
        if (txStatus === 'I' && !autocommit && !noBegin(sql)) await query('BEGIN');
        const savepoint = txStatus === 'T' && onErrorRollback;
        if (savepoint) await query('SAVEPOINT pg_psql_temporary_savepoint');
        try {
          const result = await query(sql);
          const last = Array.isArray(result) ? result[result.length - 1] : result;
          if (savepoint && txStatus === 'T' && !/^(COMMIT|SAVEPOINT|RELEASE|ROLLBACK)/.test(last?.command ?? '')) {
            await query('RELEASE pg_psql_temporary_savepoint');
          }
          return result;
        } catch (e) {
          if (savepoint && txStatus === 'E' && pgError(e)) await query('ROLLBACK TO pg_psql_temporary_savepoint');
          throw e;
        }
      };
      for (let at = 0; at < script.items.length; at++) {
        const item = script.items[at];
        if (item.kind === 'meta') {
          const cmd = item.command;
          if (cmd === 'if') {
            const outer = running();
            const v = outer && truthy(metaArgs(item.args, vars).join(' '));
            conditions.push({ active: v, done: v, outer });
          } else if (cmd === 'elif' && conditions.length) {
            const top = conditions[conditions.length - 1];
            const v = top.outer && !top.done && truthy(metaArgs(item.args, vars).join(' '));
            top.active = v;
            top.done ||= v;
          } else if (cmd === 'else' && conditions.length) {
            const top = conditions[conditions.length - 1];
            top.active = top.outer && !top.done;
            top.done = true;
          } else if (cmd === 'endif') {
            conditions.pop();
          } else if (!running() || quit) {
            continue;
          } else if (cmd === 'set') {
            const [n, ...vals] = metaArgs(item.args, vars);
            const value = vals.join('');
            // psql's own variables refuse a value they cannot take and keep the one they had.
            if (n === 'AUTOCOMMIT' || n === 'ON_ERROR_ROLLBACK') {
              const b = n === 'ON_ERROR_ROLLBACK' && /^interactive$/i.test(value) ? false : psqlBool(value);
              if (b === undefined) continue;
              if (n === 'AUTOCOMMIT') autocommit = b;
              else onErrorRollback = b;
            }
            if (n) vars.set(n, value);
          } else if (cmd === 'unset') {
            const n = metaArgs(item.args, vars)[0] ?? '';
            if (n === 'AUTOCOMMIT') autocommit = true;
            if (n === 'ON_ERROR_ROLLBACK') onErrorRollback = false;
            vars.delete(n);
          } else if (cmd === 'getenv') {
            const [n, e] = metaArgs(item.args, vars);
            if (n && e && env[e] !== undefined) vars.set(n, env[e]);
          } else if (cmd === 'c' || cmd === 'connect') {
            const [db, user] = metaArgs(item.args, vars);
            if (!db || db === '-' || db === DB) {
              const next = await connect(user && user !== '-' ? user : undefined).catch(() => undefined);
              if (next) {
                await client.end().catch(() => undefined);
                client = next;
              }
            }
          } else if (cmd === 'q' || cmd === 'quit') {
            quit = true;
          }
          continue;
        }
        if (quit || !running()) {
          outcomes.push({ statement: item, outcome: 'skipped' });
          continue;
        }
        const interpolations: Interpolation[] = [];
        let sql = interpolate(item.sql, vars, interpolations);
        if (item.copyData !== undefined) {
          const f = path.join(work, 'stdin', `copy${++copyCounter}.data`);
          fs.writeFileSync(f, item.copyData);
          fs.chmodSync(f, 0o644);
          sql = sql.replace(/\bfrom\s+stdin\b/i, `FROM '${f}'`);
        }
        statements++;
        try {
          const result = await send(sql);
          outcomes.push({ statement: item, outcome: 'ok', interpolations });
          const last = Array.isArray(result) ? result[result.length - 1] : result;
          if (item.gexec) {
            for (const row of (last?.rows ?? []) as Array<Record<string, unknown>>) {
              for (const v of Object.values(row)) if (typeof v === 'string') await exec(v).catch(() => undefined);
            }
          }
          if (item.gset !== undefined && last?.rows?.length === 1) {
            for (const [k, v] of Object.entries(last.rows[0] as Record<string, unknown>)) {
              if (v !== null && v !== undefined) vars.set(item.gset + k, String(v));
            }
          }
        } catch (e) {
          const pe = pgError(e);
          if (!pe) {
            // The connection broke (a crash test, a terminated backend): the file goes on in a new session.
            outcomes.push({ statement: item, outcome: 'XX000', message: String((e as Error).message ?? e), interpolations });
            await client.end().catch(() => undefined);
            client = await connect();
          } else {
            outcomes.push({ statement: item, outcome: pe.code, message: pe.message, ...(pe.position !== undefined && item.copyData === undefined ? { position: pe.position } : {}), interpolations });
            // Refused before the first row: psql sent no data, and the lines after the COPY are SQL. (Not the
            // refusal to read a server file that our FROM stdin -> FROM 'file' makes under a role without the right:
            // psql's stdin needs none, and sent the data.)
            const where = String((e as { where?: string }).where ?? '');
            const fileRefused = pe.code === '42501' && /COPY from a file/.test(pe.message);
            if (item.copyData !== undefined && !fileRefused && !/\bCOPY [^\n]*, line \d+/.test(where)) {
              noCopyData.add(item.start);
              script = parsePsqlScript(text, noCopyData);
              at = script.items.findIndex((x) => x.start === item.start);
            }
          }
        }
      }
      await client.end().catch(() => undefined);
      files.push({ name, file, text, script, outcomes });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    const admin = new Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).finally(() => admin.end());
  }
  return { files, statements };
}
