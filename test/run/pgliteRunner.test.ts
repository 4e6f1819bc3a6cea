/**
 * The same runner checks against the embedded PostgreSQL (PGlite in a worker thread, data folder on disk):
 * commit and record, a failing file changes nothing, dry-run changes nothing, two runs on one database
 * serialize (the data folder's lock), Cancel stops a long statement and rolls back, and a process killed
 * mid-run leaves nothing half-applied (the next open recovers, the stale lock is taken over).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Database } from '../../server/src/run/database';
import { embeddedDirectory, openEmbedded as openEmbeddedIn, type OpenEmbeddedOptions } from '../../server/src/run/embedded';
import { runMigrations, type RunFile } from '../../server/src/run/runner';
import { ensureBundles, project, startCli } from './cliProcess';
import { covered, file, recorded, relationExists, sampleFiles, snapshot, testCache } from './support';

describe('runner on the embedded PostgreSQL (PGlite)', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(testCache, 'runner-'));
  const files = sampleFiles();
  let db: Database | undefined;
  const openEmbedded = (folder: string, options: OpenEmbeddedOptions = {}) => openEmbeddedIn(folder, { cacheDir: testCache, ...options });

  after(async () => {
    await db?.close();
  });

  it('commits each file and records it', async () => {
    db = await openEmbedded(dir);
    const report = await runMigrations(db, files.slice(0, 14));
    assert.strictEqual(report.status, 'done', JSON.stringify(report.failure));
    assert.deepStrictEqual(await recorded(db), files.slice(0, 14).map((f) => f.name));
    assert.deepStrictEqual(report.files[3].changes, [{ change: 'column added', schema: 'public', relation: 'customers', column: 'plan', type: 'text' }]);
  });

  it('leaves the database unchanged when a file fails, with the error on the failing reference', async () => {
    await db!.execute(`INSERT INTO customers (email, name) VALUES ('a@example.com', 'A')`);
    const before = await snapshot(db!);
    const failing: RunFile = { ...files[14], text: `UPDATE customers SET name = 'changed';\n${files[14].text}` };
    const report = await runMigrations(db!, [failing]);
    assert.strictEqual(report.status, 'failed');
    assert.strictEqual(report.failure?.code, '42703');
    assert.strictEqual(covered([failing], report.failure!), 'ak.customer_id');
    assert.strictEqual(await snapshot(db!), before);
  });

  it('dry-run never changes anything', async () => {
    const before = await snapshot(db!);
    const report = await runMigrations(db!, [file('016_dry.sql', 'CREATE TABLE dry (id int);\nINSERT INTO dry VALUES (1);\n')], { dryRun: true });
    assert.strictEqual(report.status, 'done');
    assert.deepStrictEqual(report.files[0].changes, [{ change: 'relation added', schema: 'public', relation: 'dry', kind: 'table', columns: 1 }]);
    assert.strictEqual(await snapshot(db!), before);
    await db!.close();
    db = undefined;
  });

  it('serializes two runs on one embedded database', async () => {
    const order: string[] = [];
    let waited = false;
    const first = await openEmbedded(dir);
    const second = openEmbedded(dir, { onWait: () => (waited = true) }).then(async (d) => {
      order.push('second opened');
      const r = await runMigrations(d, [file('018_b.sql', 'CREATE TABLE second_b (id int);')]);
      await d.close();
      return r;
    });
    await new Promise((r) => setTimeout(r, 500));
    const r1 = await runMigrations(first, [file('017_a.sql', 'CREATE TABLE first_a (id int);')]);
    order.push('first done');
    await first.close();
    const r2 = await second;
    assert.ok(waited, 'the second open waited for the first');
    assert.deepStrictEqual(order, ['first done', 'second opened']);
    assert.deepStrictEqual([r1.status, r2.status], ['done', 'done']);
  });

  it('cancels a long statement (the worker is stopped) and rolls its file back', async () => {
    db = await openEmbedded(dir);
    const before = await snapshot(db);
    const abort = new AbortController();
    const started = Date.now();
    const report = await runMigrations(db, [file('019_long.sql', 'CREATE TABLE long_c (id int);\nSELECT pg_sleep(60);\n')], {
      signal: abort.signal,
      progress: (p) => /pg_sleep/.test(p.message) && setTimeout(() => abort.abort(), 300),
    });
    assert.strictEqual(report.status, 'cancelled', JSON.stringify(report));
    assert.ok(Date.now() - started < 20_000);
    await db.close();
    db = await openEmbedded(dir);
    assert.strictEqual(await snapshot(db), before);
    await db.close();
    db = undefined;
  });

  it('recovers from a process killed mid-run: nothing of the file applied, the lock taken over', async () => {
    ensureBundles();
    const root = project({ 'migrations/001_init.sql': 'CREATE TABLE kept (id int);\n', 'migrations/002_killed.sql': 'CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nSELECT pg_sleep(60);\n' });
    const env = { SCHEMASENSE_CACHE_DIR: testCache };
    const run = startCli(root, ['run', '--pending', '--verbose'], env);
    const deadline = Date.now() + 60_000;
    while (!/002_killed\.sql:2 INSERT/.test(run.output().stderr)) {
      assert.ok(Date.now() < deadline && run.output().status === null, `the run did not reach the long statement:\n${run.output().stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    run.child.kill('SIGKILL');
    await run.done;
    const killed = embeddedDirectory(root, env);
    assert.ok(fs.existsSync(path.join(killed, 'lock')), 'the killed run left its lock behind');
    const after = await openEmbedded(killed, { onWait: () => assert.fail('waited for a dead process') });
    try {
      assert.ok(await relationExists(after, 'kept'));
      assert.ok(!(await relationExists(after, 'half')));
      assert.deepStrictEqual(await recorded(after), ['001_init.sql']);
    } finally {
      await after.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
