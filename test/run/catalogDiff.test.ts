/** The schema changes of a run, from the catalogs before and after it (run/catalogDiff.ts): pure. */
import * as assert from 'assert';
import type { Catalog, Column, Relation } from '../../server/src/analysis';
import { diffCatalogs, describeChange } from '../../server/src/run/catalogDiff';

const col = (name: string, type = 'integer', nullable = true): Column => ({ name, type, nullable });
const rel = (name: string, columns: Column[], kind: Relation['kind'] = 'table'): Relation => ({ schema: 'public', name, kind, columns, open: false, uniqueKeys: [], foreignKeys: [] });
function catalog(...relations: Relation[]): Catalog {
  return {
    schemas: new Map([['public', { name: 'public', closed: true, relations: new Map(relations.map((r) => [r.name, r])), functions: new Map(), types: new Map() }]]),
    uncertainNames: new Set(),
  };
}
const lines = (before: Catalog, after: Catalog) => diffCatalogs(before, after).map(describeChange);

describe('schema changes (catalog diff)', () => {
  it('lists relations added and dropped, with their kind', () => {
    assert.deepStrictEqual(lines(catalog(rel('old', [col('a')])), catalog(rel('t', [col('id'), col('b', 'text')]), rel('v', [col('id')], 'view'))), [
      '+ table t (2 columns)',
      '+ view v (1 column)',
      '- table old',
    ]);
  });

  it('tells a renamed relation by its unchanged columns', () => {
    assert.deepStrictEqual(lines(catalog(rel('token', [col('id'), col('hash', 'text')])), catalog(rel('api_token', [col('id'), col('hash', 'text')]))), [
      '~ table token renamed to api_token',
    ]);
  });

  it('lists columns added, dropped, retyped and made NOT NULL', () => {
    const before = catalog(rel('t', [col('id'), col('gone', 'text'), col('n'), col('x', 'integer', true)]));
    const after = catalog(rel('t', [col('id'), col('n', 'bigint'), col('x', 'integer', false), col('added', 'jsonb')]));
    assert.deepStrictEqual(lines(before, after), ['+ column t.added jsonb', '~ column t.n: integer → bigint', '~ column t.x: now NOT NULL', '- column t.gone']);
  });

  it('tells a renamed column by its place and type, even after another column was dropped', () => {
    const before = catalog(rel('keys', [col('id'), col('dropped'), col('token_hash', 'text'), col('created', 'timestamptz')]));
    const after = catalog(rel('keys', [col('id'), col('secret_hash', 'text'), col('created', 'timestamptz')]));
    assert.deepStrictEqual(lines(before, after), ['~ column keys.token_hash renamed to secret_hash', '- column keys.dropped']);
  });

  it('lists schemas added and dropped, and nothing for an unchanged catalog', () => {
    const withAudit: Catalog = { ...catalog(), schemas: new Map([...catalog().schemas, ['audit', { name: 'audit', closed: true, relations: new Map(), functions: new Map(), types: new Map() }]]) };
    assert.deepStrictEqual(lines(catalog(), withAudit), ['+ schema audit']);
    assert.deepStrictEqual(lines(withAudit, catalog()), ['- schema audit']);
    assert.deepStrictEqual(lines(withAudit, withAudit), []);
  });
});
