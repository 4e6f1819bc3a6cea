/**
 * The one small interface the runner and the on-save verification talk to: a single session on a
 * PostgreSQL server (through `pg`) or on an embedded PGlite database. Both implementations live next to it
 * (pgDatabase.ts, pgliteDatabase.ts).
 */

/** What a run tells the user about where it runs: never the password. */
export interface TargetDescription {
  kind: 'postgres' | 'embedded';
  /** Host name, IP address or socket folder; for the embedded database, its folder (or `memory`). */
  host: string;
  port?: string;
  database: string;
  user: string;
  /** localhost, 127.0.0.1, ::1, a Unix socket, or the embedded database. */
  local: boolean;
  /** One line for messages and logs, e.g. `postgres://app@db.example.com:5432/app` (no password). */
  display: string;
}

export interface ExecResult {
  /** The command tag's verb, e.g. `CREATE TABLE`, `INSERT`. */
  command: string;
  rowCount: number;
  rows: Record<string, unknown>[];
}

/** An error PostgreSQL raised, with the fields of its ErrorResponse that the runner shows or maps. */
export interface PostgresError {
  code: string;
  message: string;
  severity?: string;
  detail?: string;
  hint?: string;
  where?: string;
  /** 1-based character (code point) offset into the statement text that was sent. */
  position?: number;
  /** 1-based offset into `internalQuery` (e.g. the body of a SQL function). */
  internalPosition?: number;
  internalQuery?: string;
}

/** The session is gone (server crashed or restarted, network dropped): the outcome of a COMMIT in flight is unknown. */
export class ConnectionLostError extends Error {}

export interface Database {
  readonly target: TargetDescription;
  /** `server_version_num`, e.g. 150004. */
  readonly serverVersion: number;
  /** Whether `cancel()` can stop a statement while it runs (PGlite runs each statement to its end). */
  readonly cancelsRunningStatements: boolean;
  /**
   * Runs one statement (simple protocol without params). Notices raised while it runs go to `onNotice`.
   * Rejects with a `PostgresError`-shaped error, or a ConnectionLostError.
   */
  execute(sql: string, params?: unknown[], onNotice?: (message: string) => void): Promise<ExecResult>;
  /** Cancels the statement in flight, if any (pg_cancel_backend from a second session). */
  cancel(): Promise<void>;
  /** Takes the lock that serializes runs on this database; calls `onWait` once if it has to wait. */
  lock(onWait: () => void): Promise<void>;
  unlock(): Promise<void>;
  close(): Promise<void>;
}

/** The Postgres error behind `e` (from `pg` or PGlite), or undefined when `e` is something else. */
export function asPostgresError(e: unknown): PostgresError | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const r = e as Record<string, unknown>;
  if (typeof r.code !== 'string' || !/^[0-9A-Z]{5}$/.test(r.code)) return undefined;
  const text = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const num = (k: string) => (r[k] === undefined || r[k] === null || r[k] === '' ? undefined : Number(r[k]) || undefined);
  return {
    code: r.code,
    message: typeof r.message === 'string' ? r.message : String(r.message),
    severity: text('severity'),
    detail: text('detail'),
    hint: text('hint'),
    where: text('where'),
    position: num('position'),
    internalPosition: num('internalPosition'),
    internalQuery: text('internalQuery'),
  };
}

/** SQLSTATE classes that mean the session ended: admin shutdown, crash of a server process, connection failure. */
export function endsSession(error: PostgresError): boolean {
  return /^(57P0[1-4]|08...)$/.test(error.code);
}
