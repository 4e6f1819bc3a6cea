/**
 * `node out/bench/throughput.js`: only issue 17's throughput figures of `npm run bench` (CLI start-up CPU next
 * to `node -e 0`; `check` CPU of the 5,000-line file next to squawk; the whole `check` process on it next to
 * postgres-language-server with its database; the cold check next to the parser alone; one huge INSERT next to both peers), printed as the
 * README's table with its machine line. BENCH_QUICK=1 for the small workload.
 */
import * as os from 'os';
import { measureCliCheck } from './measure/cli';
import { measureColdCheck } from './measure/coldCheck';
import { measureHugeStatement } from './measure/hugeStatement';
import { measureCheckCpu, measureStartup } from './measure/startup';
import { runPart } from './part';
import { findPeer } from './peer';
import { QUICK } from './plan';
import { currentCommit, describeMachine, formatTable } from './report';
import { repoRoot } from '../test/lsp/serverProcess';
import { startPostgres } from '../test/support/postgres';
import { createProject } from './workloads/project';

runPart(
  'throughput',
  async (workDir, plan) => {
    const load = os.loadavg()[0];
    const peer = findPeer();
    const s = plan.startup.checkCpu;
    const project = await createProject(workDir, s.tables, [{ lines: s.lines, variants: 1 }], 20261125);
    const figures = [
      ...(await measureStartup(plan.startup.repetitions, peer)),
      ...measureCheckCpu(project, s.lines, s.repetitions),
      ...measureCliCheck(project, s.lines, Math.max(1, Math.round(s.repetitions / 2)), peer),
      measureColdCheck(plan.coldCheck.tables, plan.coldCheck.lines, plan.coldCheck.repetitions),
      ...(await measureHugeStatement(workDir, plan.hugeStatement.rows, plan.hugeStatement.repetitions, peer)),
    ];
    const machine = describeMachine(String((await startPostgres()).version), peer.version, load);
    console.log(formatTable({ date: new Date().toISOString().slice(0, 10), commit: currentCommit(repoRoot), quick: plan === QUICK, machine, figures }));
    return [];
  },
);
