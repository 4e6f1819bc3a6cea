/**
 * Guards the story of examples/sample-project on a real PostgreSQL: migrations 001–014 apply cleanly in order,
 * and 015 fails with Postgres's own `42703 column ak.customer_id does not exist` (and applies once the join
 * goes through api_clients, so the bug is the only thing wrong with it).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Client } from 'pg';
import { createDatabase, pgError, type TestDatabase } from '../support/postgres';
import { repoRoot } from './parityFormat';

const MIGRATIONS = path.join(repoRoot(), 'examples', 'sample-project', 'database', 'migrations');
const BUGGY = '015_add_credits_to_customer_stats.sql';

function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS)
    .filter((f) => /^\d{3}_.*\.sql$/.test(f))
    .sort();
}

describe('examples/sample-project on PostgreSQL', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let client: Client;

  before(async function () {
    db = await createDatabase('sample_project');
    client = await db.connect();
    client.on('notice', () => undefined);
  });

  after(async function () {
    await client?.end();
    await db?.drop();
  });

  it('has migrations 001 to 015 in order', function () {
    const files = migrationFiles();
    assert.deepStrictEqual(
      files.map((f) => f.slice(0, 3)),
      Array.from({ length: 15 }, (_, i) => String(i + 1).padStart(3, '0')),
    );
    assert.strictEqual(files[14], BUGGY);
  });

  it('applies 001–014 cleanly, in order', async function () {
    for (const f of migrationFiles().filter((f) => f !== BUGGY)) {
      const sql = fs.readFileSync(path.join(MIGRATIONS, f), 'utf8');
      try {
        await client.query(sql);
      } catch (e) {
        const pe = pgError(e);
        assert.fail(`${f} fails on PostgreSQL: ${pe ? `${pe.code} ${pe.message}` : String(e)}`);
      }
    }
  });

  it(`fails ${BUGGY} with 42703 column ak.customer_id does not exist`, async function () {
    const sql = fs.readFileSync(path.join(MIGRATIONS, BUGGY), 'utf8');
    let err: ReturnType<typeof pgError>;
    try {
      await client.query(sql);
    } catch (e) {
      err = pgError(e);
      if (!err) throw e;
    }
    assert.ok(err, `${BUGGY} applied without error; it must fail with 42703`);
    assert.strictEqual(err.code, '42703', `${BUGGY}: expected 42703, got ${err.code} ${err.message}`);
    assert.strictEqual(err.message, 'column ak.customer_id does not exist');
    assert.ok(err.position, 'Postgres reports the position of the error');
    assert.strictEqual(sql.slice(err.position - 1, err.position - 1 + 'ak.customer_id'.length), 'ak.customer_id');
  });

  it(`applies ${BUGGY} once the join goes through api_clients`, async function () {
    const buggy = fs.readFileSync(path.join(MIGRATIONS, BUGGY), 'utf8');
    const fixed = buggy.replace('ON c.id = ak.customer_id', 'ON ak.api_client_id = ac.id');
    assert.notStrictEqual(fixed, buggy, `${BUGGY} no longer contains "ON c.id = ak.customer_id"`);
    await client.query('BEGIN');
    try {
      await client.query(fixed);
      const r = await client.query('SELECT api_key_count, credit_cents FROM customer_stats');
      assert.deepStrictEqual(r.rows, []);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
