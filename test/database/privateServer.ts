/**
 * A PostgreSQL server of one test file's own, unlike the shared one of test/support/postgres.ts: it asks
 * for passwords (scram-sha-256), so a wrong one is refused, and the test may stop it mid-session.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { findPostgresBin } from '../support/postgres';

export interface PrivateServer {
  port: number;
  /** `postgres://app:<password>@127.0.0.1:<port>/app` */
  url: string;
  password: string;
  stop(): Promise<void>;
  /** Starts it again after `stop()`, on the same port. */
  start(): Promise<void>;
  /** Stops the server and removes its files. */
  dispose(): Promise<void>;
}

/** A password with characters that need encoding in a URL, so that masking sees every form of it. */
export const APP_PASSWORD = 'S3cret p@ss/w:rd%';

const isRoot = process.getuid?.() === 0;

function run(cmd: string, args: string[]): Promise<void> {
  const [c, a] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) =>
    execFile(c, a, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${err.message}\n${stdout}${stderr}`)) : resolve())),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPrivateServer(): Promise<PrivateServer> {
  const { bin } = findPostgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-private-pg-'));
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, 'postgres-admin\n');
  if (isRoot) {
    const ids = (flag: string) => Number(require('child_process').execFileSync('id', [flag, 'postgres']).toString().trim());
    fs.chownSync(dir, ids('-u'), ids('-g'));
    fs.chownSync(pwfile, ids('-u'), ids('-g'));
  }
  await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=20`;
  const pgCtl = path.join(bin, 'pg_ctl');
  let running = false;
  const start = async () => {
    if (!running) await run(pgCtl, ['start', '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', opts]);
    running = true;
  };
  await start();
  const stop = async () => {
    if (running) await run(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']);
    running = false;
  };
  // The role and database the tests connect as.
  const { Client } = await import('pg');
  const admin = new Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres-admin', database: 'postgres' });
  await admin.connect();
  await admin.query(`create role app login password '${APP_PASSWORD.replace(/'/g, "''")}'`);
  await admin.query('create database app owner app');
  await admin.end();
  return {
    port,
    password: APP_PASSWORD,
    url: `postgres://app:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:${port}/app`,
    stop,
    start,
    async dispose() {
      await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
