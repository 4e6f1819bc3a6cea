/**
 * CI's fidelity check: the checker against PostgreSQL 15's regression suite (test/fidelity/harness.ts), held
 * to the floors of floors.json for the name diagnostics (42703, 42P01, 42702 together): precision, recall,
 * and PostgreSQL's words and place on the true positives.
 *
 * The suite must be there (`bash scripts/fidelity-sources.sh`, which .ci/run runs): without it this test
 * fails, loudly, rather than skip: a floor that is not measured guards nothing.
 */
import * as assert from 'assert';
import { formatComparison } from './confusion';
import { belowFloors, readFloors, runFidelity } from './harness';

describe('fidelity: PostgreSQL 15 regression suite as the oracle', function () {
  it('name diagnostics hold the precision and recall floors', async function () {
    this.timeout(20 * 60_000);
    const run = await runFidelity();
    const c = run.comparison;
    const floors = readFloors();
    const summary =
      `${run.suite.version}: ${c.statements} statements compared; names precision ${(100 * c.names.precision).toFixed(1)}% ` +
      `(floor ${(100 * floors.precision).toFixed(1)}%), recall ${(100 * c.names.recall).toFixed(1)}% (floor ${(100 * floors.recall).toFixed(1)}%); ` +
      `${c.falsePositives.length} false positives of any code; of ${c.agreement.tp} name TPs, ${c.agreement.sameWords} in PostgreSQL's words, ` +
      `${c.agreement.samePlace} of the ${c.agreement.placed} it placed in its place`;
    console.log(`      ${summary}`);
    assert.deepStrictEqual(c.crashes, [], 'the checker threw on a regression test file');
    const below = belowFloors(c, floors);
    if (below.length) assert.fail(`${below.join('; ')}\n${formatComparison(c, { differences: true })}`);
  });
});
