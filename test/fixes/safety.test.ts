/**
 * The safety rules' quick fixes: each offered on its finding, and the fixed file is silent for that rule and
 * runs on PostgreSQL after the history (with a row in the table).
 */
import * as assert from 'assert';
import { analyzeDocument, checkRules, emptyCatalog, loadParser, type Catalog } from '../../server/src/analysis';
import { applyEdits, codeActions } from '../../server/src/features/fixes';
import { createDatabase, withClient, type TestDatabase } from '../support/postgres';

const T = 'CREATE TABLE t (id bigint PRIMARY KEY, a int, e text);\nCREATE INDEX t_a ON t (a);\n';
const ROW = "INSERT INTO t VALUES (1, 1, 'x');";
const FILE = '/m/002.sql';

interface Case {
  rule: string;
  file: string;
  title: RegExp;
  expect: string;
}

const cases: Case[] = [
  { rule: 'index-blocks-writes', file: 'CREATE INDEX t_e ON t (e);', title: /CONCURRENTLY/, expect: 'CREATE INDEX CONCURRENTLY t_e ON t (e);' },
  { rule: 'drop-index-blocks-table', file: 'drop index t_a;', title: /CONCURRENTLY/, expect: 'drop index concurrently t_a;' },
  {
    rule: 'constraint-without-not-valid',
    file: 'ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0);',
    title: /NOT VALID/,
    expect: 'ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID;\n-- ALTER TABLE t VALIDATE CONSTRAINT a_pos; -- in a later migration',
  },
  { rule: 'add-column-not-null-without-default', file: 'alter table t add column n int not null;', title: /DEFAULT 0/, expect: 'alter table t add column n int default 0 not null;' },
  {
    rule: 'set-not-null-scan',
    file: 'ALTER TABLE t ALTER COLUMN a SET NOT NULL;',
    title: /CHECK/,
    expect:
      'ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;\n-- in a later migration: ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;\n' +
      '-- then: ALTER TABLE t ALTER COLUMN a SET NOT NULL; ALTER TABLE t DROP CONSTRAINT t_a_not_null;',
  },
];

describe('quick fixes of the safety rules', function () {
  let before: Catalog;
  let db: TestDatabase;
  let n = 0;
  this.beforeAll(async function () {
    await loadParser();
    before = analyzeDocument(T, emptyCatalog(), '/m/001.sql').catalogAfter;
    db = await createDatabase('safety_fixes');
  });
  this.afterAll(async () => db?.drop());

  for (const c of cases) {
    it(`${c.rule}: ${c.expect.split('\n')[0]}`, async function () {
      const problems = checkRules(analyzeDocument(c.file, before, FILE), { file: FILE });
      const problem = problems.find((p) => p.code === c.rule);
      assert.ok(problem, JSON.stringify(problems));
      const fixes = codeActions(c.file, before, problems, problem.span, FILE).filter((f) => f.problem.code === c.rule);
      const fix = fixes.find((f) => c.title.test(f.title));
      assert.ok(fix, fixes.map((f) => f.title).join('; '));
      assert.ok(!fix.isPreferred, 'left to the author');
      const fixed = applyEdits(c.file, fix.edits);
      assert.strictEqual(fixed, c.expect);
      const after = checkRules(analyzeDocument(fixed, before, FILE), { file: FILE }).filter((p) => p.code === c.rule);
      assert.deepStrictEqual(after, []);
      const schema = `fix_${++n}`;
      await withClient(db, async (client) => {
        await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
        await client.query(T);
        await client.query(ROW);
        await client.query(fixed);
      });
    });
  }
});
