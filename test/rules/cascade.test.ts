import * as assert from 'assert';
import { ruleCases, findingsIn } from './support';
import { createDatabase, withClient } from '../support/postgres';

const H = 'create table p (id int primary key); create table c (id int, p_id int constraint c_p_fk references p (id));';

ruleCases('cascade', [
  { name: 'DROP TABLE ... CASCADE names the foreign keys it drops', history: [H], file: 'drop table p cascade;', findings: 1 },
  { name: 'TRUNCATE ... CASCADE names the tables it empties', history: [H], file: 'truncate p cascade;', findings: 1 },
  { name: 'CASCADE with nothing depending: silent', history: [H], file: 'drop table c cascade;', findings: 0 },
]);

describe('rule cascade: what PostgreSQL drops', function () {
  it('drops exactly the foreign key the finding names', async function () {
    const found = findingsIn('cascade', [H], 'drop table p cascade;');
    assert.match(found[0].finding.message, /c_p_fk/);
    const db = await createDatabase('cascade_drops');
    try {
      await withClient(db, async (client) => {
        await client.query(H);
        await client.query('drop table p cascade');
        const left = await client.query("select conname from pg_constraint where conrelid = 'c'::regclass and contype = 'f'");
        assert.deepStrictEqual(left.rows, []);
      });
    } finally {
      await db.drop();
    }
  });
});
