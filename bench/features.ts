/**
 * `node out/bench/features.js`: only the language-server figures of `npm run bench` (issue 16: each
 * request's latency, p50/p99, on the 5,000-line file over 2,000 tables, next to postgres-language-server),
 * for a look without the whole run. BENCH_QUICK=1 for the small workload.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPostgres, stopPostgres } from '../test/support/postgres';
import { lspFigures, measureServer } from './measure/lsp';
import { findPeer } from './peer';
import { FULL, QUICK } from './plan';
import { createProject } from './workloads/project';

async function main(): Promise<void> {
  const l = (process.env.BENCH_QUICK === '1' ? QUICK : FULL).lsp.find((x) => x.plan.queries > 0)!;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-bench-features-'));
  process.env.XDG_CACHE_HOME = path.join(workDir, 'peer-cache');
  try {
    const peer = findPeer();
    await startPostgres();
    const project = await createProject(workDir, l.tables, [{ lines: l.lines, variants: l.plan.opens }], 20261125);
    const ours = await measureServer(undefined, project, l.lines, l.plan);
    const theirs = await measureServer([peer.binary, 'lsp-proxy'], project, l.lines, l.plan);
    for (const f of lspFigures(l.tables, l.lines, true, ours, theirs)) console.log(JSON.stringify(f));
  } finally {
    await stopPostgres();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
