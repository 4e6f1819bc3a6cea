import * as assert from 'assert';
import { analyzeDocument, buildHistory, emptyCatalog, loadParser } from '../../server/src/analysis';
import { ParsedStatement } from '../../server/src/analysis/parser/parseDocument';

/**
 * Scanning a statement's tokens (the real scanner, through its JSON) costs about as much as parsing it, and
 * ten times as much on a long VALUES list: a 200,000-row INSERT took 12 s and 1.8 GB when a span that was
 * not reported had been placed by its tokens. A span is placed by the tokens only when a problem is
 * reported there; these statements are right, so their tokens are never read. The reads are counted on the
 * real ParsedStatement class, its getter wrapped for the test.
 */
describe('statements without problems read no tokens', () => {
  const getter = Object.getOwnPropertyDescriptor(ParsedStatement.prototype, 'tokens')!;
  const reads: string[] = [];

  before(async () => {
    await loadParser();
    Object.defineProperty(ParsedStatement.prototype, 'tokens', {
      configurable: true,
      get(this: ParsedStatement) {
        reads.push(this.text);
        return getter.get!.call(this);
      },
    });
  });
  after(() => Object.defineProperty(ParsedStatement.prototype, 'tokens', getter));
  beforeEach(() => void reads.splice(0));

  const history = 'CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer, added_at timestamptz);';
  const catalog = () => buildHistory([{ path: 'migrations/0001_items.sql', text: history }], emptyCatalog()).catalogAfter;

  const cases: [string, string][] = [
    ['an INSERT whose VALUES start with a number', "INSERT INTO items (id, name, qty, added_at) VALUES (1, 'a', 2, now()), (2, 'b', 3, now());"],
    ['an INSERT without a column list', "INSERT INTO items VALUES (1, 'a', 2, now());"],
    ['a call of a function whose name is a keyword', "SELECT left('abc', 2), right('abc', 1), replace('a', 'b', 'c');"],
    // `*` is placed by the scanner; a view's dependency recorder observes it and never reads its span.
    ['a view of SELECT *', 'CREATE VIEW all_items AS SELECT * FROM items;'],
    ['a trigger whose function exists', "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TRIGGER stamp BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION stamp();"],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const analysis = analyzeDocument(text, catalog(), 'migrations/0002.sql');
      assert.deepStrictEqual(analysis.problems, []);
      assert.deepStrictEqual(reads, []);
    });
  }

  it('a problem is still placed on its token (the reads above are counted)', () => {
    const text = 'INSERT INTO items (id, name) VALUES (1, 2, 3);';
    const analysis = analyzeDocument(text, catalog(), 'migrations/0002.sql');
    assert.deepStrictEqual(analysis.problems.map((p) => [p.code, p.message, text.slice(p.span.start, p.span.end)]), [['42601', 'INSERT has more expressions than target columns', '3']]);
    assert.deepStrictEqual(reads, [text]);
  });
});
