import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser, type DocumentAnalysis } from '../../server/src/analysis';

/**
 * Analysing an edited document with the previous analysis must give exactly what a fresh analysis gives,
 * whatever the edit: inside a query, inside DDL, across statement boundaries, opening a dollar quote.
 */
describe('incremental analysis', () => {
  before(() => loadParser());

  const base = () =>
    analyzeDocument(
      `CREATE TABLE customers (id bigint PRIMARY KEY, email text);
       CREATE TABLE api_clients (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));`,
      emptyCatalog(),
    ).catalogAfter;

  const DOCUMENT = `CREATE TABLE api_keys (id bigint PRIMARY KEY, api_client_id bigint REFERENCES api_clients (id));
SELECT ak.id FROM api_keys ak JOIN api_clients ac ON ac.id = ak.api_client_id;
CREATE VIEW key_owners AS SELECT ak.id, c.email FROM api_keys ak JOIN api_clients ac ON ac.id = ak.api_client_id JOIN customers c ON c.id = ac.customer_id;
ALTER TABLE api_keys ADD COLUMN label text;
SELECT label, email FROM key_owners, api_keys;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT count(*)::int FROM api_keys $$;
SELECT email FROM key_owners WHERE id > 0;
`;

  const summary = (a: DocumentAnalysis) => JSON.stringify(a.problems.map((p) => [p.code, p.message, p.span.start, p.span.end]));

  /** A seeded stream of edits: insertions and deletions at every kind of position. */
  function* edits(text: string, count: number): Iterable<[number, number, string]> {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const inserts = ['x', ' ', '\n', ';', '$$', "'", 'ak.', 'customer_id', '(', ')', '--', 'SELECT 1;'];
    for (let i = 0; i < count; i++) {
      const at = Math.floor(random() * (text.length + 1));
      const remove = random() < 0.3 ? Math.floor(random() * 6) : 0;
      yield [at, Math.min(text.length, at + remove), inserts[Math.floor(random() * inserts.length)]];
    }
  }

  it('gives what a fresh analysis gives, edit after edit', () => {
    const catalog = base();
    let text = DOCUMENT;
    let analysis = analyzeDocument(text, catalog);
    let n = 0;
    for (const [from, to, insert] of edits(DOCUMENT, 300)) {
      const at = Math.min(from, text.length);
      text = text.slice(0, at) + insert + text.slice(Math.min(to, text.length));
      analysis = analyzeDocument(text, catalog, '', analysis);
      assert.strictEqual(summary(analysis), summary(analyzeDocument(text, catalog)), `after edit ${n} (${JSON.stringify(insert)} at ${at})`);
      n++;
    }
    assert.strictEqual(n, 300);
  });

  it('reuses the statements an edit inside a query does not reach', () => {
    const catalog = base();
    const first = analyzeDocument(DOCUMENT, catalog);
    const at = DOCUMENT.indexOf('ak.id FROM api_keys ak JOIN');
    const edited = DOCUMENT.slice(0, at) + 'ak.nope, ' + DOCUMENT.slice(at);
    const second = analyzeDocument(edited, catalog, '', first);
    // The edit changes no DDL: every statement after it sees the very same session object as before.
    assert.strictEqual(second.sessionBefore(3), first.sessionBefore(3));
    assert.strictEqual(second.sessionAfter, first.sessionAfter);
    assert.deepStrictEqual(second.problems.map((p) => edited.slice(p.span.start, p.span.end)), ['ak.nope']);
  });

  it('moves the origins of objects a reused statement created', () => {
    const catalog = base();
    const first = analyzeDocument(DOCUMENT, catalog);
    const edited = '-- a comment that moves everything\n' + DOCUMENT;
    const second = analyzeDocument(edited, catalog, '', first);
    const view = second.catalogAfter.schemas.get('public')!.relations.get('key_owners')!;
    assert.strictEqual(edited.slice(view.origin!.span.start, view.origin!.span.end), 'key_owners');
    assert.strictEqual(view.origin!.line, 3);
  });
});
