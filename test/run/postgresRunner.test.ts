/**
 * The runner against a real PostgreSQL server on 127.0.0.1 (test/support/postgres.ts): commit and record,
 * a failing file leaves the database exactly as it was (catalog, contents and pg_dump byte for byte) with the
 * error on the failing reference, dry-run changes nothing, two runs serialize on the advisory lock, Cancel
 * rolls back a long statement, and a server that dies mid-run leaves nothing half-applied.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Client } from 'pg';
import { connectPostgres } from '../../server/src/run/pgDatabase';
import type { Database } from '../../server/src/run/database';
import { runMigrations, type RunFile } from '../../server/src/run/runner';
import { createDatabase, findPostgresBin, startPostgres, type TestDatabase } from '../support/postgres';
import { covered, file, recorded, relationExists, sampleFiles, snapshot } from './support';

function pgDump(url: string): string {
  const u = new URL(url);
  return execFileSync(path.join(findPostgresBin().bin, 'pg_dump'), ['-h', u.hostname, '-p', u.port, '-U', 'postgres', '--restrict-key=schemasense', u.pathname.slice(1)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function waitForServer(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const c = new Client({ connectionString: url });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (e) {
      await c.end().catch(() => undefined);
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('runner on a PostgreSQL server', function () {
  this.timeout(120_000);
  let tdb: TestDatabase;
  const open: Database[] = [];
  const connect = async () => {
    const db = await connectPostgres(tdb.url);
    open.push(db);
    return db;
  };
  const files = sampleFiles();

  before(async () => {
    tdb = await createDatabase('runner');
  });
  after(async () => {
    await Promise.all(open.map((d) => d.close()));
    await tdb?.drop();
  });

  it('commits each file and records it; a second run has nothing pending', async () => {
    const db = await connect();
    const logs: string[] = [];
    const report = await runMigrations(db, files.slice(0, 14), { log: (l) => logs.push(l) });
    assert.strictEqual(report.status, 'done', JSON.stringify(report.failure));
    assert.deepStrictEqual(await recorded(db), files.slice(0, 14).map((f) => f.name));
    assert.ok(await relationExists(db, 'customer_stats'));
    assert.deepStrictEqual(report.files[0].changes, [{ change: 'relation added', schema: 'public', relation: 'customers', kind: 'table', columns: 5 }]);
    assert.deepStrictEqual(report.files[6].changes, [{ change: 'column renamed', schema: 'public', relation: 'api_keys', column: 'secret_hash', from: 'token_hash' }]);
    assert.ok(logs.some((l) => /001_create_customers\.sql:2 CREATE TABLE customers: \d+ ms/.test(l)), logs.join('\n'));

    const again = await runMigrations(db, files.slice(0, 14).map((f) => ({ ...f, ifPending: true })));
    assert.strictEqual(again.status, 'done');
    assert.ok(again.files.every((f) => f.outcome === 'skipped'));
  });

  it('leaves the database byte for byte unchanged when a file fails, with the error on the failing reference', async () => {
    const db = await connect();
    await db.execute(`INSERT INTO customers (email, name) VALUES ('a@example.com', 'A')`);
    const [before, dumpBefore] = [await snapshot(db), pgDump(tdb.url)];
    // 015 first adds nothing wrong, then fails: make it also write, to prove the write is undone.
    const failing: RunFile = { ...files[14], text: `UPDATE customers SET name = 'changed';\nALTER TABLE customers ADD COLUMN extra int;\n${files[14].text}` };
    const report = await runMigrations(db, [failing]);
    assert.strictEqual(report.status, 'failed');
    assert.strictEqual(report.failure?.code, '42703');
    assert.strictEqual(report.failure?.message, 'column ak.customer_id does not exist');
    assert.strictEqual(covered([failing], report.failure!), 'ak.customer_id');
    assert.match(report.failure!.aftermath, /^nothing of 015/);
    assert.strictEqual(await snapshot(db), before);
    assert.strictEqual(pgDump(tdb.url), dumpBefore);
  });

  it('dry-run never changes anything, and still reports what would change', async () => {
    const db = await connect();
    const fixed: RunFile = { ...files[14], text: files[14].text.replace('LEFT JOIN api_keys ak ON c.id = ak.customer_id', 'LEFT JOIN api_keys ak ON ak.api_client_id = ac.id') };
    const [before, dumpBefore] = [await snapshot(db), pgDump(tdb.url)];
    const ok = await runMigrations(db, [fixed, file('016_new.sql', 'CREATE TABLE dry (id int);\nCREATE INDEX CONCURRENTLY dry_id ON dry (id);\n')], { dryRun: true });
    assert.strictEqual(ok.status, 'done', JSON.stringify(ok.failure));
    assert.deepStrictEqual(ok.files.map((f) => f.outcome), ['rehearsed', 'rehearsed']);
    assert.ok(ok.files[1].changes.some((c) => c.change === 'relation added' && c.relation === 'dry'));
    assert.ok(ok.files[1].notes.some((n) => /without CONCURRENTLY/.test(n)));
    const bad = await runMigrations(db, [files[14]], { dryRun: true });
    assert.strictEqual(bad.status, 'failed');
    assert.strictEqual(await snapshot(db), before);
    assert.strictEqual(pgDump(tdb.url), dumpBefore);
  });

  it('asks before running an applied file again, or a file that cannot run in one transaction', async () => {
    const db = await connect();
    const rerun = await runMigrations(db, [files[0]]);
    assert.strictEqual(rerun.status, 'confirm');
    assert.deepStrictEqual(rerun.questions.map((q) => q.kind), ['rerun']);
    const concurrently = file('017_index.sql', 'CREATE INDEX CONCURRENTLY customers_name ON customers (name);\n');
    const asked = await runMigrations(db, [concurrently]);
    assert.deepStrictEqual(asked.questions.map((q) => q.kind), ['no-transaction']);
    assert.ok(!(await relationExists(db, 'customers_name')));
    const ran = await runMigrations(db, [concurrently], { consent: { noTransaction: true } });
    assert.strictEqual(ran.status, 'done', JSON.stringify(ran.failure));
    assert.ok(await relationExists(db, 'customers_name'));
    assert.ok((await recorded(db)).includes('017_index.sql'));
  });

  it('counts Prisma Migrate history as applied', async () => {
    const db = await connect();
    await db.execute(`CREATE TABLE _prisma_migrations (id text PRIMARY KEY, checksum text, finished_at timestamptz, migration_name text, logs text,
                      rolled_back_at timestamptz, started_at timestamptz DEFAULT now(), applied_steps_count int DEFAULT 0)`);
    await db.execute(`INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES ('1', '20240101000000_init', now())`);
    const prisma = { path: '/p/prisma/migrations/20240101000000_init/migration.sql', name: '20240101000000_init/migration.sql', text: 'CREATE TABLE from_prisma (id int);', recorded: true };
    const report = await runMigrations(db, [{ ...prisma, ifPending: true }]);
    assert.strictEqual(report.files[0].outcome, 'skipped');
    const asked = await runMigrations(db, [prisma]);
    assert.deepStrictEqual(asked.questions.map((q) => q.kind), ['rerun']);
    const next = { ...prisma, path: '/p/prisma/migrations/20240202000000_next/migration.sql', name: '20240202000000_next/migration.sql' };
    const ran = await runMigrations(db, [next]);
    assert.strictEqual(ran.status, 'done');
    assert.ok(ran.warnings.some((w) => /Prisma Migrate.*_prisma_migrations/.test(w)), ran.warnings.join('\n'));
    await db.execute('DROP TABLE _prisma_migrations, from_prisma');
  });

  it('serializes two concurrent runs on the advisory lock', async () => {
    const [a, b] = [await connect(), await connect()];
    const events: string[] = [];
    let bWaited = false;
    const first = runMigrations(a, [file('020_slow.sql', 'CREATE TABLE slow_a (id int);\nSELECT pg_sleep(1.5);\n')], {
      progress: (p) => events.push(`a: ${p.message}`),
    }).then((r) => (events.push('a done'), r));
    await new Promise((r) => setTimeout(r, 400)); // a holds the lock by now
    const second = runMigrations(b, [file('021_quick.sql', 'CREATE TABLE quick_b (id int);\n')], {
      log: (l) => (bWaited ||= /waiting/.test(l)),
    }).then((r) => (events.push('b done'), r));
    const [ra, rb] = await Promise.all([first, second]);
    assert.strictEqual(ra.status, 'done');
    assert.strictEqual(rb.status, 'done');
    assert.ok(bWaited, 'the second run waited for the lock');
    assert.ok(events.indexOf('a done') < events.indexOf('b done'), events.join('\n'));
  });

  it('cancels a long statement with pg_cancel_backend and rolls its file back', async () => {
    const db = await connect();
    const abort = new AbortController();
    const before = await snapshot(db);
    const started = Date.now();
    const report = await runMigrations(db, [file('030_long.sql', 'CREATE TABLE long_c (id int);\nINSERT INTO long_c VALUES (1);\nSELECT pg_sleep(60);\n')], {
      signal: abort.signal,
      progress: (p) => /pg_sleep/.test(p.message) && setTimeout(() => abort.abort(), 300),
    });
    assert.strictEqual(report.status, 'cancelled');
    assert.strictEqual(report.failure?.kind, 'cancelled');
    assert.ok(Date.now() - started < 20_000, 'the statement was cancelled, not waited for');
    assert.strictEqual(await snapshot(db), before);
    // The session is clean and the lock free: the next run goes at once.
    const next = await runMigrations(db, [file('031_after.sql', 'SELECT 1;')], { log: (l) => assert.doesNotMatch(l, /waiting/) });
    assert.strictEqual(next.status, 'done');
  });

  it('reports a server that dies mid-run, and nothing of the file is applied', async function () {
    const server = await startPostgres();
    const db = await connect();
    const admin = await connect();
    const started = runMigrations(db, [file('040_crash.sql', 'CREATE TABLE crash_k (id int);\nINSERT INTO crash_k VALUES (1);\nSELECT pg_sleep(60);\n')], {
      progress: (p) => {
        if (!/pg_sleep/.test(p.message)) return;
        setTimeout(async () => {
          const pid = Number((await admin.execute(`SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()`)).rows[0]?.pid);
          assert.ok(Number.isInteger(pid) && pid > 1, `the backend running the migration: ${pid}`);
          // SIGKILL of a backend: the postmaster treats it as a crash, ends every session and recovers.
          process.kill(pid, 'SIGKILL');
        }, 300);
      },
    });
    const report = await started;
    assert.strictEqual(report.status, 'connection lost', JSON.stringify(report));
    assert.match(report.failure!.message, /connection to the server was lost while line 3 ran/);
    assert.match(report.failure!.aftermath, /^nothing of 040_crash\.sql/);
    await waitForServer(server.url);
    const after = await connect();
    assert.ok(!(await relationExists(after, 'crash_k')));
    assert.ok(!(await recorded(after)).includes('040_crash.sql'));
  });
});
