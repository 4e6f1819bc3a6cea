/**
 * How a file is run (run/migrationPlan.ts) and where Postgres's errors land in it (run/errorRange.ts), with the
 * real Postgres parser.
 */
import * as assert from 'assert';
import { loadParser } from '../../server/src/analysis';
import { errorSpan } from '../../server/src/run/errorRange';
import { planFile } from '../../server/src/run/migrationPlan';

describe('migration plan', () => {
  before(() => loadParser());

  it('runs an ordinary file in one transaction, statement by statement, as the file has them', () => {
    const text = '-- comment\nCREATE TABLE a (id int);\n\nINSERT INTO a VALUES (1);';
    const plan = planFile(text, 150000);
    assert.deepStrictEqual(plan.noTransactionReasons, []);
    assert.deepStrictEqual(plan.steps.map((s) => [s.line, s.sql]), [[1, 'CREATE TABLE a (id int);'], [3, 'INSERT INTO a VALUES (1);']]);
    assert.ok(plan.steps.every((s) => text.slice(s.span.start, s.span.end) === s.sql));
  });

  it("replaces a file's own BEGIN … COMMIT by the runner's transaction", () => {
    const plan = planFile('BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n', 150000);
    assert.strictEqual(plan.wrapped, true);
    assert.deepStrictEqual(plan.noTransactionReasons, []);
  });

  it('finds what cannot run in a transaction, and how a rehearsal runs it', () => {
    const text = 'CREATE INDEX CONCURRENTLY i ON a (id);\nVACUUM a;\nANALYZE a;\nALTER TYPE mood ADD VALUE \'meh\';\nSAVEPOINT s;\n';
    const plan = planFile(text, 110000);
    assert.deepStrictEqual(plan.noTransactionReasons, [
      'line 1: CREATE INDEX CONCURRENTLY cannot run inside a transaction block',
      'line 2: VACUUM cannot run inside a transaction block',
      'line 4: ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12',
    ]);
    const [index, vacuum, analyze] = plan.steps;
    // Blanked, not removed: positions in Postgres's errors still map to the file.
    assert.ok('sql' in index.rehearsal);
    assert.strictEqual(index.rehearsal.sql, 'CREATE INDEX              i ON a (id);');
    assert.match(index.rehearsal.note ?? '', /^line 1: run without CONCURRENTLY/);
    assert.ok('skip' in vacuum.rehearsal);
    assert.deepStrictEqual(analyze.rehearsal, { sql: 'ANALYZE a;' });
    assert.deepStrictEqual(planFile("ALTER TYPE mood ADD VALUE 'meh';", 150000).noTransactionReasons, []);
  });

  it('sees transaction control in the middle and the tools’ no-transaction markers', () => {
    assert.match(planFile('CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\n', 150000).noTransactionReasons[0], /manages its own transactions \(line 2: COMMIT\)/);
    assert.match(planFile('-- +goose NO TRANSACTION\n-- +goose Up\nCREATE TABLE a (id int);\n', 150000).noTransactionReasons[0], /asks to run without a transaction/);
    assert.match(planFile('-- migrate:up transaction:false\nCREATE TABLE a (id int);\n', 150000).noTransactionReasons[0], /asks to run without a transaction/);
  });

  it('runs only the up part of a file with a down section', () => {
    const plan = planFile('-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n', 150000);
    assert.deepStrictEqual(plan.steps.map((s) => s.sql), ['CREATE TABLE a (id int);']);
  });
});

describe('error position → file range', () => {
  const step = (text: string, sql: string) => ({ span: { start: text.indexOf(sql), end: text.indexOf(sql) + sql.length }, sql });

  it('covers the whole reference at the position, quoted parts and all', () => {
    const text = 'SELECT 1;\nSELECT ak.customer_id, "Odd"."Name" FROM x;';
    const s = step(text, 'SELECT ak.customer_id, "Odd"."Name" FROM x;');
    const at = (needle: string) => s.sql.indexOf(needle) + 1;
    const cover = (position: number) => {
      const span = errorSpan({ code: '42703', message: '', position }, s);
      return text.slice(span.start, span.end);
    };
    assert.strictEqual(cover(at('ak.')), 'ak.customer_id');
    assert.strictEqual(cover(at('"Odd"')), '"Odd"."Name"');
  });

  it('counts Postgres positions in characters, not UTF-16 units', () => {
    const text = "SELECT '😀é', nope FROM x;";
    const s = step(text, text);
    // Postgres counts 😀 as one character (two UTF-16 units): nope is its character 14 (1-based).
    assert.strictEqual([...text.slice(0, text.indexOf('nope'))].length + 1, 14);
    const span = errorSpan({ code: '42703', message: '', position: 14 }, s);
    assert.strictEqual(text.slice(span.start, span.end), 'nope');
  });

  it('covers an operator, finds an internal query in the statement, else the whole statement', () => {
    const text = 'CREATE VIEW v AS SELECT 1 FROM a JOIN b ON a.id = b.id;';
    const s = step(text, text);
    const op = errorSpan({ code: '42883', message: '', position: text.indexOf('=') + 1 }, s);
    assert.strictEqual(text.slice(op.start, op.end), '=');
    const fn = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT missing FROM a $$;';
    const inner = errorSpan({ code: '42703', message: '', internalQuery: ' SELECT missing FROM a ', internalPosition: 9 }, step(fn, fn));
    assert.strictEqual(fn.slice(inner.start, inner.end), 'missing');
    assert.deepStrictEqual(errorSpan({ code: '42P07', message: '' }, s), { start: 0, end: text.length });
  });
});
