import * as assert from 'assert';
import { ruleCases } from './support';
import { createDatabase, pgError, withClient } from '../support/postgres';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";

ruleCases('concurrently-in-transaction', [
  { name: 'CREATE INDEX CONCURRENTLY among other statements', history: [T], file: "set lock_timeout = '1s'; create index concurrently t_a on t (a);", findings: 1, fails: '25001' },
  { name: 'alone in its file: silent', history: [T], file: 'create index concurrently t_a on t (a);', findings: 0, noPg: true },
  { name: 'a file marked to run without a transaction: silent', history: [T], file: "set lock_timeout = '1s'; create index concurrently t_a on t (a);", findings: 0, options: { inTransaction: false }, noPg: true },
]);

describe('rule concurrently-in-transaction: PostgreSQL', function () {
  it('refuses CONCURRENTLY in a multi-statement query (an implicit transaction) with 25001', async function () {
    const db = await createDatabase('concurrently_implicit');
    try {
      await withClient(db, async (c) => {
        await c.query('create table t (a int)');
        const code = await c.query('select 1; create index concurrently t_a on t (a);').then(() => undefined, (e) => pgError(e)?.code);
        assert.strictEqual(code, '25001');
      });
    } finally {
      await db.drop();
    }
  });
});
