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

  describe('a misspelled column in every statement kind that reports 42703: one preferred fix, and the fixed statement is clean', () => {
    const cases: [string, string, string][] = [
      ['CREATE INDEX', 'CREATE INDEX ON users (emial);', 'CREATE INDEX ON users (email);'],
      ['CREATE INDEX expression', 'CREATE INDEX ON users (lower(emial));', 'CREATE INDEX ON users (lower(email));'],
      ['CREATE INDEX INCLUDE', 'CREATE INDEX ON users (id) INCLUDE (emial);', 'CREATE INDEX ON users (id) INCLUDE (email);'],
      ['ALTER TABLE RENAME COLUMN', 'ALTER TABLE users RENAME COLUMN emial TO mail;', 'ALTER TABLE users RENAME COLUMN email TO mail;'],
      ['ALTER TABLE ALTER COLUMN', 'ALTER TABLE users ALTER COLUMN emial SET NOT NULL;', 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;'],
      ['ALTER TABLE DROP COLUMN', 'ALTER TABLE users DROP COLUMN emial;', 'ALTER TABLE users DROP COLUMN email;'],
      ['COMMENT ON COLUMN', "COMMENT ON COLUMN users.emial IS 'x';", "COMMENT ON COLUMN users.email IS 'x';"],
      ['CREATE POLICY', 'CREATE POLICY p ON users USING (emial IS NOT NULL);', 'CREATE POLICY p ON users USING (email IS NOT NULL);'],
      ['CREATE TRIGGER UPDATE OF', "CREATE TRIGGER t AFTER UPDATE OF emial ON users FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();", "CREATE TRIGGER t AFTER UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();"],
      ['CREATE TRIGGER WHEN', "CREATE TRIGGER t AFTER UPDATE ON users FOR EACH ROW WHEN (NEW.emial IS NULL) EXECUTE FUNCTION suppress_redundant_updates_trigger();", "CREATE TRIGGER t AFTER UPDATE ON users FOR EACH ROW WHEN (NEW.email IS NULL) EXECUTE FUNCTION suppress_redundant_updates_trigger();"],
      ['a UNIQUE constraint', 'ALTER TABLE users ADD CONSTRAINT u UNIQUE (emial);', 'ALTER TABLE users ADD CONSTRAINT u UNIQUE (email);'],
      ['a CHECK constraint', "ALTER TABLE users ADD CONSTRAINT c CHECK (emial <> '');", "ALTER TABLE users ADD CONSTRAINT c CHECK (email <> '');"],
      ['a FOREIGN KEY', 'ALTER TABLE orders ADD FOREIGN KEY (usr_id) REFERENCES users (id);', 'ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);'],
      ['GRANT on columns', 'GRANT SELECT (emial) ON users TO PUBLIC;', 'GRANT SELECT (email) ON users TO PUBLIC;'],
    ];
    for (const [kind, text, fixed] of cases) {
      it(kind, () => {
        const fixes = fixesOf(text).filter((f) => f.preferred);
        assert.deepStrictEqual(fixes.map((f) => f.fixed), [fixed]);
        clean(fixed);
      });
    }
  });

  it('an unknown function: the near name a schema defines, preferred; none for built-ins', () => {
    const withFn = analyzeDocument('CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;', catalog).catalogAfter;
    const text = 'CREATE TRIGGER t BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION public.touch_update_at();';
    const problems = analyzeDocument(text, withFn).problems;
    assert.deepStrictEqual(problems.map((p) => [p.code, p.message, p.hint]), [['42883', 'function public.touch_update_at() does not exist', 'Perhaps you meant touch_updated_at.']]);
    const fixes = codeActions(text, withFn, problems, problems[0].span);
    assert.deepStrictEqual(fixes.map((f) => [f.title, !!f.isPreferred, applyEdits(text, f.edits)]), [
      ['Change to `touch_updated_at`', true, text.replace('touch_update_at', 'touch_updated_at')],
    ]);
    assert.deepStrictEqual(analyzeDocument("SELECT lower('A'), now(), count(*) FROM users;", withFn).problems, []);
  });
});
