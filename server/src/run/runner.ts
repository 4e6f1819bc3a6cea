import { loadParser, type Catalog, type Span } from '../analysis';
import { diffCatalogs, type SchemaChange } from './catalogDiff';
import { asPostgresError, ConnectionLostError, type Database } from './database';
import { errorSpan } from './errorRange';
import { appliedOf, checksumOf, HISTORY_TABLE, owningTool, readHistory, recordApplied, type Applied, type History, type MigrationFile } from './history';
import { introspectRelations } from './introspect';
import { firstWords, planFile, type FilePlan, type Step } from './migrationPlan';

/**
 * Runs migration files on one database session, the way the issue asks:
 * - a session advisory lock first, so two runs on one database never interleave;
 * - each file in its own transaction (BEGIN … COMMIT), recorded in schemasense_migrations inside it, so a file
 *   is applied and recorded entirely or not at all; the first failure stops the run;
 * - a file that cannot run in a transaction (CREATE INDEX CONCURRENTLY, ...) only with the caller's consent,
 *   statement by statement;
 * - a dry run runs every file inside one transaction that is always rolled back;
 * - cancel: pg_cancel_backend on the statement in flight, then ROLLBACK;
 * - the schema changes of each file, from the catalog before and after it.
 * The runner asks nothing itself: when a consent is missing it returns the questions, and the caller (the
 * editor's modal, the CLI's `--yes`) runs it again with the answers.
 */

export interface RunFile extends MigrationFile {
  /** Run only when not applied yet, without asking (Run Pending; the files the embedded database lacks). */
  ifPending?: boolean;
  /** An earlier file of the history run first because the embedded database lacks it (not what was asked for). */
  first?: boolean;
}

export interface Consent {
  /** Run files the history says are applied (by SchemaSense or by the project's tool) again. */
  rerun?: boolean;
  /** Run files that cannot run in one transaction statement by statement. */
  noTransaction?: boolean;
}

export interface RunOptions {
  dryRun?: boolean;
  consent?: Consent;
  /** `statement_timeout` of the session, in milliseconds; 0 or absent: the server's. */
  statementTimeoutMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  progress?: (p: Progress) => void;
}

export interface Progress {
  file: string;
  /** 0-based index of the file among those that run, and their count. */
  index: number;
  count: number;
  message: string;
}

export type Question =
  | { kind: 'remote-host'; host: string; port: string; database: string; user: string }
  | { kind: 'rerun'; files: { name: string; applied: string }[] }
  | { kind: 'no-transaction'; files: { name: string; reasons: string[] }[] };

export type FileOutcome = 'applied' | 'rehearsed' | 'skipped' | 'failed' | 'not run';

export interface FileReport {
  path: string;
  name: string;
  /** Run first, before what was asked for, because the embedded database lacked it (RunFile.first). */
  first?: boolean;
  outcome: FileOutcome;
  millis: number;
  statements: number;
  changes: SchemaChange[];
  notes: string[];
}

export interface RunFailure {
  path: string;
  name: string;
  /** Where in the file: the error's position, or the failing statement. */
  span: Span;
  kind: 'error' | 'cancelled' | 'connection lost';
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
  where?: string;
  /** What of the file stayed applied, in words. */
  aftermath: string;
}

export interface RunReport {
  status: 'done' | 'failed' | 'cancelled' | 'connection lost' | 'confirm';
  dryRun: boolean;
  target: string;
  /** The target in a few words for a notification: `the embedded database`, or the URL without its password. */
  targetName: string;
  questions: Question[];
  files: FileReport[];
  failure?: RunFailure;
  warnings: string[];
  millis: number;
}

class Cancelled extends Error {}

export async function runMigrations(db: Database, files: readonly RunFile[], options: RunOptions = {}): Promise<RunReport> {
  await loadParser();
  return new Run(db, files, options).run();
}

interface Planned {
  file: RunFile;
  plan: FilePlan;
  applied?: Applied;
}

class Run {
  private readonly started = Date.now();
  private readonly report: RunReport;
  private readonly dryRun: boolean;
  private cancelled = false;
  private inTransaction = false;
  private catalog: Catalog | undefined;

  constructor(
    private readonly db: Database,
    private readonly files: readonly RunFile[],
    private readonly options: RunOptions,
  ) {
    this.dryRun = !!options.dryRun;
    const targetName = db.target.kind === 'embedded' ? 'the embedded database' : db.target.display;
    this.report = { status: 'done', dryRun: this.dryRun, target: db.target.display, targetName, questions: [], files: [], warnings: [], millis: 0 };
  }

  async run(): Promise<RunReport> {
    const onAbort = () => {
      this.cancelled = true;
      this.db.cancel().catch((e) => this.log(`could not cancel the running statement: ${(e as Error).message}`));
    };
    this.options.signal?.addEventListener('abort', onAbort);
    let locked = false;
    try {
      if (this.options.signal?.aborted) throw new Cancelled();
      await this.db.lock(() => {
        this.log('another SchemaSense run holds this database; waiting for it to finish');
        this.progress(this.files[0]?.name ?? '', 0, 'waiting for another run on this database to finish');
      });
      locked = true;
      const history = await readHistory(this.db);
      const planned = this.plan(history);
      if (this.report.questions.length > 0) return this.finish('confirm');
      if (planned.length === 0) return this.finish('done');
      this.log(`${this.dryRun ? 'Dry run (rolled back at the end)' : 'Run'} on ${this.db.target.display}: ${planned.map((p) => p.file.name).join(', ')}`);
      await this.startSession();
      this.catalog = await introspectRelations(this.db);
      if (this.dryRun) await this.rehearse(planned);
      else for (const p of planned) if (!(await this.apply(p, history))) break;
      return this.finish(this.report.failure ? statusOf(this.report.failure) : 'done');
    } catch (e) {
      if (e instanceof Cancelled || (this.cancelled && asPostgresError(e)?.code === '57014')) return this.finish('cancelled');
      if (e instanceof ConnectionLostError) {
        this.report.warnings.push(`the connection to ${this.db.target.display} was lost before any file ran: ${e.message}`);
        return this.finish('connection lost');
      }
      throw e;
    } finally {
      this.options.signal?.removeEventListener('abort', onAbort);
      if (locked) await this.db.unlock().catch(() => undefined);
    }
  }

  /** Which files run, and the questions to ask first. */
  private plan(history: History): Planned[] {
    const planned: Planned[] = [];
    const rerun: { name: string; applied: string }[] = [];
    const noTransaction: { name: string; reasons: string[] }[] = [];
    const tools = new Set<string>();
    for (const file of this.files) {
      const applied = file.recorded ? appliedOf(file, history) : undefined;
      const changed = applied?.by === 'schemasense' && applied.checksum !== checksumOf(file.text);
      if (changed) this.report.warnings.push(`${file.name} changed since it was applied on ${applied.appliedAt} (its checksum differs)`);
      if (applied && file.ifPending) {
        this.report.files.push(this.fileReport(file, 'skipped', [`already applied (${describeApplied(applied)})`]));
        continue;
      }
      const plan = planFile(file.text, this.db.serverVersion);
      if (applied && !this.dryRun && !this.options.consent?.rerun) rerun.push({ name: file.name, applied: describeApplied(applied) + (changed ? '; its content changed since' : '') });
      if (plan.noTransactionReasons.length > 0 && !this.dryRun && !this.options.consent?.noTransaction) noTransaction.push({ name: file.name, reasons: plan.noTransactionReasons });
      // The embedded database is SchemaSense's private copy: no tool ever runs its history there.
      const tool = this.db.target.kind === 'embedded' ? undefined : owningTool(file);
      if (tool && !this.dryRun && !tools.has(tool.tool)) {
        tools.add(tool.tool);
        this.report.warnings.push(
          `${file.name} belongs to ${tool.tool}'s history: SchemaSense records it in ${HISTORY_TABLE}, not in ${tool.table}, so ${tool.tool} would run it again`,
        );
      }
      planned.push({ file, plan, applied });
    }
    if (rerun.length) this.report.questions.push({ kind: 'rerun', files: rerun });
    if (noTransaction.length) this.report.questions.push({ kind: 'no-transaction', files: noTransaction });
    return planned;
  }

  private async startSession(): Promise<void> {
    const ms = Math.max(0, Math.floor(this.options.statementTimeoutMs ?? 0));
    if (ms > 0) await this.db.execute(`SET statement_timeout = ${ms}`);
  }

  /** Settings a file changed (search_path, role, ...) must not leak into the next file. */
  private async resetSession(): Promise<void> {
    await this.db.execute('RESET ALL');
    await this.startSession();
  }

  /** Dry run: every file in one transaction, rolled back whatever happens. */
  private async rehearse(planned: Planned[]): Promise<void> {
    await this.begin();
    try {
      for (const [index, p] of planned.entries()) {
        const started = Date.now();
        const notes = [...(p.applied ? [`already applied (${describeApplied(p.applied)})`] : [])];
        const steps = p.plan.steps.filter((s) => !(p.plan.wrapped && s.transactionControl));
        let ran = 0;
        for (const step of steps) {
          if ('skip' in step.rehearsal) {
            notes.push(step.rehearsal.skip);
            continue;
          }
          if (step.rehearsal.note) notes.push(step.rehearsal.note);
          if (!(await this.step(p.file, index, planned.length, step, step.rehearsal.sql, 'nothing: a dry run is rolled back'))) {
            this.report.files.push(this.fileReport(p.file, 'failed', notes, started, ran));
            return;
          }
          ran++;
        }
        this.report.files.push(this.fileReport(p.file, 'rehearsed', notes, started, ran, await this.changes()));
        if (index < planned.length - 1) await this.resetSession();
      }
    } finally {
      await this.rollback();
    }
  }

  /** One file for real; false when it failed (the run stops). */
  private async apply(p: Planned, history: History): Promise<boolean> {
    const index = this.report.files.filter((f) => f.outcome !== 'skipped').length;
    const count = this.files.length - this.report.files.filter((f) => f.outcome === 'skipped').length;
    if (index > 0) await this.resetSession();
    const started = Date.now();
    const notes: string[] = [];
    const inOneTransaction = p.plan.noTransactionReasons.length === 0;
    if (!inOneTransaction) notes.push(`ran statement by statement: ${p.plan.noTransactionReasons.join('; ')}`);
    const steps = inOneTransaction ? p.plan.steps.filter((s) => !(p.plan.wrapped && s.transactionControl)) : p.plan.steps;
    if (inOneTransaction) await this.begin();
    let ran = 0;
    try {
      for (const step of steps) {
        const aftermath = inOneTransaction
          ? `nothing of ${p.file.name}: its transaction was rolled back`
          : ran === 0
            ? `nothing of ${p.file.name}`
            : `the statements of ${p.file.name} before line ${step.line + 1} (each committed on its own); the rest did not run`;
        if (!(await this.step(p.file, index, count, step, step.sql, aftermath))) {
          this.report.files.push(this.fileReport(p.file, 'failed', notes, started, ran));
          return false;
        }
        ran++;
      }
      if (p.file.recorded) await this.record(p, history, started, inOneTransaction);
      if (inOneTransaction && !this.report.failure) await this.commit(p.file);
    } finally {
      if (this.inTransaction) await this.rollback();
    }
    if (this.report.failure) {
      this.report.files.push(this.fileReport(p.file, 'failed', notes, started, ran));
      return false;
    }
    if (p.file.recorded) history.exists = true;
    this.report.files.push(this.fileReport(p.file, 'applied', notes, started, ran, await this.changes()));
    return true;
  }

  /** Records the file in schemasense_migrations: in its transaction, or in one of its own after a statement-by-statement run. */
  private async record(p: Planned, history: History, started: number, inTransaction: boolean): Promise<void> {
    try {
      if (!inTransaction) await this.begin();
      await recordApplied(this.db, history, p.file, Date.now() - started);
      if (!inTransaction) await this.commit(p.file);
    } catch (e) {
      const pg = asPostgresError(e);
      if (!pg && !(e instanceof ConnectionLostError)) throw e;
      this.report.failure = {
        path: p.file.path,
        name: p.file.name,
        span: { start: 0, end: 0 },
        kind: pg ? 'error' : 'connection lost',
        code: pg?.code,
        message: `recording ${p.file.name} in ${history.table} failed: ${(e as Error).message}`,
        aftermath: inTransaction ? `nothing of ${p.file.name}: its transaction was rolled back` : `all of ${p.file.name}, but it is not recorded as applied`,
      };
    }
  }

  /**
   * Runs one statement; on failure records it in the report and returns false. Cancellation between
   * statements and a lost connection become failures too (with what stayed applied).
   */
  private async step(file: RunFile, index: number, count: number, step: Step, sql: string, aftermath: string): Promise<boolean> {
    const where = `${file.name}:${step.line + 1}`;
    try {
      if (this.cancelled || this.options.signal?.aborted) throw new Cancelled();
      if (file.first) {
        // The earlier files the embedded database lacks: one step each, counted ("applying 001–014: 3/14").
        const first = this.files.filter((f) => f.first);
        const label = `${shortName(first[0].name)}–${shortName(first[first.length - 1].name)}`;
        this.progress('', index, `applying ${label} first: ${first.indexOf(file) + 1}/${first.length}`, count);
      } else this.progress(file.name, index, `${firstWords(sql, 6)} (line ${step.line + 1})`, count);
      const started = Date.now();
      const notices: string[] = [];
      const result = await this.db.execute(sql, undefined, (n) => notices.push(n));
      const rows = result.rowCount ? `, ${result.rowCount} row${result.rowCount === 1 ? '' : 's'}` : '';
      this.log(`  ${where} ${firstWords(sql)}: ${Date.now() - started} ms${rows}`);
      for (const n of notices) this.log(`    ${n}`);
      return true;
    } catch (e) {
      this.report.failure = this.failure(file, step, e, aftermath);
      this.log(`  ${where} failed: ${this.report.failure.code ? `${this.report.failure.code} ` : ''}${this.report.failure.message}`);
      return false;
    }
  }

  private failure(file: RunFile, step: Step, e: unknown, aftermath: string): RunFailure {
    const base = { path: file.path, name: file.name, span: step.span, aftermath };
    const pg = asPostgresError(e);
    if (e instanceof Cancelled || (this.cancelled && pg?.code === '57014')) {
      return { ...base, kind: 'cancelled', message: `cancelled at line ${step.line + 1}` };
    }
    if (e instanceof ConnectionLostError) {
      return {
        ...base,
        kind: 'connection lost',
        message: `the connection to the server was lost while line ${step.line + 1} ran: ${e.message}`,
        aftermath: aftermath.startsWith('nothing') ? `${aftermath} (an open transaction never outlives its session)` : aftermath,
      };
    }
    if (!pg) throw e;
    return { ...base, span: errorSpan(pg, step), kind: 'error', code: pg.code, message: pg.message, detail: pg.detail, hint: pg.hint, where: pg.where };
  }

  private async begin(): Promise<void> {
    await this.db.execute('BEGIN');
    this.inTransaction = true;
  }

  private async commit(file: RunFile): Promise<void> {
    try {
      await this.db.execute('COMMIT');
      this.inTransaction = false;
    } catch (e) {
      this.inTransaction = false;
      const lost = e instanceof ConnectionLostError;
      this.report.failure = {
        path: file.path,
        name: file.name,
        span: { start: 0, end: 0 },
        kind: lost ? 'connection lost' : 'error',
        code: asPostgresError(e)?.code,
        message: `COMMIT of ${file.name} failed: ${(e as Error).message}`,
        aftermath: lost
          ? `unknown: the connection was lost during COMMIT; see whether ${HISTORY_TABLE} lists ${file.name}`
          : `nothing of ${file.name}: its transaction was rolled back`,
      };
    }
  }

  private async rollback(): Promise<void> {
    this.inTransaction = false;
    await this.db.execute('ROLLBACK').catch(() => undefined);
  }

  private async changes(): Promise<SchemaChange[]> {
    if (!this.catalog) return [];
    try {
      const now = await introspectRelations(this.db);
      const changes = diffCatalogs(this.catalog, now).filter((c) => !('relation' in c && c.relation === HISTORY_TABLE));
      this.catalog = now;
      return changes;
    } catch (e) {
      this.log(`could not list the schema changes: ${(e as Error).message}`);
      return [];
    }
  }

  private fileReport(file: RunFile, outcome: FileOutcome, notes: string[], started = Date.now(), statements = 0, changes: SchemaChange[] = []): FileReport {
    return { path: file.path, name: file.name, ...(file.first ? { first: true } : {}), outcome, millis: Date.now() - started, statements, changes, notes };
  }

  private finish(status: RunReport['status']): RunReport {
    this.report.status = status;
    this.report.millis = Date.now() - this.started;
    if (status === 'cancelled' && !this.report.failure) this.log('cancelled before any statement ran');
    return this.report;
  }

  private progress(file: string, index: number, message: string, count = this.files.length): void {
    this.options.progress?.({ file, index, count, message });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

function statusOf(failure: RunFailure): RunReport['status'] {
  return failure.kind === 'error' ? 'failed' : failure.kind;
}

function describeApplied(applied: Applied): string {
  return applied.by === 'schemasense' ? `by SchemaSense on ${applied.appliedAt}` : `recorded in ${applied.tables} as ${applied.id}`;
}

/** `001` of `001_create_customers.sql`, `20240101120000` of a Prisma folder: the leading number, else the name. */
export function shortName(name: string): string {
  return /^\d+/.exec(name)?.[0] ?? name;
}
