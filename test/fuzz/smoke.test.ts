import * as assert from 'assert';
import { fuzz } from './fuzz';

/**
 * A short, seeded fuzz run in every `npm test` (`npm run fuzz` runs longer, with new seeds): mutants of
 * real statements to the analysis core and to the bundled server over stdio. A failing input is saved
 * under test/fixtures/fuzz-regressions/ and from then on replayed by regressions.test.ts.
 */
describe('fuzz smoke run', function () {
  this.timeout(300_000);

  it('answers over 10,000 mutated statements, each within 1 s (plus 1 s a megabyte), with no exception escaping', async () => {
    const report = await fuzz({ seed: 20261125, coreInputs: 12_000, serverInputs: 500, log: () => undefined });
    const executed = report.executed.core + report.executed.server;
    console.log(`      fuzz: ${executed} inputs (${report.executed.core} to the core, ${report.executed.server} to the server) in ${report.seconds.toFixed(1)} s`);
    assert.ok(executed >= 10_000, `only ${executed} inputs ran`);
    assert.deepStrictEqual(
      report.failures.map((f) => `${f.target} input ${f.input.index} (${f.input.mutations.join(', ')}) → ${f.file}\n${f.error}`),
      [],
    );
  });
});
