/**
 * `npm run fuzz`: a bounded fuzz run of a few minutes. Environment: FUZZ_SEED (default: a new one,
 * printed, so that a run can be repeated), FUZZ_CORE_INPUTS, FUZZ_SERVER_INPUTS, FUZZ_EDIT_STEPS. Exit 1 when
 * an input crashed or hung a target (each saved under test/fixtures/fuzz-regressions/), or when the
 * differential edit harness found an incremental analysis that differs from a fresh one (each shrunk and
 * saved under test/fixtures/edit-regressions/).
 */
import { loadParser } from '../../server/src/analysis';
import { runSeeded } from '../incremental/seeded';
import { fuzz } from './fuzz';

const numberFrom = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

async function main(): Promise<void> {
  const seed = numberFrom('FUZZ_SEED', Date.now() % 2 ** 31);
  const report = await fuzz({
    seed,
    coreInputs: numberFrom('FUZZ_CORE_INPUTS', 200_000),
    serverInputs: numberFrom('FUZZ_SERVER_INPUTS', 5_000),
    log: (m) => console.log(m),
  });
  console.log(
    `fuzz: ${report.executed.core} inputs to the core and ${report.executed.server} to the server in ${Math.round(report.seconds)} s ` +
      `(seed ${seed}): ${report.failures.length ? `${report.failures.length} failures, saved in ${[...new Set(report.failures.map((f) => f.file))].join(', ')}` : 'no failure'}`,
  );
  await loadParser();
  const steps = numberFrom('FUZZ_EDIT_STEPS', 50_000);
  const edits = runSeeded(seed, steps, 400, true);
  console.log(`fuzz: ${edits.made} edit steps, ${edits.checkpoints} quiet periods compared with a fresh analysis: ${edits.failures.length} mismatches`);
  for (const f of edits.failures) console.log(f);
  process.exitCode = report.failures.length || edits.failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
