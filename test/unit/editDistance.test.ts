import * as assert from 'assert';
import { editDistance, nearSpellings } from '../../server/src/analysis/diagnostics/nearSpelling';
import { Random } from '../incremental/edits';

/** The textbook optimal-string-alignment distance (full matrix), the reference for the banded one. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('edit distance (did-you-mean)', () => {
  it('equals the full-matrix distance, and with a bound answers bound + 1 for anything farther', () => {
    const rng = new Random(20261201);
    const word = () => Array.from({ length: rng.int(9) }, () => 'abcde_'[rng.int(6)]).join('');
    for (let k = 0; k < 5000; k++) {
      const a = word();
      const b = rng.int(3) === 0 ? a.slice(0, rng.int(a.length + 1)) + word().slice(0, 2) : word();
      const exact = reference(a, b);
      assert.strictEqual(editDistance(a, b), exact, `${a} / ${b}`);
      for (const max of [0, 1, 2, 3]) assert.strictEqual(editDistance(a, b, max), Math.min(exact, max + 1), `${a} / ${b} within ${max}`);
    }
  });

  it('suggests the names within two edits, closest first, and nothing for short names', () => {
    assert.deepStrictEqual(nearSpellings('custmer_id', ['customer_id', 'customers', 'id', 'cust_id', 'customer_ids']), ['customer_id', 'customer_ids']);
    assert.deepStrictEqual(nearSpellings('ab', ['abc', 'ab_']), []);
  });
});
