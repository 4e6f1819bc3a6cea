import { redact } from '../sources/database/redact';
import type { TargetDescription } from './database';

/**
 * Where a connection URL (`postgres://user:password@host:5432/db?sslmode=require`) points, for the
 * confirmation before a run and for the log: host, port, database and user, never the password.
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** Throws a message without the password when `url` is not a postgres URL. */
export function describeUrl(url: string): TargetDescription {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error(`the database URL is not a valid URL (expected postgres://user@host:port/database): ${redact(url, url)}`);
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol)) {
    throw new Error(`the database URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  // A socket folder may come as ?host=/var/run/postgresql (libpq's way) with an empty host part.
  const host = decode(parsed.hostname).replace(/^\[(.*)\]$/, '$1') || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || parsed.searchParams.get('port') || '5432';
  const user = decode(parsed.username) || parsed.searchParams.get('user') || '';
  const database = decode(parsed.pathname.replace(/^\//, '')) || parsed.searchParams.get('dbname') || user;
  const local = host.startsWith('/') || LOCAL_HOSTS.has(host.toLowerCase());
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const display = `postgres://${user ? `${encodeURIComponent(user)}@` : ''}${shownHost}:${port}/${database}`;
  return { kind: 'postgres', host, port, database, user, local, display };
}
