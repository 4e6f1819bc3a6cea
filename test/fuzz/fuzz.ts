import * as path from 'path';
import { CoreTarget } from './coreTarget';
import { InputStream, type FuzzInput } from './mutations';
import { confirmed } from './outcome';
import { saveRegression, type Regression } from './regressions';
import { loadSeeds } from './seeds';
import { ServerTarget } from './serverTarget';

export interface FuzzOptions {
  seed: number;
  /** Inputs for `analyzeDocument` (in a worker), then for the server over stdio: the next ones of the same stream. */
  coreInputs: number;
  serverInputs: number;
  /** Documents in flight at once in the server. */
  concurrency?: number;
  log(message: string): void;
}

export interface FuzzReport {
  executed: { core: number; server: number };
  /** Each failure, with the regression file that holds it (one file per distinct bug). */
  failures: { target: Regression['target']; input: FuzzInput; error: string; file: string }[];
  seconds: number;
}

/** A bounded, seeded fuzz run over both targets; failures are saved under test/fixtures/fuzz-regressions/. */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const seeds = await loadSeeds();
  options.log(`fuzz: seed ${options.seed}; ${seeds.statements.length} real statements from ${seeds.sources.join(', ')}`);
  const stream = new InputStream(seeds.statements, options.seed);
  const report: FuzzReport = { executed: { core: 0, server: 0 }, failures: [], seconds: 0 };
  const fail = (target: Regression['target'], input: FuzzInput, failure: Parameters<typeof saveRegression>[3]) => {
    const file = saveRegression(target, options.seed, input, failure);
    report.failures.push({ target, input, error: failure.error, file });
    options.log(`fuzz: ${target} ${failure.kind} on input ${input.index} (${input.mutations.join(', ')}): ${failure.error.split('\n')[0]} → ${path.basename(file)}`);
  };

  const core = await CoreTarget.start(seeds.catalogFiles);
  try {
    for (let i = 0; i < options.coreInputs; i++) {
      const input = stream.next();
      const outcome = await confirmed(() => core.run(input.text));
      report.executed.core++;
      if ('kind' in outcome) fail('core', input, outcome);
      if ((i + 1) % 50_000 === 0) options.log(`fuzz: ${i + 1} core inputs`);
    }
  } finally {
    await core.stop();
  }

  if (options.serverInputs > 0) {
    const server = await ServerTarget.start(seeds.catalogFiles);
    try {
      const inputs = Array.from({ length: options.serverInputs }, () => stream.next());
      const failures = await server.runAll(inputs, options.concurrency ?? 32);
      report.executed.server = inputs.length;
      for (const input of inputs) {
        const failure = failures.get(input.index);
        if (failure) fail('server', input, failure);
      }
    } finally {
      await server.stop();
    }
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
