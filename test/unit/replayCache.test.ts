import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { emptyCatalog, type Catalog } from '../../server/src/analysis';
import { withRelation } from '../../server/src/analysis/catalog/edit';
import { newRelation } from '../../server/src/analysis/statements/createTable';
import { diskReplayCache, type Replay } from '../../server/src/project/replayCache';

/**
 * The replay cache's folder (project/replayCache.ts) in process: what it keeps, for which build, and how many.
 * The CLI's use of it is test/cli/replayCache.test.ts.
 */
describe('replay cache folder', function () {
  let dir: string;
  const build = 'a'.repeat(64);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-replay-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const replay = (n: number): Replay => ({ tools: '', files: [{ path: `/project${n}/migrations/001.sql`, text: `create table t${n} (a int);` }] });
  const catalog = (n: number): Catalog => withRelation(emptyCatalog(), newRelation('public', `t${n}`, 'table'));
  const entries = () => fs.readdirSync(dir).filter((f) => f.endsWith('.replay'));

  it('gives back what was kept for the same files and build, and nothing for another build', () => {
    const cache = diskReplayCache(dir, build);
    assert.strictEqual(cache.read(replay(1)), undefined);
    cache.write(replay(1), [catalog(1)]);
    const read = diskReplayCache(dir, build).read(replay(1));
    assert.ok(read?.[0].schemas.get('public')?.relations.has('t1'));
    assert.strictEqual(diskReplayCache(dir, build).read(replay(2)), undefined, 'other texts');
    assert.strictEqual(diskReplayCache(dir, 'b'.repeat(64)).read(replay(1)), undefined, 'another build');
    // Another text of the same length: the entry's name, not its history.
    const same = { ...replay(1), files: [{ ...replay(1).files[0], text: replay(1).files[0].text.replace('a int', 'b int') }] };
    assert.strictEqual(diskReplayCache(dir, build).read(same), undefined, 'a text of the same length');
    assert.ok(diskReplayCache(dir, build).read(replay(1)), 'still there for its own history');
  });

  it('keeps the 32 most recently used entries', () => {
    const cache = diskReplayCache(dir, build);
    const start = Date.now() / 1000 - 1000;
    for (let n = 0; n < 40; n++) {
      const before = new Set(entries());
      cache.write(replay(n), [catalog(n)]);
      const added = entries().filter((f) => !before.has(f));
      assert.strictEqual(added.length, 1, `entry ${n} written`);
      // One second apart, so that "most recently used" has one order.
      fs.utimesSync(path.join(dir, added[0]), start + n, start + n);
    }
    assert.strictEqual(entries().length, 32);
    const fresh = diskReplayCache(dir, build);
    for (let n = 0; n < 40; n++) assert.strictEqual(fresh.read(replay(n)) !== undefined, n >= 8, `entry ${n}`);
  });
});
