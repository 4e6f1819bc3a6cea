import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { summarize, type Figure } from '../figures';
import type { Peer } from '../peer';
import type { BenchProject } from '../workloads/project';
import { repoRoot } from '../../test/lsp/serverProcess';

/**
 * Start-up figures, CPU time of whole processes (user + system, as the kernel counts it for a waited-for
 * child: bash's `times`), since wall time on a shared two-core machine mostly measures the neighbours:
 * - `schemasense check` of examples/sample-project next to `node -e 0` (the floor of any node program) and
 *   the peer's `check --disable-db` of the same 15 files;
 * - the idle time between a process's last output and its exit (V8 finishing a background compile, a
 *   handle left open), ours and the peer's;
 * - `check` of the 4,950-line file next to squawk (a Rust linter of migrations, no schema: the CPU floor
 *   of reading that much SQL with the same Postgres parser).
 * The commands alternate within each repetition, so that drift on the machine hits all alike.
 *
 * When the environment sets NODE_EXTRA_CA_CERTS, node reads and parses that file's certificates (and builds its
 * own root store) before it runs any JavaScript: on the machine of the README's table, whose variable names the
 * system's whole CA bundle, that is about 60 ms of every node process, two thirds of `node -e 0`. It is the
 * machine's cost, not ours, and it moves the two goals in opposite directions (it inflates the floor that
 * start-up is divided by, and adds to our side of the comparison with squawk), so node's commands are then also
 * timed without it, in rows of their own.
 */

/** CPU milliseconds of one run of `command` in `cwd`; exit 0 or 1 (problems found) are both a normal end. */
export function cpuMillis(command: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): number {
  const run = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1; status=$?; times; exit $status', 'cpu', ...command], { cwd, env, encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`${command.join(' ')} failed (status ${run.status}): ${run.stderr}`);
  // `times` prints the shell's user and system time, then its children's: "0m0.123s 0m0.045s".
  const children = (run.stdout.trim().split('\n').pop() ?? '').match(/(\d+)m([\d.]+)s/g) ?? [];
  if (children.length !== 2) throw new Error(`unexpected output of times: ${run.stdout}`);
  return children.reduce((sum, t) => {
    const [, min, sec] = /(\d+)m([\d.]+)s/.exec(t)!;
    return sum + (Number(min) * 60 + Number(sec)) * 1000;
  }, 0);
}

/** Milliseconds from the last byte a process writes to its exit. */
function idleAfterOutput(command: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = performance.now();
    const seen = () => void (last = performance.now());
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 || code === 1 ? resolve(Math.max(0, performance.now() - last)) : reject(new Error(`${command.join(' ')} exited ${code}`))));
  });
}

/**
 * squawk's binary, when installed. We depend on its Linux x64 package directly: the `squawk-cli` launcher's
 * per-platform optional dependencies cannot all be in the lockfile (the registry here serves only Linux x64),
 * and `npm ci` refuses an incomplete lockfile (as for the peer, see bench/peer.ts).
 */
export function squawkBinary(): string | undefined {
  try {
    const binary = path.join(path.dirname(require.resolve('@squawk-cli/linux-x64/package.json')), 'bin', 'squawk');
    return fs.existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export function squawkVersion(binary: string): string {
  return /(\d+\.\d+\.\d+)/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? '?';
}

const cli = [process.execPath, path.join(repoRoot, 'bin', 'schemasense.js'), 'check'];

/** The environment without NODE_EXTRA_CA_CERTS, when it sets the variable (else undefined: nothing to compare). */
export function withoutExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined {
  if (!env.NODE_EXTRA_CA_CERTS) return undefined;
  const { NODE_EXTRA_CA_CERTS: _file, ...rest } = env;
  return rest;
}

const WITHOUT_CERTS = ' (without NODE_EXTRA_CA_CERTS)';

/** A command the bench times, and its environment (this process's when absent). */
interface Timed {
  command: string[];
  env?: NodeJS.ProcessEnv;
}

export async function measureStartup(repetitions: number, peer: Peer): Promise<Figure[]> {
  const sample = path.join(repoRoot, 'examples', 'sample-project');
  const sampleFiles = fs.readdirSync(path.join(sample, 'database', 'migrations')).filter((f) => f.endsWith('.sql')).map((f) => path.join('database', 'migrations', f));
  const clean = withoutExtraCaCerts(process.env);
  const commands: Record<string, Timed> = {
    node: { command: [process.execPath, '-e', '0'] },
    ours: { command: cli },
    peer: { command: [peer.binary, 'check', '--disable-db', ...sampleFiles] },
    ...(clean ? { nodeClean: { command: [process.execPath, '-e', '0'], env: clean }, oursClean: { command: cli, env: clean } } : {}),
  };
  const order = Object.keys(commands);
  const cpu: Record<string, number[]> = Object.fromEntries(order.map((k) => [k, []]));
  const idle = { ours: [] as number[], peer: [] as number[] };
  for (let i = 0; i < repetitions; i++) {
    for (let k = 0; k < order.length; k++) {
      const which = order[(i + k) % order.length];
      cpu[which].push(cpuMillis(commands[which].command, sample, commands[which].env));
    }
    idle.ours.push(await idleAfterOutput(commands.ours.command, sample));
    idle.peer.push(await idleAfterOutput(commands.peer.command, sample));
  }
  const workload = `examples/sample-project (${sampleFiles.length} files), peer --disable-db`;
  const floor = 'the floor of any node program (goal: check ≤ 3× this)';
  return [
    { section: '1. CLI start-up: `node -e 0`, CPU', workload: floor, unit: 'ms', ours: summarize(cpu.node) },
    { section: '1. CLI start-up: check, CPU', workload, unit: 'ms', ours: summarize(cpu.ours), peer: summarize(cpu.peer) },
    ...(clean
      ? [
          { section: `1. CLI start-up: \`node -e 0\`, CPU${WITHOUT_CERTS}`, workload: floor, unit: 'ms' as const, ours: summarize(cpu.nodeClean) },
          { section: `1. CLI start-up: check, CPU${WITHOUT_CERTS}`, workload: 'examples/sample-project; the peer is in the row above', unit: 'ms' as const, ours: summarize(cpu.oursClean) },
        ]
      : []),
    { section: '1. CLI start-up: idle after the output', workload, unit: 'ms', ours: summarize(idle.ours), peer: summarize(idle.peer) },
  ];
}

/**
 * `check` of one file, CPU time, ours (from the database; from the migrations, replayed each time with
 * --no-cache and read from a warm replay cache) next to squawk's lint of it. The replay cache lives in a
 * folder of this run, filled by one check before the timed ones.
 */
export function measureCheckCpu(project: BenchProject, lines: number, repetitions: number): Figure[] {
  const file = path.relative(project.dir, project.files(lines)[0]);
  const squawk = squawkBinary();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-bench-cache-'));
  const env = { ...process.env, SCHEMASENSE_CACHE_DIR: cacheDir };
  const clean = withoutExtraCaCerts(env);
  const commands: Record<string, Timed> = {
    oursWithDb: { command: [...cli, file, '--database-url', project.databaseUrl, '--schema-source', 'database'], env },
    oursReplaying: { command: [...cli, file, '--no-cache'], env },
    oursFromCache: { command: [...cli, file], env },
    ...(squawk ? { squawk: { command: [squawk, file], env } } : {}),
    ...(clean ? { oursFromCacheClean: { command: [...cli, file], env: clean } } : {}),
  };
  const order = Object.keys(commands);
  const runs: Record<string, number[]> = Object.fromEntries(order.map((k) => [k, []]));
  try {
    cpuMillis(commands.oursFromCache.command, project.dir, env);
    if (!fs.readdirSync(cacheDir).some((f) => f.endsWith('.replay'))) throw new Error(`the first check wrote no replay cache in ${cacheDir}`);
    for (let i = 0; i < repetitions; i++) {
      for (let k = 0; k < order.length; k++) {
        const which = order[(i + k) % order.length];
        runs[which].push(cpuMillis(commands[which].command, project.dir, commands[which].env));
      }
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  const lineCount = fs.readFileSync(path.join(project.dir, file), 'utf8').split('\n').length - 1;
  const against = squawk ? `peer column: squawk ${squawkVersion(squawk)} (lint only, goal ≤ 2×)` : 'squawk not installed';
  const peerFigure = runs.squawk ? summarize(runs.squawk) : { na: '@squawk-cli/linux-x64 is not installed (npm ci installs it, Linux x64)' };
  const workload = `${lineCount.toLocaleString('en-US')} lines, ${project.tables.toLocaleString('en-US')} tables; ${against}`;
  return [
    { section: '1. CLI check CPU, schema from the database', workload, unit: 'ms', ours: summarize(runs.oursWithDb), peer: peerFigure },
    { section: '1. CLI check CPU, replaying the migrations (--no-cache)', workload, unit: 'ms', ours: summarize(runs.oursReplaying), peer: peerFigure },
    { section: '1. CLI check CPU, the migrations from the replay cache', workload, unit: 'ms', ours: summarize(runs.oursFromCache), peer: peerFigure },
    ...(clean ? [{ section: `1. CLI check CPU, the migrations from the replay cache${WITHOUT_CERTS}`, workload, unit: 'ms' as const, ours: summarize(runs.oursFromCacheClean), peer: peerFigure }] : []),
  ];
}
