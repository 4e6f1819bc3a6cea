import * as assert from 'assert';
import { CoreTarget } from './coreTarget';
import { confirmed } from './outcome';
import { loadRegressions } from './regressions';
import { loadSeeds } from './seeds';
import { ServerTarget } from './serverTarget';

/** Every input a fuzz run saved (test/fixtures/fuzz-regressions/), replayed on the core and on the server. */
describe('fuzz regressions', function () {
  this.timeout(120_000);
  const regressions = loadRegressions();
  let core: CoreTarget;
  let server: ServerTarget;

  before(async function () {
    if (regressions.length === 0) return;
    const seeds = await loadSeeds();
    core = await CoreTarget.start(seeds.catalogFiles);
    server = await ServerTarget.start(seeds.catalogFiles);
  });

  after(async () => {
    await core?.stop();
    await server?.stop();
  });

  for (const { file, regression } of regressions) {
    it(`${file}: ${regression.kind} of the ${regression.target} (${regression.mutations.join(', ')})`, async () => {
      const outcomes = { core: await confirmed(() => core.run(regression.input)), server: await confirmed(() => server.run(regression.input, regression.original)) };
      const failed = Object.entries(outcomes).flatMap(([target, o]) => ('kind' in o ? [`${target}: ${o.kind}\n${o.error}`] : []));
      assert.ok(failed.length === 0, failed.join('\n\n'));
    });
  }
});
