import { readFileSync } from 'fs';
import type { ConnectionOptions } from 'tls';
import type { Client, ClientConfig } from 'pg';
import { redact } from './redact';

/**
 * Connecting to the user's database: a `postgres://` URL turned into `pg` options ourselves, so that
 * `sslmode` means what it means to libpq (and to Prisma, psql and every other client of the URL), with a
 * connect timeout, and with errors that say what went wrong without the password.
 */

export interface ConnectOptions {
  /** Milliseconds to wait for the server to accept the connection (the URL's `connect_timeout` wins). */
  connectTimeoutMs?: number;
  /** Milliseconds any one query may take. */
  queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

type SslChoice = false | ConnectionOptions;

interface ParsedUrl {
  config: ClientConfig;
  /** SSL settings to try in order: libpq's `prefer` (the default) tries SSL, then a plain connection. */
  ssl: SslChoice[];
}

/** True for the URL schemes Postgres clients accept. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** Where the server is, for messages: `host:port/database` (never the user or password). */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || u.searchParams.get('host') || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return 'the database';
  }
}

function parseUrl(url: string, options: ConnectOptions): ParsedUrl {
  if (!isPostgresUrl(url)) throw new Error(`not a PostgreSQL connection URL (expected postgres://user:password@host:port/database): ${redact(url, url)}`);
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new Error(`not a valid connection URL: ${redact(url, url)}`);
  }
  const q = u.searchParams;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const timeoutSeconds = Number(q.get('connect_timeout'));
  const config: ClientConfig = {
    user: decode(u.username) || q.get('user') || undefined,
    password: u.password ? decode(u.password) : (q.get('password') ?? undefined),
    host: decode(u.hostname).replace(/^\[(.*)\]$/, '$1') || q.get('host') || 'localhost',
    port: u.port ? Number(u.port) : Number(q.get('port')) || 5432,
    database: decode(u.pathname.replace(/^\//, '')) || q.get('dbname') || undefined,
    connectionTimeoutMillis: timeoutSeconds > 0 ? timeoutSeconds * 1000 : (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    application_name: q.get('application_name') ?? 'schemasense',
  };
  return { config, ssl: sslChoices(q) };
}

/** libpq's sslmode: disable, allow, prefer (default), require, verify-ca, verify-full. */
function sslChoices(q: URLSearchParams): SslChoice[] {
  const mode = (q.get('sslmode') ?? (q.get('ssl') === 'true' ? 'require' : 'prefer')).toLowerCase();
  const files: ConnectionOptions = {};
  const read = (param: string) => {
    const file = q.get(param);
    return file ? readFileSync(file) : undefined;
  };
  const rootCert = q.get('sslrootcert');
  if (rootCert && rootCert !== 'system') files.ca = read('sslrootcert');
  if (q.get('sslcert')) files.cert = read('sslcert');
  if (q.get('sslkey')) files.key = read('sslkey');
  const unverified: SslChoice = { ...files, rejectUnauthorized: false };
  switch (mode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, unverified];
    case 'prefer':
      return [unverified, false];
    case 'require':
      // libpq: with a root certificate, require behaves like verify-ca.
      return [rootCert ? { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined } : unverified];
    case 'verify-ca':
      return [{ ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined }];
    case 'verify-full':
      return [{ ...files, rejectUnauthorized: true }];
    default:
      throw new Error(`unknown sslmode "${mode}" (use disable, allow, prefer, require, verify-ca or verify-full)`);
  }
}

/** Errors after which the next SSL choice is worth a try: the server refused the kind of connection, not the login. */
function worthAnotherSslChoice(e: unknown): boolean {
  const message = (e as Error).message ?? '';
  const code = (e as { code?: string }).code;
  return /does not support SSL|no pg_hba\.conf entry|SSL/i.test(message) || code === '28000';
}

/**
 * A connected client, or an error whose message names the server and says what failed, password
 * masked. The caller ends the client.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Client> {
  let parsed: ParsedUrl;
  try {
    parsed = parseUrl(url, options);
  } catch (e) {
    throw new Error(redact((e as Error).message, url));
  }
  // Loaded on the first connection: a check that reads no database never pays for `pg` (30-50 ms).
  const { Client } = await import('pg');
  let last: unknown;
  for (const [i, ssl] of parsed.ssl.entries()) {
    const client = new Client({ ...parsed.config, ssl });
    // An error after connecting (the server stops) must not become an uncaught exception.
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (e) {
      last = e;
      await client.end().catch(() => undefined);
      if (i === parsed.ssl.length - 1 || !worthAnotherSslChoice(e)) break;
    }
  }
  throw new Error(describeFailure(url, last, parsed.config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS));
}

/** One line on why talking to the database failed, the password masked. */
export function describeFailure(url: string, e: unknown, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): string {
  const err = e as NodeJS.ErrnoException & { code?: string };
  const target = describeTarget(url);
  let why: string;
  switch (err?.code) {
    case 'ECONNREFUSED':
      why = 'connection refused (is the server running, and on this port?)';
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      why = 'host not found';
      break;
    case 'ETIMEDOUT':
      why = `no answer within ${Math.round(timeoutMs / 1000)} s`;
      break;
    case 'ECONNRESET':
    case '57P01':
    case '57P02':
    case '57P03':
      why = `the server closed the connection (${err.message}); it may have stopped`;
      break;
    default:
      why = /timeout/i.test(err?.message ?? '')
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : /Connection terminated|ended unexpectedly/i.test(err?.message ?? '')
          ? 'the server closed the connection; it may have stopped'
          : (err?.message ?? String(e));
  }
  return redact(`database ${target}: ${why}`, url);
}
