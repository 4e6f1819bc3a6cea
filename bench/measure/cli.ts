import { spawnSync } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { summarize, type Figure } from '../figures';
import type { Peer } from '../peer';
import type { BenchProject } from '../workloads/project';
import { repoRoot } from '../../test/lsp/serverProcess';

/** Wall time of one whole process; exit 0 or 1 (problems found) are both a normal end. */
function timeProcess(command: string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(command[0], command.slice(1), { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const millis = performance.now() - started;
  if (run.error || (run.status !== 0 && run.status !== 1)) {
    throw new Error(`${command.join(' ')} failed (status ${run.status}): ${run.error?.message ?? ''}\n${(run.stderr || run.stdout).slice(0, 2000)}`);
  }
  return millis;
}

/**
 * Figure 1: `check` of one file, whole process, with each tool's default output. Both tools read the
 * schema from the project's database; then ours replays the project's migration files instead (each time:
 * --no-cache), next to the peer with `--disable-db` (it then has no schema at all). The four commands alternate within each
 * repetition so that drift on the machine hits all alike.
 */
export function measureCliCheck(project: BenchProject, lines: number, repetitions: number, peer: Peer): Figure[] {
  const file = path.relative(project.dir, project.files(lines)[0]);
  const ours = [process.execPath, path.join(repoRoot, 'bin', 'schemasense.js'), 'check', file];
  const commands = {
    oursWithDb: [...ours, '--database-url', project.databaseUrl, '--schema-source', 'database'],
    peerWithDb: [peer.binary, 'check', file],
    oursFromMigrations: [...ours, '--no-cache'],
    peerWithoutDb: [peer.binary, 'check', '--disable-db', file],
  };
  const order = Object.keys(commands) as (keyof typeof commands)[];
  const runs = Object.fromEntries(order.map((k) => [k, [] as number[]])) as Record<keyof typeof commands, number[]>;
  for (let i = 0; i < repetitions; i++) {
    for (let k = 0; k < order.length; k++) {
      const which = order[(i + k) % order.length];
      runs[which].push(timeProcess(commands[which], project.dir));
    }
  }
  const workload = `${lines.toLocaleString('en-US')} lines, ${project.tables.toLocaleString('en-US')} tables`;
  const section = '1. CLI check, whole process';
  return [
    { section, workload: `${workload}; both read the database`, unit: 'ms', ours: summarize(runs.oursWithDb), peer: summarize(runs.peerWithDb) },
    {
      section,
      workload: `${workload}; ours replays the migrations (--no-cache), peer --disable-db`,
      unit: 'ms',
      ours: summarize(runs.oursFromMigrations),
      peer: summarize(runs.peerWithoutDb),
    },
  ];
}
