import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { summarize, type Figure } from '../figures';
import type { Peer } from '../peer';
import { repoRoot } from '../../test/lsp/serverProcess';
import { seedInsertProject } from '../workloads/seedInsert';
import { cpuMillis, squawkBinary, squawkVersion } from './startup';

/**
 * One huge statement: `check` of a migration that is a single 200,000-row INSERT (~7 MB), whole process, CPU
 * time and peak RSS, ours (replaying the history each time: --no-cache) next to the peer's `check
 * --disable-db` and squawk's lint of the same file. Until 2026-12-02 ours scanned the whole statement's
 * tokens to place a span it did not report: 12 s and 1.8 GB.
 */
export async function measureHugeStatement(workDir: string, rows: number, repetitions: number, peer: Peer): Promise<Figure[]> {
  const { dir, file } = seedInsertProject(workDir, rows);
  const squawk = squawkBinary();
  const commands: Record<string, string[]> = {
    ours: [process.execPath, path.join(repoRoot, 'bin', 'schemasense.js'), 'check', file, '--no-cache'],
    peer: [peer.binary, 'check', '--disable-db', file],
    ...(squawk ? { squawk: [squawk, file] } : {}),
  };
  const order = Object.keys(commands);
  const cpu: Record<string, number[]> = Object.fromEntries(order.map((k) => [k, []]));
  const rss: Record<string, number[]> = Object.fromEntries(order.map((k) => [k, []]));
  for (let i = 0; i < repetitions; i++) {
    for (let k = 0; k < order.length; k++) {
      const which = order[(i + k) % order.length];
      cpu[which].push(cpuMillis(commands[which], dir));
      rss[which].push(await peakRssMb(commands[which], dir));
    }
  }
  const size = (fs.statSync(path.join(dir, file)).size / 1e6).toFixed(1);
  const workload = (against: string) => `one INSERT of ${rows.toLocaleString('en-US')} rows (${size} MB); peer column: ${against}`;
  const pls = 'postgres-language-server check --disable-db';
  const squawkPeer = squawk ? `squawk ${squawkVersion(squawk)} (lint only)` : 'squawk not installed';
  const squawkFigure = (runs: number[] | undefined) => (runs ? summarize(runs) : { na: '@squawk-cli/linux-x64 is not installed (npm ci installs it, Linux x64)' });
  return [
    { section: '1. CLI check of one huge statement, CPU', workload: workload(pls), unit: 'ms', ours: summarize(cpu.ours), peer: summarize(cpu.peer) },
    { section: '1. CLI check of one huge statement, CPU', workload: workload(squawkPeer), unit: 'ms', ours: summarize(cpu.ours), peer: squawkFigure(cpu.squawk) },
    { section: '1. CLI check of one huge statement, peak RSS', workload: workload(pls), unit: 'MB', ours: summarize(rss.ours), peer: summarize(rss.peer) },
    { section: '1. CLI check of one huge statement, peak RSS', workload: workload(squawkPeer), unit: 'MB', ours: summarize(rss.ours), peer: squawkFigure(rss.squawk) },
  ];
}

/**
 * Peak RSS (VmHWM) of one run, read from /proc every 10 ms while it runs: the last reading before it exits
 * (the high-water mark only grows, so what is missed is at most its last 10 ms).
 */
function peakRssMb(command: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd, stdio: 'ignore' });
    let peak = 0;
    const read = () => {
      try {
        const kb = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (kb) peak = Math.max(peak, Number(kb) / 1024);
      } catch {
        // Exited meanwhile.
      }
    };
    const timer = setInterval(read, 10);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0 || code === 1) resolve(peak);
      else reject(new Error(`${command.join(' ')} exited ${code}`));
    });
  });
}
