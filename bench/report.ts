import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { isSummary, ratio, type Figure, type Measured } from './figures';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  peer: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  load: number;
  /** NODE_EXTRA_CA_CERTS is set: every node process parses that file's certificates first (bench/measure/startup.ts). */
  extraCaCerts?: boolean;
}

export interface Results {
  date: string;
  commit: string;
  quick: boolean;
  machine: Machine;
  figures: (Figure & { ratio?: number })[];
}

export function describeMachine(postgres: string, peer: string, load: number): Machine {
  let osName = `${os.type()} ${os.release()}`;
  try {
    osName = /^PRETTY_NAME="?([^"\n]+)/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // Not Linux: keep the kernel's name.
  }
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: osName,
    node: process.version,
    postgres,
    peer,
    load: Math.round(load * 10) / 10,
    ...(process.env.NODE_EXTRA_CA_CERTS ? { extraCaCerts: true } : {}),
  };
}

/** The commit measured; `+changes` when the working tree differs from it. */
export function currentCommit(repoRoot: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const sha = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no');
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return 'unknown';
  }
}

function value(m: Measured | undefined, unit: Figure['unit'], key: 'median' | 'p99'): string {
  if (!m) return '—';
  if (!isSummary(m)) return 'n/a';
  const v = m[key];
  if (unit === 'MB') return `${Math.round(v)} MB`;
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
}

/** The table as Markdown (the README shows it as printed), with the reasons for any n/a below it. */
export function formatTable(results: Results): string {
  const m = results.machine;
  const lines = [
    `SchemaSense ${results.commit} vs postgres-language-server ${m.peer}, ${results.date}${results.quick ? ' (BENCH_QUICK: smoke run, not a measurement)' : ''}`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}; load average ${m.load} at the start${m.extraCaCerts ? '; NODE_EXTRA_CA_CERTS set' : ''}`,
    '',
    '| Figure | Workload | SchemaSense median / p99 | postgres-language-server median / p99 | ours ÷ peer | runs |',
    '|---|---|---|---|---|---|',
  ];
  const notes = new Set<string>();
  for (const f of results.figures) {
    for (const m of [f.ours, f.peer]) if (m && !isSummary(m)) notes.add(m.na);
    const pair = (m: Measured | undefined) =>
      isSummary(m) && m.runs > 1 ? `${value(m, f.unit, 'median')} / ${value(m, f.unit, 'p99')}` : value(m, f.unit, 'median');
    const r = ratio(f);
    const runs = [f.ours, f.peer].filter(isSummary).map((s) => s.runs);
    lines.push(`| ${f.section} | ${f.workload} | ${pair(f.ours)} | ${f.peer ? pair(f.peer) : '—'} | ${r === undefined ? '—' : `${r.toFixed(2)}×`} | ${runs.length ? Math.max(...runs) : '—'} |`);
  }
  if (notes.size) lines.push('', ...[...notes].map((n) => `n/a: ${n}`));
  return lines.join('\n');
}

export function withRatios(figures: Figure[]): Results['figures'] {
  return figures.map((f) => ({ ...f, ratio: ratio(f) }));
}
