import { loadParser, type Problem } from '../analysis';
import { asPostgresError, type Database, type PostgresError } from '../run/database';
import { errorSpan } from '../run/errorRange';
import { cacheDirectory } from '../run/embedded';
import { checksumOf } from '../run/history';
import { planFile, type Step } from '../run/migrationPlan';
import { extensionsNamedIn } from '../run/extensionNames';
import { openPgliteProcess } from '../run/pgliteHost';
import { looksLikeSupabase, STUB_EXTENSIONS, STUB_SCHEMAS, SUPABASE_STUB } from '../run/supabaseStub';

/**
 * On-save verification: Postgres itself runs the saved migration, so that what static analysis cannot see
 * (operator and function signatures, casts, defaults, constraint and view rules) is reported too.
 *
 * A shadow database (PGlite in memory, in a process of its own: run/pgliteHost.ts) holds the migrations before the saved file. It is
 * kept between saves and extended when files are added at the end; it is rebuilt only when an earlier file
 * changed. The saved file runs in a transaction that is always rolled back, so the shadow stays as it was.
 *
 * Never a false error: earlier statements replay leniently (each under a savepoint; a missing role or schema
 * is created and the statement retried; what still fails is remembered as a gap). A statement that needs
 * what PGlite lacks (an extension it does not ship) is skipped with one informational note. When the shadow
 * has gaps, or the error is about a stand-in schema (Supabase's `auth`), an error about a missing object is
 * only information: the real database may well have that object.
 */

export interface ShadowFile {
  path: string;
  text: string;
}

export interface ShadowOptions {
  /** Where PGlite's template is kept (default: cacheDirectory()). */
  cacheDir?: string;
  /** Statements of one verification taking longer than this are stopped (the database's process is killed). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** SQLSTATEs that say "no such object": what a gap in the shadow, or a stand-in schema, may cause. */
const MISSING_OBJECT = new Set(['42P01', '42703', '42704', '42883', '3F000', '42P02', '0A000', '58P01']);

export class ShadowDatabase {
  private db: Database | undefined;
  private opening: Promise<Database> | undefined;
  /** Keys (name + checksum) of the earlier files the shadow holds, in order. */
  private applied: string[] = [];
  private extensions = new Set<string>();
  private supabase = false;
  /** Earlier statements that failed in the shadow: `file:line: message`. */
  private gaps: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timeoutMs: number;

  constructor(private readonly options: ShadowOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Problems (source: Postgres) of `file` run after `earlier`. Calls are serialized: one session. */
  verify(earlier: readonly ShadowFile[], file: ShadowFile): Promise<Problem[]> {
    const run = this.queue.then(() => this.verifyNow(earlier, file));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    await this.queue;
    await this.reset();
  }

  /** Runs the statements of the earlier files and of the saved one; stops them all after `timeoutMs`. */
  private async withDeadline(work: () => Promise<Problem[]>): Promise<Problem[]> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.timeoutMs)));
    const working = work();
    working.catch(() => undefined); // after a timeout its failure (the killed process) is expected
    try {
      const outcome = await Promise.race([working, deadline]);
      if (outcome !== 'timeout') return outcome;
      this.options.log?.(`verification stopped after ${this.timeoutMs / 1000} s; the embedded database is rebuilt on the next save`);
      await this.db?.cancel();
      await this.reset();
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  private async verifyNow(earlier: readonly ShadowFile[], file: ShadowFile): Promise<Problem[]> {
    await loadParser();
    const keys = earlier.map((f) => `${f.path}\0${checksumOf(f.text)}`);
    const supabase = looksLikeSupabase([...earlier, file]);
    const extensions = new Set([...extensionsNamedIn([...earlier.map((f) => f.text), file.text]), ...(supabase ? STUB_EXTENSIONS : [])]);
    const reusable =
      this.db &&
      supabase === this.supabase &&
      this.applied.length <= keys.length &&
      this.applied.every((k, i) => k === keys[i]) &&
      [...extensions].every((e) => this.extensions.has(e));
    // Starting PostgreSQL is not bounded: on a busy machine it may take long, and it always ends.
    if (!reusable) await this.rebuild(extensions, supabase);
    const db = this.db!;
    return this.withDeadline(async () => {
      for (let i = this.applied.length; i < earlier.length; i++) {
        await this.replay(db, earlier[i]);
        this.applied.push(keys[i]);
      }
      return this.check(db, file);
    });
  }

  private async rebuild(extensions: Set<string>, supabase: boolean): Promise<void> {
    await this.reset();
    const started = Date.now();
    this.db = await openPgliteProcess({
      extensions: [...extensions],
      cacheDir: this.options.cacheDir ?? cacheDirectory(),
      target: { kind: 'embedded', host: 'memory', database: 'postgres', user: 'postgres', local: true, display: 'verification database (in memory)' },
    });
    this.extensions = extensions;
    this.supabase = supabase;
    if (supabase) await this.db.execute(SUPABASE_STUB);
    this.options.log?.(`verification database started in ${Date.now() - started} ms${supabase ? ' (with Supabase stand-ins)' : ''}`);
  }

  private async reset(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    this.applied = [];
    this.gaps = [];
    await db?.close();
  }

  /** An earlier file, committed, as leniently as possible. */
  private async replay(db: Database, file: ShadowFile): Promise<void> {
    await db.execute('BEGIN');
    for (const step of planFile(file.text, db.serverVersion).steps) {
      if ('skip' in step.rehearsal) continue;
      const error = await attempt(db, step.rehearsal.sql);
      if (error) this.gaps.push(`${file.path}:${step.line + 1}: ${error.message}`);
    }
    await db.execute('COMMIT');
    await db.execute('RESET ALL');
  }

  /** The saved file, rolled back: its first error, or nothing; with one note on what was skipped. */
  private async check(db: Database, file: ShadowFile): Promise<Problem[]> {
    const problems: Problem[] = [];
    const skipped: { step: Step; why: string }[] = [];
    await db.execute('BEGIN');
    try {
      for (const step of planFile(file.text, db.serverVersion).steps) {
        if ('skip' in step.rehearsal) continue;
        const error = await attempt(db, step.rehearsal.sql);
        if (!error) continue;
        if (lacksFeature(error)) {
          skipped.push({ step, why: error.message });
          continue;
        }
        problems.push(this.problemOf(error, step, skipped.length > 0));
        break;
      }
    } finally {
      await db.execute('ROLLBACK');
      await db.execute('RESET ALL');
    }
    if (skipped.length > 0) {
      problems.push({
        span: skipped[0].step.span,
        code: '0A000',
        severity: 'information',
        message: `Not verified in the embedded PostgreSQL: ${skipped.map((s) => `line ${s.step.line + 1}: ${s.why}`).join('; ')}`,
      });
    }
    return problems;
  }

  private problemOf(error: PostgresError, step: Step, skippedBefore: boolean): Problem {
    const message = error.detail ? `${error.message}\nDetail: ${error.detail}` : error.message;
    const problem: Problem = { span: errorSpan(error, step), code: error.code, message, severity: 'error', ...(error.hint ? { hint: error.hint } : {}) };
    if (!MISSING_OBJECT.has(error.code)) return problem;
    const standIn = this.supabase && STUB_SCHEMAS.some((s) => new RegExp(`\\b${s}\\s*\\.|"${s}"`).test(error.message + step.sql));
    const why = standIn
      ? 'the Supabase schemas are stand-ins in the embedded database'
      : this.gaps.length > 0
        ? `earlier statements failed in the embedded database (${this.gaps[0]}${this.gaps.length > 1 ? ` and ${this.gaps.length - 1} more` : ''})`
        : skippedBefore
          ? 'statements before it could not run in the embedded database'
          : undefined;
    return why ? { ...problem, severity: 'information', message: `${message}\n(Not certain: ${why}.)` } : problem;
  }
}

/**
 * Runs one statement under a savepoint; a missing role or schema is created and the statement retried.
 * Returns the error that remains, or undefined.
 */
async function attempt(db: Database, sql: string): Promise<PostgresError | undefined> {
  for (let tries = 0; ; tries++) {
    await db.execute('SAVEPOINT schemasense_verify');
    try {
      await db.execute(sql);
      await db.execute('RELEASE SAVEPOINT schemasense_verify');
      return undefined;
    } catch (e) {
      const error = asPostgresError(e);
      if (!error) throw e;
      await db.execute('ROLLBACK TO SAVEPOINT schemasense_verify');
      const stub = tries < 5 ? stubFor(error) : undefined;
      if (!stub) return error;
      await db.execute(stub);
    }
  }
}

/** SQL that creates what the error says is missing, when that is a role or a schema. */
function stubFor(error: PostgresError): string | undefined {
  const role = error.code === '42704' && /^role "(.+)" does not exist$/.exec(error.message);
  if (role) return `CREATE ROLE "${role[1].replace(/"/g, '""')}" NOLOGIN`;
  const schema = error.code === '3F000' && /^schema "(.+)" does not exist$/.exec(error.message);
  if (schema) return `CREATE SCHEMA "${schema[1].replace(/"/g, '""')}"`;
  return undefined;
}

/** The statement needs something the embedded PostgreSQL does not have (an extension it does not ship). */
function lacksFeature(error: PostgresError): boolean {
  return (error.code === '0A000' && /extension ".*" is not available/.test(error.message)) || error.code === '58P01';
}
