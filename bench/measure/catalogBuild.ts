import { spawnSync } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { buildHistory, emptyCatalog, loadParser } from '../../server/src/analysis';
import { summarize, type Figure, type Measured } from '../figures';
import { generateHistory } from '../workloads/history';
import { generatePrismaSchema } from '../workloads/prisma';

/**
 * Figure 4: building a catalog, ours only (the peer does not replay migrations nor read Prisma schemas;
 * it reads its schema from the database as part of the figures above). Each run is a fresh process, so
 * caches of an earlier run (the parse cache of the core) do not help, as when the editor starts.
 *
 * `node out/bench/measure/catalogBuild.js <task> <arg>` runs one task and prints `{"ms": N}` or
 * `{"na": "why"}`. The sources of Prisma schemas and databases are loaded by path at run time, so the
 * benchmark still runs (and says n/a) while one of them is missing.
 */
type Task = 'replay' | 'prisma' | 'introspect';

/** A slow build is repeated only while the figure has taken less than this (it runs at least once). */
const BUDGET_MS = 60_000;

export function measureCatalogBuild(task: Task, arg: string, workload: string, repetitions: number): Figure {
  const runs: number[] = [];
  let ours: Measured | undefined;
  const started = Date.now();
  for (let i = 0; i < repetitions && !ours && (i === 0 || Date.now() - started < BUDGET_MS); i++) {
    const child = spawnSync(process.execPath, [__filename, task, arg], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    const result = /^\{.*\}$/m.exec(child.stdout ?? '');
    if (child.status !== 0 || !result) throw new Error(`catalog build (${task}) failed: ${child.stderr || child.stdout}`);
    const parsed = JSON.parse(result[0]) as { ms: number } | { na: string };
    if ('na' in parsed) ours = parsed;
    else runs.push(parsed.ms);
  }
  return { section: '4. Catalog build', workload, unit: 'ms', ours: ours ?? summarize(runs) };
}

/** A module of the server, compiled next to this one, if it exists and exports `name` as a function. */
function optional<F>(module: string, name: string): F | string {
  const file = path.resolve(__dirname, '../../server/src', module);
  let exports: Record<string, unknown>;
  try {
    exports = require(file) as Record<string, unknown>;
  } catch {
    return `server/src/${module} not present`;
  }
  return typeof exports[name] === 'function' ? (exports[name] as F) : `server/src/${module} has no ${name}()`;
}

async function runTask(task: Task, arg: string): Promise<{ ms: number } | { na: string }> {
  await loadParser();
  const timed = async (work: () => unknown) => {
    const started = performance.now();
    await work();
    return { ms: performance.now() - started };
  };
  switch (task) {
    case 'replay': {
      const files = generateHistory(Number(arg), 1);
      return timed(() => buildHistory(files, emptyCatalog()));
    }
    case 'prisma': {
      const build = optional<(files: string[], texts: [string, string][]) => unknown>('sources/prisma/index', 'prismaSchemaOf');
      if (typeof build === 'string') return { na: build };
      const schema = generatePrismaSchema(Number(arg), 1);
      return timed(() => build(['schema.prisma'], [['schema.prisma', schema]]));
    }
    case 'introspect': {
      const introspect = optional<(url: string) => Promise<unknown>>('sources/database/introspect', 'introspectDatabase');
      if (typeof introspect === 'string') return { na: introspect };
      return timed(() => introspect(arg));
    }
  }
}

if (require.main === module) {
  const [task, arg] = process.argv.slice(2) as [Task, string];
  runTask(task, arg).then(
    (result) => console.log(JSON.stringify(result)),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
