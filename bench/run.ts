/**
 * `npm run bench`: SchemaSense next to postgres-language-server on generated workloads, with a private
 * PostgreSQL server on 127.0.0.1 (test/support/postgres.ts). Prints a Markdown table and writes
 * bench/results/latest.json (bench/results/quick.json for BENCH_QUICK=1). Progress goes to stderr. Then the
 * migration safety warnings per 1,000 statements on the corpora, ours vs squawk's (bench/measure/safetyWarnings.ts,
 * bench/results/safety.json); `BENCH_ONLY=safety` runs only that part.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../test/lsp/serverProcess';
import { startPostgres, stopPostgres } from '../test/support/postgres';
import { summarize, type Figure } from './figures';
import { measureCatalogBuild } from './measure/catalogBuild';
import { measureCliCheck } from './measure/cli';
import { measureColdCheck } from './measure/coldCheck';
import { measureHugeStatement } from './measure/hugeStatement';
import { editingFigures, measureEditing } from './measure/editLatency';
import { lspFigures, measureServer } from './measure/lsp';
import { measurePrismaProjectMemory } from './measure/memory';
import { measureCheckCpu, measureStartup } from './measure/startup';
import { findPeer } from './peer';
import { formatSafetyTable, measureSafetyWarnings } from './measure/safetyWarnings';
import { FULL, QUICK, type Plan } from './plan';
import { currentCommit, describeMachine, formatTable, withRatios, type Results } from './report';
import { createProject, type BenchProject, type FileSpec } from './workloads/project';

const SEED = 20261125;

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
const count = (n: number) => n.toLocaleString('en-US');

async function createProjects(workDir: string, plan: Plan): Promise<Map<number, BenchProject>> {
  const specs = new Map<number, Map<number, number>>();
  const want = (tables: number, lines?: number, variants = 1) => {
    const files = specs.get(tables) ?? new Map<number, number>();
    if (lines !== undefined) files.set(lines, Math.max(files.get(lines) ?? 1, variants));
    specs.set(tables, files);
  };
  for (const c of [...plan.cli, plan.startup.checkCpu]) want(c.tables, c.lines);
  for (const l of plan.lsp) want(l.tables, l.lines, l.plan.opens);
  want(plan.editing.tables, plan.editing.lines);
  want(plan.catalogBuild.introspectTables);
  const projects = new Map<number, BenchProject>();
  for (const [tables, files] of specs) {
    progress(`generating ${count(tables)} tables and their files, loading them into PostgreSQL`);
    const fileSpecs: FileSpec[] = [...files].map(([lines, variants]) => ({ lines, variants }));
    projects.set(tables, await createProject(workDir, tables, fileSpecs, SEED));
  }
  return projects;
}


/** Safety warnings on the corpora (no timing): bench/results/safety.json, and its table. */
async function safetyFigures(): Promise<Awaited<ReturnType<typeof measureSafetyWarnings>>> {
  progress('migration safety warnings: ours and squawk on the corpora');
  const safety = await measureSafetyWarnings(repoRoot);
  const out = path.join(repoRoot, 'bench', 'results', 'safety.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString().slice(0, 10), commit: currentCommit(repoRoot), ...safety }, null, 2) + '\n');
  return safety;
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'safety') {
    console.log(formatSafetyTable(await safetyFigures()));
    return;
  }
  const quick = process.env.BENCH_QUICK === '1';
  const plan = quick ? QUICK : FULL;
  for (const bundle of ['server.js', 'cli.js']) {
    if (!fs.existsSync(path.join(repoRoot, 'dist', bundle))) throw new Error(`dist/${bundle} is missing: npm run build first (npm run bench does)`);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-bench-'));
  // The peer's daemon keeps its logs and socket under the cache folder: keep them in ours.
  process.env.XDG_CACHE_HOME = path.join(workDir, 'peer-cache');
  const started = Date.now();
  const load = os.loadavg()[0];
  try {
    const peer = findPeer();
    const postgres = await startPostgres();
    const projects = await createProjects(workDir, plan);
    const figures: Figure[] = [];

    for (const c of plan.cli) {
      progress(`CLI check: ${count(c.lines)} lines, ${count(c.tables)} tables, ${c.repetitions} runs each`);
      figures.push(...measureCliCheck(projects.get(c.tables)!, c.lines, c.repetitions, peer));
    }
    progress(`CLI check of one INSERT of ${count(plan.hugeStatement.rows)} rows, ${plan.hugeStatement.repetitions} runs each`);
    figures.push(...(await measureHugeStatement(workDir, plan.hugeStatement.rows, plan.hugeStatement.repetitions, peer)));
    progress('CLI start-up and check CPU');
    figures.push(...(await measureStartup(plan.startup.repetitions, peer)));
    const s = plan.startup.checkCpu;
    figures.push(...measureCheckCpu(projects.get(s.tables)!, s.lines, s.repetitions));
    {
      const e = plan.editing;
      progress(`editing session: ${count(e.lines)} lines, ${count(e.tables)} tables (ours, then peer)`);
      const ours = await measureEditing(undefined, projects.get(e.tables)!, e.lines, e.plan);
      const theirs = await measureEditing([peer.binary, 'lsp-proxy'], projects.get(e.tables)!, e.lines, e.plan).catch((err: Error) => ({ na: `peer failed: ${err.message.slice(0, 80)}` }));
      figures.push(...editingFigures(e.lines, e.tables, e.plan, ours, theirs));
    }
    for (const l of plan.lsp) {
      const project = projects.get(l.tables)!;
      progress(`language servers: ${count(l.lines)} lines, ${count(l.tables)} tables (ours)`);
      const ours = await measureServer(undefined, project, l.lines, l.plan);
      progress(`language servers: ${count(l.lines)} lines, ${count(l.tables)} tables (peer)`);
      const theirs = await measureServer([peer.binary, 'lsp-proxy'], project, l.lines, l.plan);
      figures.push(...lspFigures(l.tables, l.lines, l.plan.queries > 0, ours, theirs));
    }
    progress('server memory on a Prisma project');
    figures.push(...(await measurePrismaProjectMemory(workDir, plan.prismaProjectModels)));
    const b = plan.catalogBuild;
    progress('catalog builds');
    for (const files of b.historyFiles) {
      figures.push(measureCatalogBuild('replay', String(files), `replay of ${count(files)} migration files`, b.repetitions));
    }
    figures.push(measureColdCheck(plan.coldCheck.tables, plan.coldCheck.lines, plan.coldCheck.repetitions));
    // Several sizes, to show how it grows.
    for (const models of b.prismaModels) {
      figures.push(measureCatalogBuild('prisma', String(models), `Prisma schema of ${count(models)} models`, b.repetitions));
    }
    figures.push(
      measureCatalogBuild('introspect', projects.get(b.introspectTables)!.databaseUrl, `introspection of ${count(b.introspectTables)} tables`, b.repetitions),
    );

    const results: Results = {
      date: new Date().toISOString().slice(0, 10),
      commit: currentCommit(repoRoot),
      quick,
      machine: describeMachine(String(postgres.version), peer.version, load),
      // In the order of the issue's list (the servers' figures 2, 3 and 5 are measured together).
      figures: withRatios(figures.sort((x, y) => parseInt(x.section) - parseInt(y.section))),
    };
    const out = path.join(repoRoot, 'bench', 'results', quick ? 'quick.json' : 'latest.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    console.log(formatTable(results));
    console.log('\n' + formatSafetyTable(await safetyFigures()));
    progress(`wrote ${path.relative(repoRoot, out)} after ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await stopPostgres();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
