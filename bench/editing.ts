/**
 * `node out/bench/editing.js`: only the editing-session figures of `npm run bench` (issue 11), for a quick
 * look while working on the incremental path. BENCH_QUICK=1 for the small workload, BENCH_NO_PEER=1 for ours only.
 */
import { editingFigures, measureEditing } from './measure/editLatency';
import { runPart } from './part';
import { findPeer } from './peer';
import { createProject } from './workloads/project';

runPart('editing', async (workDir, plan) => {
  const e = plan.editing;
  const peer = findPeer();
  const project = await createProject(workDir, e.tables, [{ lines: e.lines, variants: 1 }], 20261125);
  const ours = await measureEditing(undefined, project, e.lines, e.plan);
  const theirs = process.env.BENCH_NO_PEER === '1' ? { na: 'BENCH_NO_PEER=1' } : await measureEditing([peer.binary, 'lsp-proxy'], project, e.lines, e.plan).catch((err: Error) => ({ na: err.message }));
  return editingFigures(e.lines, e.tables, e.plan, ours, theirs);
});
