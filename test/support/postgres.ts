/**
 * A real PostgreSQL server for tests.
 *
 * `startPostgres()` runs `initdb` into a fresh temporary directory and starts a private server on a free
 * loopback port (trust auth, fsync off). The server is a module-level singleton: every test file of one
 * mocha run shares it, and a root-level `after` hook (registered when this module is first loaded) plus a
 * process-exit fallback stop it and remove its directory. `createDatabase()` gives each test file a fresh
 * database of its own.
 *
 * When running as root, the Postgres binaries run as the `postgres` OS user (Postgres refuses to run as
 * root), with a data directory that user owns. If the binaries are missing, starting fails with a message
 * that says how to install them (.ci/run); it never skips silently.
 *
 * Environment: `SCHEMASENSE_PG_BIN` overrides the directory holding initdb/pg_ctl/postgres;
 * `SCHEMASENSE_PG_KEEP=1` leaves the data directory (and its server.log) in place after the run.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';

export interface PostgresServer {
  /** Connection URL of the `postgres` database, e.g. `postgres://postgres@127.0.0.1:54123/postgres`. */
  url: string;
  port: number;
  host: string;
  /** Major version of the server binaries, e.g. 15. */
  version: number;
  /** Directory of the server (data dir, socket, log). */
  dir: string;
  stop(): Promise<void>;
}

export interface TestDatabase {
  name: string;
  url: string;
  /** A new connected client on this database; the caller ends it (or use `withClient`). */
  connect(): Promise<Client>;
  /** Drops the database (terminating its connections). */
  drop(): Promise<void>;
}

const SEARCH_ROOT = '/usr/lib/postgresql';
const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found under /usr/lib/postgresql/*/bin. ' +
  'Run .ci/run (it installs the Debian package `postgresql`), or `apt-get install -y postgresql`, ' +
  'or set SCHEMASENSE_PG_BIN to the directory that holds them.';

/** Finds the newest `/usr/lib/postgresql/<major>/bin` holding initdb, pg_ctl and postgres. */
export function findPostgresBin(): { bin: string; version: number } {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b)));
  const override = process.env.SCHEMASENSE_PG_BIN;
  if (override) {
    if (!has(override)) throw new Error(`SCHEMASENSE_PG_BIN=${override} does not hold initdb, pg_ctl and postgres. ${INSTALL_HINT}`);
    const m = /postgresql\/(\d+)\//.exec(override + '/');
    return { bin: override, version: m ? Number(m[1]) : 0 };
  }
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(SEARCH_ROOT).filter((v) => /^\d+$/.test(v));
  } catch {
    /* not installed */
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = path.join(SEARCH_ROOT, v, 'bin');
    if (has(dir)) return { bin: dir, version: Number(v) };
  }
  throw new Error(INSTALL_HINT);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The command prefix that runs a Postgres binary as a user Postgres accepts. */
function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  if (!isRoot) return [cmd, args];
  if (fs.existsSync('/usr/sbin/runuser') || fs.existsSync('/sbin/runuser')) return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
  const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return ['su', ['postgres', '-s', '/bin/sh', '-c', quoted]];
}

function run(cmd: string, args: string[], timeoutMs = 120_000): Promise<{ stdout: string; stderr: string }> {
  const [c, a] = asPostgresUser(cmd, args);
  return new Promise((resolve, reject) => {
    execFile(c, a, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${[cmd, ...args].join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) {
    throw new Error(`Running as root but there is no \`postgres\` OS user to run the server as. ${INSTALL_HINT}`);
  }
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let serverPromise: Promise<PostgresServer> | undefined;
let stopSync: (() => void) | undefined;

/** Starts the shared server of this mocha run (once; later calls return the same server). */
export function startPostgres(): Promise<PostgresServer> {
  // A failed start is cached too: every test file of the run reports the same clear error.
  if (!serverPromise) serverPromise = boot();
  return serverPromise;
}

async function boot(): Promise<PostgresServer> {
  const { bin, version } = findPostgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  if (isRoot) {
    const { uid, gid } = postgresUserIds();
    fs.chownSync(dir, uid, gid);
  }
  fs.chmodSync(dir, 0o700);
  const pgCtl = path.join(bin, 'pg_ctl');
  let started = false;
  const cleanup = () => {
    if (process.env.SCHEMASENSE_PG_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };
  stopSync = () => {
    if (started) {
      const [c, a] = asPostgresUser(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '20']);
      spawnSync(c, a, { stdio: 'ignore', timeout: 30_000 });
      started = false;
    }
    cleanup();
  };
  process.once('exit', () => stopSync?.());
  // Interrupted runs (Ctrl-C, CI timeouts) must not leave a server behind: stop it, then let the signal
  // take its usual course.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      stopSync?.();
      process.kill(process.pid, sig);
    });
  }

  try {
    await run(path.join(bin, 'initdb'), [
      '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
    ]);
  } catch (e) {
    cleanup();
    throw e;
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const opts = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=50',
      '-c shared_buffers=32MB',
      '-c log_min_messages=warning',
      '-c log_min_error_statement=panic',
    ].join(' ');
    try {
      await run(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', opts]);
    } catch (e) {
      lastError = new Error(`${(e as Error).message}\n--- server.log ---\n${readTail(log)}`);
      continue; // most likely the port was taken between freePort() and start: try another one
    }
    started = true;
    const host = '127.0.0.1';
    const url = `postgres://postgres@${host}:${port}/postgres`;
    await waitReady(url, log);
    const server: PostgresServer = {
      url,
      port,
      host,
      version,
      dir,
      async stop() {
        if (started) {
          await run(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']).catch(() => stopSync?.());
          started = false;
        }
        cleanup();
        serverPromise = undefined;
      },
    };
    return server;
  }
  cleanup();
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitReady(url: string, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    const c = new Client({ connectionString: url });
    try {
      await c.connect();
      await c.query('select 1');
      await c.end();
      return;
    } catch (e) {
      last = e;
      await c.end().catch(() => undefined);
      await sleep(100);
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 30 s: ${String(last)}\n--- server.log ---\n${readTail(log)}`);
}

/** Stops the shared server if it was started. Called by the root `after` hook below. */
export async function stopPostgres(): Promise<void> {
  if (!serverPromise) return;
  const p = serverPromise;
  serverPromise = undefined;
  const server = await p.catch(() => undefined);
  await server?.stop();
}

let dbCounter = 0;

/**
 * Creates a fresh, empty database on the shared server (starting it if needed).
 * `label` only makes the name readable in logs, e.g. `parity_select`.
 */
export async function createDatabase(label = 'test'): Promise<TestDatabase> {
  const server = await startPostgres();
  const safe = label.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 30);
  const name = `t${process.pid}_${++dbCounter}_${safe}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = `postgres://postgres@${server.host}:${server.port}/${name}`;
  return {
    name,
    url,
    async connect() {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    },
    async drop() {
      const a = new Client({ connectionString: server.url });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** Runs `fn` with a connected client on `db`, ending the client afterwards. */
export async function withClient<T>(db: TestDatabase, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The SQLSTATE and message of a Postgres error thrown by `pg`, or undefined for other errors. */
export function pgError(e: unknown): { code: string; message: string; position?: number } | undefined {
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((e as { code: string }).code)) {
    const pe = e as { code: string; message: string; position?: string };
    return { code: pe.code, message: pe.message, position: pe.position ? Number(pe.position) : undefined };
  }
  return undefined;
}

// Root-level hook: mocha attaches hooks registered outside any `describe` to the root suite, so the
// shared server stops once, after every test file of the run. This module is loaded once per run.
if (typeof after === 'function') {
  after(async function () {
    this.timeout(120_000);
    await stopPostgres();
  });
}
