/**
 * One part of `npm run bench` run alone (`node out/bench/editing.js`, `node out/bench/features.js`): a work
 * folder, the peer's cache inside it, the test PostgreSQL for the generated project; the figures as JSON lines.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPostgres, stopPostgres } from '../test/support/postgres';
import type { Figure } from './figures';
import { FULL, QUICK, type Plan } from './plan';

export function runPart(name: string, measure: (workDir: string, plan: Plan) => Promise<Figure[]>): void {
  const run = async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `schemasense-bench-${name}-`));
    process.env.XDG_CACHE_HOME = path.join(workDir, 'peer-cache');
    try {
      await startPostgres();
      for (const f of await measure(workDir, process.env.BENCH_QUICK === '1' ? QUICK : FULL)) console.log(JSON.stringify(f));
    } finally {
      await stopPostgres();
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  };
  run().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
