import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Client } from 'pg';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';
import { createDatabase, pgError, type TestDatabase } from '../support/postgres';
import { parseParityFile, repoRoot } from './parityFormat';

/**
 * The static 42883 check word for word: each 42883 case of test/fixtures/parity/functions.sql gets, from
 * the analysis, exactly the message PostgreSQL 15 gives (`function fooo(integer, unknown) does not
 * exist`, argument types included); the parity test checks the codes of every case.
 */
describe('42883 function … does not exist: the message PostgreSQL gives', function () {
  this.timeout(60_000);
  const file = path.join(repoRoot(), 'test', 'fixtures', 'parity', 'functions.sql');
  const parsed = parseParityFile(file, fs.readFileSync(file, 'utf8'));
  const cases = parsed.cases.filter((c) => c.expect === '42883');
  let db: TestDatabase;
  let client: Client;

  before(async () => {
    await loadParser();
    db = await createDatabase('undefined_function');
    client = await db.connect();
    await client.query(parsed.schema);
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  it('has cases to compare', () => assert.ok(cases.length >= 5, `${cases.length} cases`));

  for (const c of cases) {
    it(c.name, async () => {
      await client.query('BEGIN');
      let message: string | undefined;
      try {
        await client.query(c.sql);
      } catch (e) {
        const pe = pgError(e);
        assert.strictEqual(pe?.code, '42883', String(e));
        message = pe!.message;
      } finally {
        await client.query('ROLLBACK');
      }
      const base = analyzeDocument(parsed.schema, emptyCatalog()).catalogAfter;
      const reported = analyzeDocument(c.sql, base).problems.filter((p) => p.code === '42883').map((p) => p.message);
      assert.deepStrictEqual(reported, [message]);
    });
  }
});
