/**
 * "No silent skips" (issue 12): a statement the analysis could not check in full gets exactly one
 * information-level `not-checked` note, and a statement that was checked in full gets none.
 */
import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';

function notes(sql: string): string[] {
  const { problems } = analyzeDocument(sql, emptyCatalog());
  for (const p of problems) if (p.code === 'not-checked') assert.strictEqual(p.severity, 'information');
  return problems.filter((p) => p.code === 'not-checked').map((p) => `${sql.slice(p.span.start, p.span.end)}: ${p.message.replace(/\):.*/, ')')}`);
}

describe('not-checked notes', () => {
  before(loadParser);

  it('says nothing on statements checked in full, even with errors', () => {
    assert.deepStrictEqual(notes('create table t (a int);\nselect a from t;\nselect b from t;\nselect * from nope;\n'), []);
    assert.deepStrictEqual(notes("do $$ begin if true then alter table t add column b int; end if; end $$;\n"), []);
  });

  it('notes a DO block running dynamic SQL, and the names it made uncertain', () => {
    const sql = "do $$ begin execute format('create table %I (a int)', 'made' || current_setting('app.suffix')); end $$;\nselect a, b from made;\nselect made.x from made;\n";
    assert.deepStrictEqual(notes(sql), [
      'do: not checked (dynamic SQL)',
      'made: not checked (dynamic SQL)',
      'made: not checked (dynamic SQL)',
    ]);
  });

  it('notes a call of a routine whose dynamic SQL made names uncertain', () => {
    const fn = "create function mk(n text) returns void language plpgsql as $$ begin execute format('create table %I (a int)', n); end $$;\n";
    const found = notes(fn + "select mk(current_setting('app.table'));\n");
    assert.deepStrictEqual(found.filter((n) => n.startsWith('select')), ['select: not checked (dynamic SQL)']);
  });

  it('notes, and does not report, what a statement reported as an error would have made', () => {
    const sql = 'create table t (a int);\ncreate view v as select a, zz from t;\nselect * from v;\nselect a from t;\nselect zz from t;\n';
    const { problems } = analyzeDocument(sql, emptyCatalog());
    // The view's name is left alone; its column names are not made uncertain in every table.
    assert.deepStrictEqual(problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${sql.slice(p.span.start, p.span.end)}`), ['42703 zz', '42703 zz']);
    assert.deepStrictEqual(notes(sql), ['v: not checked (earlier error)']);
  });

  it('notes, and does not report, a name a statement PostgreSQL may have refused changed', () => {
    const sql = 'create table pk (id int primary key);\ncreate table fk (id int references pk);\ndrop table pk;\nselect id from pk;\nselect * from nope;\n';
    const { problems } = analyzeDocument(sql, emptyCatalog());
    assert.deepStrictEqual(problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${sql.slice(p.span.start, p.span.end)}`), ['42P01 nope']);
    assert.deepStrictEqual(notes(sql), ['pk: not checked (may have been refused)']);
  });

  it('notes a name in a schema whose content is not known, once per statement', () => {
    const sql = 'create table profiles (id uuid references auth.users (id), other uuid references auth.users (id));\nselect * from auth.users u join auth.identities i on true;\n';
    assert.deepStrictEqual(notes(sql), ['auth.users: not checked (unknown schema)', 'auth.users: not checked (unknown schema)']);
  });

  it('notes an unqualified name looked up along a search_path it could not read', () => {
    assert.deepStrictEqual(notes("select set_config('search_path', current_setting('app.path'), false);\nselect * from t;\n"), ['t: not checked (unknown search_path)']);
    assert.deepStrictEqual(notes('set search_path = tenant, public;\nselect * from t;\n'), ['t: not checked (unknown schema)']);
    assert.deepStrictEqual(notes('set search_path to default;\nselect * from somewhere.t;\n'), ['somewhere.t: not checked (unknown schema)']);
  });
});
