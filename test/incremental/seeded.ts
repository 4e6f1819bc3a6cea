/**
 * Seeded runs of the in-process differential edit harness: `npm test` runs a few thousand steps
 * (pure.test.ts), `npm run fuzz` many more, saving each shrunk mismatch as a regression case.
 */
import { baseCatalog, sample015, type BaseName } from './bases';
import { DEPENDENT_DDL, editScript, pausedTexts } from './edits';
import { firstMismatch, saveEditRegression, shrink } from './differential';

interface Run {
  base: BaseName;
  file: string;
  initial: () => string;
}

const RUNS: Run[] = [
  { base: 'teams', file: 'migrations/002_new.sql', initial: () => '' },
  { base: 'teams', file: 'queries/report.sql', initial: () => 'select t.id from teams t;\n\nselect 1;\n' },
  { base: 'sample-015', file: 'database/migrations/015_add_credits_to_customer_stats.sql', initial: sample015 },
  { base: 'teams', file: 'migrations/003_ddl.sql', initial: () => DEPENDENT_DDL },
];

/** Runs seeded scripts until `steps` edit steps were made; returns the counts and the shrunk failures. */
export function runSeeded(firstSeed: number, steps: number, stepsPerScript: number, save = !!process.env.SCHEMASENSE_SAVE_EDIT_REGRESSIONS) {
  let made = 0;
  let checkpoints = 0;
  const failures: string[] = [];
  for (let seed = firstSeed; made < steps; seed++) {
    const run = RUNS[seed % RUNS.length];
    const initial = run.initial();
    const script = editScript(seed, initial, { steps: Math.min(stepsPerScript, steps - made) });
    made += script.length;
    const texts = [initial, ...pausedTexts(initial, script)];
    checkpoints += texts.length;
    const base = baseCatalog(run.base);
    const mismatch = firstMismatch(texts, base, run.file);
    if (mismatch) {
      const minimal = shrink(texts.slice(0, mismatch.at + 1), base, run.file);
      const again = firstMismatch(minimal, base, run.file)!;
      if (save) saveEditRegression({ base: run.base, file: run.file, texts: minimal, found: `seed ${seed}: ${again.what}` });
      failures.push(
        `seed ${seed} (${run.base}): ${again.what} differs\n  incremental: ${again.incremental.slice(0, 400)}\n  fresh:       ${again.fresh.slice(0, 400)}\n` +
          `  regression case: ${JSON.stringify({ base: run.base, file: run.file, texts: minimal, found: `seed ${seed}` })}`,
      );
    }
  }
  return { made, checkpoints, failures };
}

