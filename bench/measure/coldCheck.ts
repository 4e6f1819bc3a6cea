import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { analyzeDocument, buildHistory, emptyCatalog, loadParser } from '../../server/src/analysis';
import { parseStatements } from '../../server/src/analysis/parser/pgParser';
import { summarize, type Figure } from '../figures';
import { generateCatalog } from '../workloads/catalog';
import { MigrationWriter } from '../workloads/migration';

/**
 * The cold check of one file against a catalog (`analyzeDocument` with nothing cached: a fresh process,
 * the catalog replayed first, untimed) next to the parser's own CPU time on the same text (one `parseSync` of
 * the whole file, which is the least any check with this parser can cost). The peer column holds the
 * parser's figure, so the ratio column is the goal's (≤ 4×).
 *
 * `node out/bench/measure/coldCheck.js <tables> <lines>` runs once and prints `{"parser": ms, "check": ms}`.
 */
export function measureColdCheck(tables: number, lines: number, repetitions: number): Figure {
  const parser: number[] = [];
  const check: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const child = spawnSync(process.execPath, [__filename, String(tables), String(lines)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    const result = /^\{.*\}$/m.exec(child.stdout ?? '');
    if (child.status !== 0 || !result) throw new Error(`cold check failed: ${child.stderr || child.stdout}`);
    const parsed = JSON.parse(result[0]) as { parser: number; check: number };
    parser.push(parsed.parser);
    check.push(parsed.check);
  }
  const workload = `${lines.toLocaleString('en-US')} lines, ${tables.toLocaleString('en-US')} tables; peer column: the parser alone (goal ≤ 4×)`;
  return { section: '4. Cold check of one file (analyzeDocument), main-thread CPU', workload, unit: 'ms', ours: summarize(check), peer: summarize(parser) };
}

/** CPU milliseconds of this thread so far (Linux: /proc/thread-self/stat, in clock ticks of 10 ms); elsewhere wall time. */
function cpuMillis(): number {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return performance.now();
  }
}

async function once(tables: number, lines: number): Promise<{ parser: number; check: number }> {
  await loadParser();
  const catalog = generateCatalog(tables, 20261125);
  const text = new MigrationWriter(catalog, 7).file(lines);
  const before = buildHistory([{ path: 'migrations/0001_catalog.sql', text: catalog.sql }], emptyCatalog()).catalogAfter;
  // The check first: the parser's run must not warm anything the check then finds ready. CPU time of the
  // main thread, the wall time of a quiet machine (V8's compiler and GC threads run beside it), since wall time
  // on a shared two-core machine mostly measures the neighbours.
  let started = cpuMillis();
  analyzeDocument(text, before, 'sql/file.sql');
  const check = cpuMillis() - started;
  started = cpuMillis();
  parseStatements(text);
  const parser = cpuMillis() - started;
  return { parser, check };
}

if (require.main === module) {
  const [tables, lines] = process.argv.slice(2).map(Number);
  once(tables, lines).then(
    (result) => console.log(JSON.stringify(result)),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
