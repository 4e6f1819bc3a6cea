import * as assert from 'assert';
import * as fs from 'fs';
import type { Client } from 'pg';
import { applyEdits } from '../../server/src/features/fixes';
import { createDatabase, pgError, type TestDatabase } from '../support/postgres';
import { checkFile, JOIN_CASES } from './fixCases';

/**
 * Every join-path fix, applied and run on a real PostgreSQL server after the whole migration history:
 * it succeeds, and on seeded data the view returns the per-customer key count of the hand-written
 * reference query. Each fix runs in a transaction that is rolled back.
 */
describe('quick fixes on PostgreSQL: the rewritten join returns what was meant', function () {
  this.timeout(120_000);

  for (const c of JOIN_CASES) {
    describe(c.name, () => {
      let db: TestDatabase;
      let client: Client;
      const buggy = c.migrations[c.migrations.length - 1];
      const history = c.migrations.slice(0, -1).map((f) => fs.readFileSync(f, 'utf8'));

      before(async function () {
        db = await createDatabase(`fixes_${c.name}`);
        client = await db.connect();
        client.on('notice', () => undefined);
      });
      after(async () => {
        await client?.end();
        await db?.drop();
      });

      async function rolledBack<T>(fn: () => Promise<T>): Promise<T> {
        await client.query('BEGIN');
        try {
          for (const sql of history) await client.query(sql);
          return await fn();
        } finally {
          await client.query('ROLLBACK');
        }
      }
      const rows = async (sql: string) => (await client.query(`SELECT * FROM (${sql}) q ORDER BY 1`)).rows;

      it('fails as written with 42703, and the reference query counts differently per customer', async () => {
        await rolledBack(async () => {
          const err = await client.query(fs.readFileSync(buggy, 'utf8')).then(() => undefined, (e) => pgError(e) ?? Promise.reject(e));
          assert.strictEqual(err?.code, '42703', `${buggy} applied without 42703`);
        });
        const reference = await rolledBack(async () => {
          await client.query(c.seed);
          return rows(c.reference);
        });
        assert.ok(new Set(reference.map((r) => r.key_count)).size >= 3, `seed too uniform: ${JSON.stringify(reference)}`);
      });

      for (const title of c.titles) {
        it(title, async () => {
          const { text, fixes } = await checkFile(c.root, buggy);
          const fix = fixes.find((f) => f.title === title);
          assert.ok(fix, `not offered; offered: ${fixes.map((f) => f.title).join(' | ')}`);
          const fixed = applyEdits(text, fix.edits);
          await rolledBack(async () => {
            try {
              await client.query(fixed);
            } catch (e) {
              const pe = pgError(e);
              assert.fail(`the fixed file fails on PostgreSQL: ${pe ? `${pe.code} ${pe.message}` : String(e)}\n${fixed}`);
            }
            await client.query(c.seed);
            assert.deepStrictEqual(await rows(c.view), await rows(c.reference), fixed);
          });
        });
      }
    });
  }
});
