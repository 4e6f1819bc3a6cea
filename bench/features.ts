/**
 * `node out/bench/features.js`: only the language-server figures of `npm run bench` (issue 16: each
 * request's latency, p50/p99, on the 5,000-line file over 2,000 tables, next to postgres-language-server),
 * for a look without the whole run. BENCH_QUICK=1 for the small workload.
 */
import { lspFigures, measureServer } from './measure/lsp';
import { runPart } from './part';
import { findPeer } from './peer';
import { createProject } from './workloads/project';

runPart('features', async (workDir, plan) => {
  const l = plan.lsp.find((x) => x.plan.queries > 0)!;
  const peer = findPeer();
  const project = await createProject(workDir, l.tables, [{ lines: l.lines, variants: l.plan.opens }], 20261125);
  const ours = await measureServer(undefined, project, l.lines, l.plan);
  const theirs = await measureServer([peer.binary, 'lsp-proxy'], project, l.lines, l.plan);
  return lspFigures(l.tables, l.lines, true, ours, theirs);
});
