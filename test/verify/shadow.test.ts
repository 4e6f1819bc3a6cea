/**
 * On-save verification (verify/shadow.ts) with the real embedded PostgreSQL: an error only Postgres sees
 * (`operator does not exist: uuid = integer` in a join condition) at the operator, silence on a correct file,
 * the shadow kept between saves and rebuilt only when an earlier file changed, Supabase's roles and `auth`
 * stood in for, a missing extension noted but never an error, and a runaway statement stopped.
 */
import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';
import { ShadowDatabase, type ShadowFile } from '../../server/src/verify/shadow';
import { testCache } from '../run/support';

const accounts: ShadowFile = {
  path: '/p/migrations/001_accounts.sql',
  text: 'CREATE TABLE accounts (id uuid PRIMARY KEY, name text NOT NULL);\nCREATE TABLE events (id bigint PRIMARY KEY, account_id integer NOT NULL, at timestamptz);\n',
};
const badJoin = 'CREATE VIEW account_events AS\nSELECT a.name, e.at\nFROM events e\nJOIN accounts a ON a.id = e.account_id;\n';
const goodJoin = 'ALTER TABLE events ADD COLUMN account uuid REFERENCES accounts (id);\nCREATE VIEW account_events AS\nSELECT a.name, e.at\nFROM events e\nJOIN accounts a ON a.id = e.account;\n';

describe('on-save verification in the embedded PostgreSQL', function () {
  this.timeout(120_000);
  const started: string[] = [];
  const shadow = new ShadowDatabase({ cacheDir: testCache, log: (l) => /started/.test(l) && started.push(l) });
  after(() => shadow.dispose());

  it('reports `operator does not exist: uuid = integer` on the operator of the join condition', async () => {
    await loadParser();
    const saved = { path: '/p/migrations/002_view.sql', text: badJoin };
    // Static analysis sees nothing wrong: every name exists.
    const after001 = analyzeDocument(accounts.text, emptyCatalog()).catalogAfter;
    assert.deepStrictEqual(analyzeDocument(badJoin, after001).problems, []);
    const problems = await shadow.verify([accounts], saved);
    assert.strictEqual(problems.length, 1, JSON.stringify(problems));
    const [p] = problems;
    assert.strictEqual(p.code, '42883');
    assert.strictEqual(p.severity, 'error');
    assert.strictEqual(p.message, 'operator does not exist: uuid = integer');
    assert.strictEqual(badJoin.slice(p.span.start, p.span.end), '=');
    assert.strictEqual(p.span.start, badJoin.indexOf('a.id = e') + 'a.id '.length);
  });

  it('is silent on a correct file, and keeps the shadow between saves', async () => {
    assert.deepStrictEqual(await shadow.verify([accounts], { path: '/p/migrations/002_view.sql', text: goodJoin }), []);
    assert.strictEqual(started.length, 1, 'one shadow database for both saves');
  });

  it('rebuilds the shadow only when an earlier file changed', async () => {
    const changed = { ...accounts, text: accounts.text.replace('account_id integer', 'account_id uuid') };
    assert.deepStrictEqual(await shadow.verify([changed], { path: '/p/migrations/002_view.sql', text: badJoin }), []);
    assert.strictEqual(started.length, 2);
    // A file added after the others extends the shadow instead.
    const third = { path: '/p/migrations/002_view.sql', text: badJoin };
    assert.deepStrictEqual(await shadow.verify([changed, third], { path: '/p/migrations/003_more.sql', text: 'SELECT name FROM account_events;\n' }), []);
    assert.strictEqual(started.length, 2);
  });

  it("stands in for Supabase's roles and auth schema, and notes a missing extension without an error", async () => {
    const supabase = {
      path: '/p/supabase/migrations/20240101000000_profiles.sql',
      text:
        'CREATE TABLE profiles (id uuid PRIMARY KEY REFERENCES auth.users, name text);\n' +
        'ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;\n' +
        'CREATE POLICY own ON profiles FOR SELECT TO authenticated USING (auth.uid() = id);\n' +
        'GRANT SELECT ON profiles TO anon, reporting_role;\n' +
        'CREATE EXTENSION IF NOT EXISTS postgis;\n' +
        'CREATE TABLE places (id int, shape geometry);\n',
    };
    const problems = await shadow.verify([], supabase);
    assert.ok(problems.every((p) => p.severity === 'information'), JSON.stringify(problems));
    const note = problems.find((p) => /Not verified in the embedded PostgreSQL/.test(p.message));
    assert.ok(note && /extension "postgis" is not available/.test(note.message), JSON.stringify(problems));
  });

  it('stops a statement that runs too long, without an error', async () => {
    const quick = new ShadowDatabase({ cacheDir: testCache, timeoutMs: 1500 });
    try {
      const t = Date.now();
      assert.deepStrictEqual(await quick.verify([], { path: '/p/migrations/001_slow.sql', text: 'SELECT pg_sleep(60);\n' }), []);
      assert.ok(Date.now() - t < 30_000);
    } finally {
      await quick.dispose();
    }
  });
});
