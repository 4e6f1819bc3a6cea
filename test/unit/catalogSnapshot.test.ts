/**
 * The replay cache's catalogs (analysis/catalog/snapshot.ts) against a fresh replay, the oracle: the catalog
 * after each file of real histories (../shared/corpus, the sample project), written with `v8.serialize` and
 * read back, must be the replay's catalog field for field, share what the replay's catalogs share, and make
 * the analysis of every file of the history report exactly what it reports against the replay's catalog.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog, type Problem } from '../../server/src/analysis';
import type { Relation } from '../../server/src/analysis/catalog/types';
import { catalogsOf, NotPlainData, snapshotOf } from '../../server/src/analysis/catalog/snapshot';
import { withRelation } from '../../server/src/analysis/catalog/edit';
import { newRelation } from '../../server/src/analysis/statements/createTable';
import { repoRoot } from '../postgres/parityFormat';

const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');

function histories(): { name: string; files: string[] }[] {
  const corpus = fs.existsSync(CORPUS)
    ? fs
        .readdirSync(CORPUS, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => ({
          name: d.name,
          files: fs.readdirSync(path.join(CORPUS, d.name)).filter((f) => /^\d+.*\.sql$/.test(f)).sort().map((f) => path.join(CORPUS, d.name, f)),
        }))
    : [];
  const sample = path.join(repoRoot(), 'examples', 'sample-project', 'database', 'migrations');
  return [...corpus, { name: 'sample-project', files: fs.readdirSync(sample).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(sample, f)) }];
}

/** Everything a catalog says, in one order: maps and sets sorted, an origin by where it stands now. */
function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Set) return { set: [...value].map(canonical).sort(byJson) };
  if (typeof (value as ReadonlyMap<unknown, unknown>).entries === 'function' && typeof (value as ReadonlyMap<unknown, unknown>).get === 'function') {
    return { map: [...(value as ReadonlyMap<unknown, unknown>).entries()].map(([k, v]) => [k, canonical(v)]).sort(byJson) };
  }
  if (Array.isArray(value)) return value.map(canonical);
  const o = value as Record<string, unknown>;
  // An origin of an analysed document keeps its place in getters.
  if (typeof o.file === 'string' && 'span' in o && 'line' in o) return { file: o.file, span: { ...(o.span as object) }, line: o.line };
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, canonical(o[k])]));
}
const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

function problemsOf(problems: Problem[]): string[] {
  return problems.map((p) => `${p.span.start}-${p.span.end} ${p.severity} ${p.code} ${p.message} ${p.hint ?? ''} ${(p.replacements ?? []).join(',')}`);
}

describe('catalog snapshot (the replay cache) against a fresh replay', function () {
  this.timeout(300_000);
  before(loadParser);

  it('has histories to compare', () => {
    assert.ok(histories().length >= 2, `no history under ${CORPUS}`);
  });

  for (const history of histories()) {
    it(`${history.name}: every catalog reads back as replayed, and every file reports the same problems against it`, () => {
      const texts = history.files.map((f) => fs.readFileSync(f, 'utf8'));
      const replayed: Catalog[] = [];
      let catalog = emptyCatalog();
      for (let i = 0; i < texts.length; i++) replayed.push((catalog = analyzeDocument(texts[i], catalog, history.files[i]).catalogAfter));
      const restored = catalogsOf(v8.deserialize(v8.serialize(snapshotOf(replayed))));
      assert.strictEqual(restored.length, replayed.length);
      for (let i = 0; i < replayed.length; i++) {
        assert.deepStrictEqual(canonical(restored[i]), canonical(replayed[i]), `catalog after ${path.basename(history.files[i])}`);
      }
      // What one catalog shares with the next (the relations no file touched) is shared again.
      for (let i = 1; i < replayed.length; i++) {
        const shared = (c: Catalog[]) => [...(c[i].schemas.get('public')?.relations.values() ?? [])].filter((r) => c[i - 1].schemas.get('public')?.relations.get(r.name) === r).length;
        assert.strictEqual(shared(restored), shared(replayed), `relations shared by the catalogs after ${path.basename(history.files[i - 1])} and ${path.basename(history.files[i])}`);
      }
      // The behavioural oracle: each file against the catalog before it, replayed and read back.
      for (let i = 1; i < texts.length; i++) {
        const fresh = analyzeDocument(texts[i], replayed[i - 1], history.files[i]);
        const cached = analyzeDocument(texts[i], restored[i - 1], history.files[i]);
        assert.deepStrictEqual(problemsOf(cached.problems), problemsOf(fresh.problems), path.basename(history.files[i]));
        assert.deepStrictEqual(canonical(cached.catalogAfter), canonical(fresh.catalogAfter), `catalog after ${path.basename(history.files[i])}, analysed on the read-back catalog`);
      }
    });
  }

  it('refuses what is not plain data, so that such a catalog is not written at all', () => {
    const table = newRelation('public', 't', 'table');
    const withFunction = withRelation(emptyCatalog(), { ...table, columns: [{ name: 'a', type: 'int', nullable: true, default: (() => 'x') as unknown as string }] });
    assert.throws(() => snapshotOf([withFunction]), NotPlainData);
    class Opaque {}
    const withObject = withRelation(emptyCatalog(), { ...table, origin: new Opaque() as unknown as Relation['origin'] });
    assert.throws(() => snapshotOf([withObject]), NotPlainData);
    assert.throws(() => catalogsOf({ catalogs: [{ schemas: 'x' }] }), NotPlainData);
  });
});
