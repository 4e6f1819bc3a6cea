import type { Client } from 'pg';
import { connect } from '../sources/database/connection';
import { describeUrl } from './connectionUrl';
import { asPostgresError, ConnectionLostError, endsSession, type Database, type ExecResult, type TargetDescription } from './database';

/**
 * The key of the session advisory lock that serializes SchemaSense runs on one database (any constant works;
 * this one spells nothing and collides with no tool we know of).
 */
export const RUN_LOCK_KEY = '7264912031';

/** A failure to open the session (bad URL, refused, wrong password), as opposed to a failure while running. */
export class ConnectError extends Error {}

/**
 * Connects to a PostgreSQL server (sources/database/connection.ts: libpq's sslmode, a connect timeout, errors
 * without the password). No client-side query timeout: a migration takes as long as it takes, bounded by
 * `statement_timeout` and the user's Cancel.
 */
export async function connectPostgres(url: string, connectTimeoutMs?: number): Promise<Database> {
  const described = describeUrl(url);
  let client: Client;
  try {
    client = await connect(url, { connectTimeoutMs, queryTimeoutMs: 0 });
  } catch (e) {
    throw new ConnectError((e as Error).message);
  }
  try {
    const r = await client.query(
      `SELECT pg_backend_pid() AS pid, current_setting('server_version_num')::int AS version, current_user AS "user", current_database() AS database`,
    );
    const row = r.rows[0] as { pid: number; version: number; user: string; database: string };
    const canceller = () => connect(url, { connectTimeoutMs: 5000, queryTimeoutMs: 5000 });
    return new PgDatabase(client, canceller, { ...described, user: row.user, database: row.database }, row.version, row.pid);
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new ConnectError(`${described.display}: ${(e as Error).message}`);
  }
}

class PgDatabase implements Database {
  readonly cancelsRunningStatements = true;
  private running = false;
  private lost: string | undefined;

  constructor(
    private readonly client: Client,
    private readonly openCanceller: () => Promise<Client>,
    readonly target: TargetDescription,
    readonly serverVersion: number,
    private readonly pid: number,
  ) {
    client.on('end', () => (this.lost ??= 'the connection was closed'));
  }

  async execute(sql: string, params?: unknown[], onNotice?: (message: string) => void): Promise<ExecResult> {
    if (this.lost) throw new ConnectionLostError(this.lost);
    const listener = (n: { severity?: string; message?: string }) => onNotice?.(`${n.severity ?? 'NOTICE'}: ${n.message ?? ''}`);
    this.client.on('notice', listener);
    this.running = true;
    try {
      const result = await this.client.query({ text: sql, values: params });
      // A multi-statement string yields an array of results; the runner sends one statement at a time.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { command: last?.command ?? '', rowCount: last?.rowCount ?? 0, rows: last?.rows ?? [] };
    } catch (e) {
      const pgError = asPostgresError(e);
      if (!pgError || endsSession(pgError)) {
        this.lost = pgError?.message ?? (e as Error).message;
        throw new ConnectionLostError(this.lost);
      }
      throw e;
    } finally {
      this.running = false;
      this.client.off('notice', listener);
    }
  }

  async cancel(): Promise<void> {
    if (!this.running || this.lost) return;
    const canceller = await this.openCanceller();
    try {
      await canceller.query('SELECT pg_cancel_backend($1)', [this.pid]);
    } finally {
      await canceller.end().catch(() => undefined);
    }
  }

  async lock(onWait: () => void): Promise<void> {
    const tried = await this.execute(`SELECT pg_try_advisory_lock(${RUN_LOCK_KEY}) AS ok`);
    if (tried.rows[0]?.ok === true) return;
    onWait();
    await this.execute(`SELECT pg_advisory_lock(${RUN_LOCK_KEY})`);
  }

  async unlock(): Promise<void> {
    if (this.lost) return; // the session, and its lock, are gone
    await this.execute(`SELECT pg_advisory_unlock(${RUN_LOCK_KEY})`);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
