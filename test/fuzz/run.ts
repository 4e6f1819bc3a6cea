/**
 * `npm run fuzz`: a bounded fuzz run of a few minutes. Environment: FUZZ_SEED (default: a new one,
 * printed, so that a run can be repeated), FUZZ_CORE_INPUTS, FUZZ_SERVER_INPUTS. Exit 1 when an input
 * crashed or hung a target; each such input is saved under test/fixtures/fuzz-regressions/.
 */
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
  process.exitCode = report.failures.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
