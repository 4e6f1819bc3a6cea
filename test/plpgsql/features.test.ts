/**
 * Editor features inside PL/pgSQL bodies: the quick fixes of a body warning (did-you-mean, qualify), each
 * applied and the fixed function then run on PostgreSQL; hover, definition and completion on body names.
 */
import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';
import { applyEdits, codeActions } from '../../server/src/features/fixes';
import { hover } from '../../server/src/features/hover';
import { definition } from '../../server/src/features/definition';
import { complete } from '../../server/src/features/completion';
import { createDatabase, startPostgres } from '../support/postgres';
import { bodyWarnings } from './bodyCases';

const items = `CREATE TABLE line_items (id bigint PRIMARY KEY, invoice_id bigint, amount numeric, qty int);
INSERT INTO line_items VALUES (1, 1, 10, 2), (2, 1, 5, 1);
`;
const misspelled = `${items}CREATE FUNCTION invoice_total(p_invoice bigint) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE s numeric;
BEGIN
  SELECT sum(li.amont) INTO s FROM line_items li WHERE li.invoice_id = p_invoice;
  RETURN s;
END $$;
`;
const ambiguous = `${items}CREATE FUNCTION lines() RETURNS TABLE (id bigint, amount numeric) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT id, li.amount FROM line_items li;
END $$;
`;

/** The text after the preferred fix of the one body warning. */
function fixed(sql: string): { title: string; text: string } {
  const [warning] = bodyWarnings(sql);
  assert.ok(warning, 'expected a body warning');
  const analysis = analyzeDocument(sql, emptyCatalog(), 'f.sql');
  const fixes = codeActions(sql, emptyCatalog(), analysis.problems, warning.span, 'f.sql');
  const preferred = fixes.find((f) => f.isPreferred) ?? fixes[0];
  assert.ok(preferred, `no fix for ${warning.code} ${warning.message}`);
  return { title: preferred.title, text: applyEdits(sql, preferred.edits) };
}

async function runs(sql: string, call: string): Promise<string> {
  const db = await createDatabase(`plpgsql_fix_${Math.random().toString(36).slice(2, 8)}`);
  const client = await db.connect();
  try {
    await client.query(sql);
    await client.query(call);
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  } finally {
    await client.end();
    await db.drop();
  }
}

describe('PL/pgSQL bodies: editor features', function () {
  before(async function () {
    this.timeout(180_000);
    await loadParser();
    await startPostgres();
  });

  it('did-you-mean in a body: the fixed function runs and nothing is reported', async function () {
    assert.strictEqual(await runs(misspelled, 'SELECT invoice_total(1)'), '42703');
    const { title, text } = fixed(misspelled);
    assert.strictEqual(title, 'Change to `amount`');
    assert.deepStrictEqual(bodyWarnings(text), []);
    assert.strictEqual(await runs(text, 'SELECT invoice_total(1)'), 'ok');
  });

  it('qualify an ambiguous reference: the variable/column conflict is gone', async function () {
    assert.strictEqual(await runs(ambiguous, 'SELECT * FROM lines()'), '42702');
    const { title, text } = fixed(ambiguous);
    assert.strictEqual(title, 'Qualify as `li.id`');
    assert.deepStrictEqual(bodyWarnings(text), []);
    assert.strictEqual(await runs(text, 'SELECT * FROM lines()'), 'ok');
  });

  it('hover and definition on a column and on variables inside a body', function () {
    const sql = misspelled.replace('li.amont', 'li.amount');
    const analysis = analyzeDocument(sql, emptyCatalog(), 'f.sql');
    const column = sql.indexOf('li.amount') + 4;
    assert.match(hover(analysis, column)?.contents ?? '', /^\*\*column\*\* `amount` numeric of table `line_items`/);
    assert.deepStrictEqual(definition(analysis, column)?.span, { start: sql.indexOf('amount numeric'), end: sql.indexOf('amount numeric') + 6 });
    assert.strictEqual(hover(analysis, sql.indexOf('= p_invoice') + 3)?.contents, '**variable** `p_invoice` bigint');
    assert.strictEqual(hover(analysis, sql.indexOf('RETURN s') + 7)?.contents, '**variable** `s` numeric');
  });

  it('completion of a qualified column inside a body', function () {
    const sql = misspelled.replace('li.amont', 'li.');
    const analysis = analyzeDocument(sql, emptyCatalog(), 'f.sql');
    const labels = complete(analysis, sql.indexOf('li.)') + 3).items.map((i) => i.label);
    assert.deepStrictEqual(labels.slice(0, 4).sort(), ['amount', 'id', 'invoice_id', 'qty']);
  });
});
