import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog } from '../../server/src/analysis';
import { applyEdits, codeActions } from '../../server/src/features/fixes';

const SCHEMA = `
CREATE TABLE users (id int PRIMARY KEY, customer_id int, email text, created_at timestamptz);
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users, "placedAt" timestamptz, total numeric);
`;

/**
 * "Change to `x`" and "Qualify as `u.x`" on the real parser: which fixes a misspelled or ambiguous name
 * gets, which is preferred, and that applying one leaves no problem.
 */
describe('quick fixes: misspelled and ambiguous names', () => {
  let catalog: Catalog;
  before(async () => {
    await loadParser();
    catalog = analyzeDocument(SCHEMA, emptyCatalog()).catalogAfter;
  });

  const fixesOf = (text: string) => {
    const problems = analyzeDocument(text, catalog).problems;
    assert.strictEqual(problems.length, 1, JSON.stringify(problems));
    const fixes = codeActions(text, catalog, problems, problems[0].span);
    return fixes.map((f) => ({ title: f.title, preferred: !!f.isPreferred, fixed: applyEdits(text, f.edits) }));
  };
  const clean = (text: string) => assert.deepStrictEqual(analyzeDocument(text, catalog).problems, [], text);

  it('changes a misspelled qualified column to the near one, preferred', () => {
    const fixes = fixesOf('SELECT u.craeted_at FROM users u;');
    assert.deepStrictEqual(fixes, [{ title: 'Change to `created_at`', preferred: true, fixed: 'SELECT u.created_at FROM users u;' }]);
  });

  it('quotes a name that needs quotes, and counts in UTF-16 after non-ASCII text', () => {
    const fixes = fixesOf("SELECT 'café ☕ 𝄞', o.placedat FROM orders o;");
    assert.deepStrictEqual(fixes.map((f) => f.title), ['Change to `"placedAt"`']);
    assert.strictEqual(fixes[0].fixed, `SELECT 'café ☕ 𝄞', o."placedAt" FROM orders o;`);
    clean(fixes[0].fixed);
  });

  it('an unqualified misspelling: change it (preferred) or qualify it', () => {
    const fixes = fixesOf('SELECT emial FROM users u JOIN orders o ON o.user_id = u.id;');
    assert.deepStrictEqual(fixes.map((f) => [f.title, f.preferred]), [
      ['Change to `email`', true],
      ['Qualify as `u.email`', false],
    ]);
    fixes.forEach((f) => clean(f.fixed));
  });

  it('a misspelling whose near name two relations have: qualify only, none preferred', () => {
    const fixes = fixesOf('SELECT idd FROM users u JOIN orders o ON o.user_id = u.id;');
    assert.deepStrictEqual(fixes.map((f) => [f.title, f.preferred]), [
      ['Qualify as `u.id`', false],
      ['Qualify as `o.id`', false],
    ]);
    fixes.forEach((f) => clean(f.fixed));
  });

  it('an ambiguous column: one qualification per relation, none preferred', () => {
    const fixes = fixesOf('SELECT id FROM users u JOIN orders o ON o.user_id = u.id;');
    assert.deepStrictEqual(fixes.map((f) => [f.title, f.preferred, f.fixed]), [
      ['Qualify as `u.id`', false, 'SELECT u.id FROM users u JOIN orders o ON o.user_id = u.id;'],
      ['Qualify as `o.id`', false, 'SELECT o.id FROM users u JOIN orders o ON o.user_id = u.id;'],
    ]);
  });

  it('a misspelled column of the table an INSERT or UPDATE writes', () => {
    assert.deepStrictEqual(fixesOf("INSERT INTO public.users AS x (id, emial) VALUES (1, 'a');"), [
      { title: 'Change to `email`', preferred: true, fixed: "INSERT INTO public.users AS x (id, email) VALUES (1, 'a');" },
    ]);
    assert.deepStrictEqual(fixesOf("UPDATE orders SET totl = 0 WHERE id = 1;"), [
      { title: 'Change to `total`', preferred: true, fixed: 'UPDATE orders SET total = 0 WHERE id = 1;' },
    ]);
  });

  it('a misspelled table', () => {
    const fixes = fixesOf('SELECT * FROM oders;');
    assert.deepStrictEqual(fixes, [
      { title: 'Change to `orders`', preferred: true, fixed: 'SELECT * FROM orders;' },
      { title: 'Change to `users`', preferred: false, fixed: 'SELECT * FROM users;' },
    ]);
  });

  it('a table named where its alias must be used', () => {
    const fixes = fixesOf('SELECT users.email FROM users u;');
    assert.deepStrictEqual(fixes, [{ title: 'Change to `u`', preferred: true, fixed: 'SELECT u.email FROM users u;' }]);
  });

  it('a misspelled alias', () => {
    const fixes = fixesOf('SELECT usr.email FROM users usr2;');
    assert.deepStrictEqual(fixes.map((f) => [f.title, f.fixed]), [['Change to `usr2`', 'SELECT usr2.email FROM users usr2;']]);
  });

  it('nothing for a name with no near spelling', () => {
    assert.deepStrictEqual(fixesOf('SELECT u.shipping_address FROM users u;'), []);
  });

  it('only the problems that touch the range', () => {
    const text = 'SELECT u.craeted_at FROM users u;\nSELECT * FROM oders;';
    const problems = analyzeDocument(text, catalog).problems;
    const second = text.indexOf('oders') + 2;
    const titles = codeActions(text, catalog, problems, { start: second, end: second }).map((f) => f.title);
    assert.deepStrictEqual(titles, ['Change to `orders`', 'Change to `users`']);
  });
});
