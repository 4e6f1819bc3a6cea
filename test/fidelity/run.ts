/**
 * `npm run fidelity [-- --misses] [-- --differences] [-- --only name,name] [-- --cached-oracle]`: the checker against PostgreSQL 15's regression
 * suite; prints the confusion table per SQLSTATE and every false positive; exit 1 below the floors
 * (floors.json). Writes .test-tmp/fidelity/report.json.
 */
import { stopPostgres } from '../support/postgres';
import { formatComparison } from './confusion';
import { belowFloors, readFloors, runFidelity } from './harness';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : undefined;
  const run = await runFidelity(only && ((n) => only.has(n)), args.includes('--cached-oracle'));
  const c = run.comparison;
  console.log(`${run.suite.version}: ${run.comparison.statements + c.abortedTransaction} statements compared, ${run.suite.tests.length} files in the schedule`);
  console.log(`oracle ${(run.oracleMs / 1000).toFixed(1)} s (${run.oracleStatements} statements run), checker ${(run.checkerMs / 1000).toFixed(1)} s`);
  console.log(formatComparison(c, { misses: args.includes('--misses'), differences: args.includes('--differences') }));
  const floors = readFloors();
  const below = only ? [] : belowFloors(c, floors);
  console.log('');
  console.log(
    `names (42703/42P01/42702): precision ${(100 * c.names.precision).toFixed(1)}%, recall ${(100 * c.names.recall).toFixed(1)}% ` +
      `(floors ${(100 * floors.precision).toFixed(1)}% / ${(100 * floors.recall).toFixed(1)}%)`,
  );
  for (const b of below) console.log(`BELOW FLOOR: ${b}`);
  return below.length || c.crashes.length ? 1 : 0;
}

main()
  .then(async (code) => {
    await stopPostgres();
    process.exit(code);
  })
  .catch(async (e) => {
    console.error((e as Error).stack ?? String(e));
    await stopPostgres().catch(() => undefined);
    process.exit(1);
  });
