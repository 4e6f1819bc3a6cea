/**
 * The fidelity oracle (regressOracle.ts) against psql itself: a script using what psql does on its own side —
 * AUTOCOMMIT off, ON_ERROR_ROLLBACK on, statements joined by `\;` into one query string, a COPY ... FROM stdin
 * that PostgreSQL refuses before reading any row (psql then sends no data, and the lines after it are SQL) — run
 * by PostgreSQL 15's psql and by the oracle on the same server, each on a fresh database. The errors each
 * reports, in order, must be the same.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Client } from 'pg';
import { loadParser } from '../../server/src/analysis';
import { startPostgres } from '../support/postgres';
import { readSuite, runOracle } from './regressOracle';

const PSQL = '/usr/lib/postgresql/15/bin/psql';

const SCRIPT = `CREATE TABLE t (a int);
\\set ON_ERROR_ROLLBACK on
BEGIN;
CREATE TABLE bla (s no_such_type);
CREATE TABLE bla (s text);
COMMIT;
SELECT * FROM bla;
\\set ON_ERROR_ROLLBACK off
\\set AUTOCOMMIT off
CREATE TABLE foo (s text) \\;
INSERT INTO foo VALUES ('x');
ROLLBACK;
SELECT * FROM foo;
ROLLBACK;
\\set AUTOCOMMIT on
BEGIN;
CREATE TABLE gone (a int);
SELECT 1/0;
COMMIT;
SELECT * FROM gone;
COPY t (nope) FROM stdin;
SELECT * FROM after_copy;
COPY t FROM stdin;
1
\\.
SELECT count(*) FROM t \\; SELECT * FROM nope2;
SELECT 1 \\; SELECT * FROM t;
`;

describe('fidelity oracle: psql semantics, against psql', function () {
  it('reports the errors psql reports, in order', async function () {
    this.timeout(120_000);
    const server = await startPostgres();
    await loadParser();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-psql-oracle-'));
    try {
      fs.mkdirSync(path.join(dir, 'sql'));
      fs.mkdirSync(path.join(dir, 'data'));
      fs.writeFileSync(path.join(dir, 'parallel_schedule'), 'test: script\n');
      fs.writeFileSync(path.join(dir, 'sql', 'script.sql'), SCRIPT);

      // psql, on a database of its own.
      const admin = new Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('DROP DATABASE IF EXISTS psql_oracle');
      await admin.query('CREATE DATABASE psql_oracle');
      const run = spawnSync(PSQL, ['-X', '-q', '-v', 'VERBOSITY=sqlstate', '-d', server.url.replace(/\/[^/]*$/, '/psql_oracle'), '-f', path.join(dir, 'sql', 'script.sql')], { encoding: 'utf8' });
      await admin.query('DROP DATABASE IF EXISTS psql_oracle');
      await admin.end();
      assert.strictEqual(run.error, undefined, `psql could not run: ${run.error}`);
      const fromPsql = [...run.stderr.matchAll(/ERROR:\s+([0-9A-Z]{5})/g)].map((m) => m[1]);

      const oracle = await runOracle(readSuite(dir));
      const fromOracle = oracle.files[0].outcomes.map((o) => o.outcome).filter((o) => o !== 'ok' && o !== 'skipped');

      assert.deepStrictEqual(fromOracle, fromPsql);
      // The script exercises each of them: the savepoint kept bla, the implicit BEGIN rolled foo back, the
      // refused COPY left its next line SQL.
      assert.deepStrictEqual(fromPsql, ['42704', '42P01', '22012', '42P01', '42703', '42P01', '42P01']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
