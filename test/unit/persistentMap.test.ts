import * as assert from 'assert';
import { PersistentMap } from '../../server/src/analysis/catalog/persistentMap';
import { Random } from '../incremental/edits';

/**
 * The catalog's persistent map against a plain Map (the oracle): random sets and deletes, on many versions
 * at once; `changedKeys` between any two versions equals the keys whose values differ.
 */
describe('PersistentMap', () => {
  it('agrees with a Map after 20,000 random sets and deletes, and every old version stays as it was', () => {
    const rng = new Random(7);
    const versions: { persistent: PersistentMap<number>; plain: Map<string, number> }[] = [{ persistent: PersistentMap.empty(), plain: new Map() }];
    for (let step = 0; step < 20_000; step++) {
      const from = versions[rng.int(versions.length)];
      const key = `k${rng.int(300)}`;
      const next = new Map(from.plain);
      let persistent: PersistentMap<number>;
      if (rng.chance(0.35)) {
        next.delete(key);
        persistent = from.persistent.delete(key);
      } else {
        next.set(key, step);
        persistent = from.persistent.set(key, step);
      }
      versions.push({ persistent, plain: next });
      if (versions.length > 40) versions.splice(rng.int(versions.length - 1), 1);
    }
    for (const v of versions) {
      assert.strictEqual(v.persistent.size, v.plain.size);
      assert.deepStrictEqual([...v.persistent].sort(), [...v.plain].sort());
      for (let k = 0; k < 300; k++) assert.strictEqual(v.persistent.get(`k${k}`), v.plain.get(`k${k}`));
    }
    for (let i = 0; i < 200; i++) {
      const a = versions[rng.int(versions.length)];
      const b = versions[rng.int(versions.length)];
      const expected = [...new Set([...a.plain.keys(), ...b.plain.keys()])].filter((k) => a.plain.get(k) !== b.plain.get(k)).sort();
      assert.deepStrictEqual(a.persistent.changedKeys(b.persistent, 1_000)?.sort(), expected);
    }
  });

  it('changedKeys gives up past its limit, and two versions a few edits apart compare without walking the map', () => {
    let m = PersistentMap.empty<number>();
    for (let k = 0; k < 5_000; k++) m = m.set(`t${k}`, k);
    const edited = m.set('t1', -1).delete('t2');
    assert.deepStrictEqual(m.changedKeys(edited, 10)?.sort(), ['t1', 't2']);
    const many = [...Array(20).keys()].reduce((x, k) => x.set(`t${k}`, -k - 1), m);
    assert.strictEqual(m.changedKeys(many, 10), undefined);
  });
});
