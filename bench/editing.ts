/**
 * `node out/bench/editing.js`: only the editing-session figures of `npm run bench` (issue 11), for a quick
 * look while working on the incremental path. BENCH_QUICK=1 for the small workload.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPostgres, stopPostgres } from '../test/support/postgres';
import { editingFigures, measureEditing } from './measure/editLatency';
import { findPeer } from './peer';
import { FULL, QUICK } from './plan';
import { createProject } from './workloads/project';

async function main(): Promise<void> {
  const e = (process.env.BENCH_QUICK === '1' ? QUICK : FULL).editing;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-bench-editing-'));
  process.env.XDG_CACHE_HOME = path.join(workDir, 'peer-cache');
  try {
    const peer = findPeer();
    await startPostgres();
    const project = await createProject(workDir, e.tables, [{ lines: e.lines, variants: 1 }], 20261125);
    const ours = await measureEditing(undefined, project, e.lines, e.plan);
    const skipPeer = process.env.BENCH_NO_PEER === '1';
    const theirs = skipPeer ? { na: 'BENCH_NO_PEER=1' } : await measureEditing([peer.binary, 'lsp-proxy'], project, e.lines, e.plan).catch((err: Error) => ({ na: err.message }));
    for (const f of editingFigures(e.lines, e.tables, e.plan, ours, theirs)) console.log(JSON.stringify(f));
  } finally {
    await stopPostgres();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
