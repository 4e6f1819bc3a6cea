/**
 * The differential edit harness, in process: seeded edit sequences (typing with pauses, deletions, pastes,
 * moves, whole-document changes, undo/redo, across statement boundaries, in `$$` bodies, comments and
 * unterminated strings), each paused version analysed incrementally from the one before and compared with a
 * fresh analysis of the same text. A mismatch is shrunk and printed as a regression case to save in
 * test/fixtures/edit-regressions (`npm run fuzz` saves them itself).
 */
import * as assert from 'assert';
import { loadParser } from '../../server/src/analysis';
import { baseCatalog, type BaseName } from './bases';
import { applyChanges } from './edits';
import { firstMismatch, loadEditRegressions } from './differential';
import { runSeeded } from './seeded';

describe('incremental analysis equals a fresh analysis (in process)', function () {
  this.timeout(600_000);
  before(async () => {
    await loadParser();
  });

  it('the reproduction of the typing-pause defect: three pause points, each the same as a fresh check', () => {
    const target = 'select t.nam from teams t;';
    for (const pauseAfter of ['select ', 'select t.', 'select t.nam from ']) {
      let text = '';
      const texts = [''];
      for (const c of target) {
        text += c;
        if (text === pauseAfter) texts.push(text);
      }
      texts.push(text);
      assert.strictEqual(firstMismatch(texts, baseCatalog('teams'), 'migrations/002_new.sql', 8), undefined, `pause after ${JSON.stringify(pauseAfter)}`);
    }
    // And a statement typed before a valid one leaves the valid one valid.
    const prefixed = ['select 1;\n', 'select 1;\nselect ', 'select 1;\nselect t.nam from teams t;'];
    assert.strictEqual(firstMismatch(prefixed, baseCatalog('teams'), 'migrations/002_new.sql', 8), undefined);
  });

  it('every saved regression case analyses the same incrementally and fresh', () => {
    const cases = loadEditRegressions();
    for (const { file, regression } of cases) {
      const mismatch = firstMismatch(regression.texts, baseCatalog(regression.base as BaseName), regression.file, 8);
      assert.strictEqual(mismatch, undefined, `${file}: ${mismatch?.what}`);
    }
  });

  it('2,500 seeded edit steps: no mismatch at any quiet period', () => {
    const { made, checkpoints, failures } = runSeeded(1, 2500, 250);
    console.log(`      ${made} edit steps, ${checkpoints} quiet periods compared, ${failures.length} mismatches`);
    assert.ok(made >= 2500);
    assert.deepStrictEqual(failures, []);
  });

  /**
   * Heap growth (after GC) over 300 edits of a 20,000-line file of queries: `edit(text, k)` makes version k
   * (each a new version of the text, about 0.5 MB, and a statement cut from it). Returns the MB and the end.
   */
  function heapGrowthOver300Edits(prepare: (text: string) => string, edit: (text: string, k: number) => string): { grown: number; analysis: import('../../server/src/analysis').DocumentAnalysis } {
    const v8 = require('v8') as typeof import('v8');
    const vm = require('vm') as typeof import('vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const { analyzeDocument } = require('../../server/src/analysis') as typeof import('../../server/src/analysis');
    const base = baseCatalog('teams');
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(`select t.id, t.name from teams t where t.id = ${i};`, `-- note ${i}`);
    let text = prepare(lines.join('\n'));
    let analysis = analyzeDocument(text, base, 'q.sql');
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let k = 0; k < 300; k++) {
      text = edit(text, k);
      analysis = analyzeDocument(text, base, 'q.sql', analysis);
    }
    gc();
    return { grown: (process.memoryUsage().heapUsed - before) / 1e6, analysis };
  }

  it('keeps nothing of a superseded version: 300 edits of a 20,000-line file grow the heap by less than 10 MB', () => {
    let at = 0;
    const { grown, analysis } = heapGrowthOver300Edits(
      (t) => ((at = t.indexOf('t.id = 5000;') + 7), t),
      (text, k) => text.slice(0, at) + String(k % 10) + text.slice(at),
    );
    console.log(`      heap grew by ${grown.toFixed(1)} MB over 300 edits`);
    assert.ok(analysis.problems.length === 0);
    assert.ok(grown < 10, `heap grew by ${grown.toFixed(1)} MB`);
  });

  it('typing through syntax errors keeps nothing either: 300 edits, each a new broken statement', () => {
    // A statement that does not parse is cached by its text like one that does; the cached error must not
    // hold what the parse's call stack held (the whole document text of that version): 0.65 MB an edit here.
    let end = 0;
    const { grown, analysis } = heapGrowthOver300Edits(
      (t) => ((end = t.indexOf('t.id = 5000;') + 't.id = 5000 and t.'.length), t.replace('t.id = 5000;', 't.id = 5000 and t.;')),
      // `and t.0`, `and t.1`, …, `and t.299`: every version a distinct statement the parser rejects.
      (text, k) => text.slice(0, end) + String(k) + text.slice(end + (k > 0 ? String(k - 1).length : 0)),
    );
    console.log(`      heap grew by ${grown.toFixed(1)} MB over 300 edits with a syntax error`);
    assert.strictEqual(analysis.problems.filter((p) => p.code === '42601').length, 1);
    assert.ok(grown < 10, `heap grew by ${grown.toFixed(1)} MB`);
  });

  it('a typo that makes a view fail, with failing views after it: each later failure is replayed, and the result is a fresh analysis', () => {
    // A later view that fails too changes the sets of rejected and uncertain names, in the new session as in
    // the old: the replay carries the new sets on (sessionDelta.ts, changedNameSets) instead of analysing it again.
    const tail =
      'create view v2 as select nope from teams;\n' +
      'select * from v2;\n' +
      'create view v3 as select id, name from teams;\n' +
      'create view v4 as select missing from projects;\n' +
      'select * from v1 join v4 on true;\n' +
      'create table later (id int);\n' +
      'select v3.name, later.id from v3, later;\n';
    const texts = ['name', 'namx', 'name', 'nam', 'nme', 'name'].map((column) => `create view v1 as select id, ${column} from teams;\n${tail}`);
    assert.strictEqual(firstMismatch(texts, baseCatalog('teams'), 'migrations/002_views.sql', 8), undefined);
  });

  it('the harness itself sees a defect: a reparse that keeps a stale statement is caught', () => {
    // Guard against a harness that cannot fail: two different texts must compare as different.
    const base = baseCatalog('teams');
    const m = firstMismatch(['select 1;'], base, 'x.sql');
    assert.strictEqual(m, undefined);
    const { compare } = require('./differential') as typeof import('./differential');
    const { analyzeDocument } = require('../../server/src/analysis') as typeof import('../../server/src/analysis');
    const diff = compare(analyzeDocument('select t.nam from teams t;', base), analyzeDocument('select t.name from teams t;', base));
    assert.ok(diff, 'different texts must differ');
    assert.strictEqual(applyChanges('abc', [{ start: 1, end: 2, text: 'X' }, { start: 0, end: 0, text: '>' }]), '>aXc');
  });
});
