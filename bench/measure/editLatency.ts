import * as fs from 'fs';
import { edit, ServerProcess } from '../../test/lsp/serverProcess';
import { summarize, type Figure, type Measured } from '../figures';
import type { BenchProject } from '../workloads/project';
import { settled } from './lsp';

/** How often each figure of the editing session is taken. */
export interface EditPlan {
  /** Samples of each kind of edit (ours); the peer takes seconds a sample on 50,000 lines, so it gets fewer. */
  samples: number;
  peerSamples: number;
  /** Edits typed in a row (a key every 20 ms) for the memory figure; the peer gets the same. */
  memoryEdits: number;
}

/** A column no statement of the file uses, added by the file's first statement: editing it changes the catalog. */
const ADDED = 'bench_unused_note';

/**
 * Issue 11's figures on one large file, for one server: edit → diagnostics of (a) a one-character edit in a
 * WHERE clause and (b) a one-character edit of an early `ADD COLUMN` whose column no later statement uses
 * (each: the time to the last publication for that version); then (c) the memory a long typing session
 * leaves behind: `memoryEdits` keystrokes, then quiet, heap after a full GC (ours, node --expose-gc) and
 * resident memory (both servers) before and after.
 */
export async function measureEditing(command: string[] | undefined, project: BenchProject, lines: number, plan: EditPlan): Promise<EditingRuns> {
  const ours = command === undefined;
  const server = await ServerProcess.start({
    folders: [project.dir],
    command: command ?? [process.execPath, '--expose-gc', require.resolve('../../../dist/server.js'), '--stdio'],
  });
  try {
    await settled(server, project.warmup, server.open(project.warmup, fs.readFileSync(project.warmup, 'utf8')), 1);
    const file = project.files(lines)[0];
    const table = /^FROM (\S+) a$/m.exec(fs.readFileSync(file, 'utf8'))![1];
    let text = `ALTER TABLE ${table} ADD COLUMN ${ADDED} text;\n` + fs.readFileSync(file, 'utf8');
    let version = 1;
    await settled(server, file, server.open(file, text, version), version);
    const samples = ours ? plan.samples : plan.peerSamples;
    const typeAt = async (at: number, k: number) => {
      const change = k % 2 === 0 ? edit(text, at, at, 'x') : edit(text, at, at + 1, '');
      text = k % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      const sent = Date.now();
      return (await settled(server, file, server.change(file, ++version, [change]), version)) - sent;
    };
    const whereAt = text.indexOf('WHERE a.deleted_at IS NULL AND a.', text.length / 2) + 'WHERE a.deleted_at IS NULL AND a.'.length;
    const where: number[] = [];
    for (let k = 0; k < samples * 2; k++) where.push(await typeAt(whereAt, k));
    const addAt = text.indexOf(ADDED) + ADDED.length;
    const addColumn: number[] = [];
    for (let k = 0; k < samples * 2; k++) addColumn.push(await typeAt(addAt, k));

    const before = await memory(server, ours);
    for (let k = 0; k < plan.memoryEdits; k++) {
      // Distinct texts, as typing makes them: the digits of a number in the WHERE clause grow and shrink.
      const grow = Math.floor(k / 10) % 2 === 0;
      const at = whereAt;
      const change = grow ? edit(text, at, at, String(k % 10)) : edit(text, at, at + 1, '');
      text = grow ? text.slice(0, at) + String(k % 10) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      server.change(file, ++version, [change]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await settled(server, file, server.mark(), version).catch(() => undefined);
    const after = await memory(server, ours);
    return { where, addColumn, before, after };
  } finally {
    await server.stop();
  }
}

export interface EditingRuns {
  where: number[];
  addColumn: number[];
  before: MemoryFigures;
  after: MemoryFigures;
}

interface MemoryFigures {
  heapMb?: number;
  rssMb: number;
}

async function memory(server: ServerProcess, ours: boolean): Promise<MemoryFigures> {
  const rssMb = currentRssMb(server.child.pid!);
  if (!ours) return { rssMb };
  const report = await server.connection.sendRequest<{ heapUsed: number; rss: number; collected: boolean }>('schemasense/memory');
  return { heapMb: report.collected ? report.heapUsed / 1e6 : undefined, rssMb };
}

/** Resident memory now (VmRSS) of a process and its children. */
function currentRssMb(pid: number): number {
  const pids = [pid];
  try {
    for (const line of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)) if (line) pids.push(Number(line));
  } catch {
    // No children file on this kernel: the process alone.
  }
  return pids.reduce((sum, p) => {
    try {
      return sum + Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {
      return sum;
    }
  }, 0);
}

/** The figures of issue 11, ours next to the peer's. */
export function editingFigures(lines: number, tables: number, plan: EditPlan, ours: EditingRuns, peer: EditingRuns | { na: string }): Figure[] {
  const workload = `${lines.toLocaleString('en-US')} lines, ${tables.toLocaleString('en-US')} tables`;
  const p = (pick: (r: EditingRuns) => Measured) => ('na' in peer ? { na: peer.na } : pick(peer));
  const heapGrowth = (r: EditingRuns): Measured =>
    r.before.heapMb !== undefined && r.after.heapMb !== undefined ? summarize([r.after.heapMb - r.before.heapMb]) : { na: 'no heap figure (a native server)' };
  const rssGrowth = (r: EditingRuns): Measured => summarize([r.after.rssMb - r.before.rssMb]);
  return [
    { section: '2. Server: one-character edit in a WHERE → diagnostics (median / p90)', workload, unit: 'ms', ours: summarize90(ours.where), peer: p((r) => summarize90(r.where)) },
    { section: '2. Server: edit of an early ADD COLUMN no statement uses → diagnostics (median / p90)', workload, unit: 'ms', ours: summarize90(ours.addColumn), peer: p((r) => summarize90(r.addColumn)) },
    { section: `5. Server heap growth after ${plan.memoryEdits.toLocaleString('en-US')} edits (after GC)`, workload, unit: 'MB', ours: heapGrowth(ours), peer: p(rssGrowth) },
    { section: `5. Server RSS growth after ${plan.memoryEdits.toLocaleString('en-US')} edits`, workload, unit: 'MB', ours: rssGrowth(ours), peer: p(rssGrowth) },
  ];
}

/** Median and 90th percentile, in the table's two columns. */
function summarize90(runs: readonly number[]): Measured {
  const s = summarize(runs);
  const sorted = [...runs].sort((a, b) => a - b);
  return { ...s, p99: sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)] };
}
