/**
 * Migration safety warnings per 1,000 statements on real histories: SchemaSense's rules (default settings)
 * next to squawk's (its default rules), and each squawk warning judged:
 *   - noise, the table is new: the statement's table was created in the same file (or the statement creates it);
 *     it is empty and invisible to others until COMMIT, so no lock, scan or rewrite on it can hurt;
 *   - noise, no lock on an existing table: a lock/statement timeout asked before a statement that locks no
 *     table an earlier migration made;
 *   - noise, binary-coercible: a type change PostgreSQL applies without a rewrite (judged from the column's
 *     type at that point of the history);
 *   - opt-in preference: style rules SchemaSense has but leaves off by default (IF NOT EXISTS, bigint, text, …);
 *   - the rest (a real risk, or one we do not judge).
 * Corpora: ../shared/corpus, and the real-history corpus .test-tmp/histories (scripts/histories-corpus.js) when built.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, checkRules, emptyCatalog, loadParser, type Catalog, type DocumentAnalysis } from '../../server/src/analysis';
import { lookupRelation } from '../../server/src/analysis/catalog/lookup';
import { formatTypeName } from '../../server/src/analysis/catalog/typeNames';
import { typeChange } from '../../server/src/analysis/rules/facts/typeChange';
import { forwardText } from '../../server/src/sources/migrations/sections';
import type { PgNode } from '../../server/src/analysis/parser/pgParser';
import { squawkBinary, squawkVersion } from './startup';

export type Verdict = 'new table' | 'no lock on an existing table' | 'binary-coercible' | 'opt-in preference' | 'other';

export interface CorpusFigures {
  corpus: string;
  projects: number;
  files: number;
  statements: number;
  ours: number;
  /** Our information-level notes (foreign-key-without-index), not counted as warnings. */
  oursNotes: number;
  squawk: number;
  verdicts: Record<Verdict, number>;
  /** Squawk's warnings by rule and verdict. */
  byRule: Record<string, Partial<Record<Verdict, number>>>;
}

const TIMEOUT_RULES = new Set(['require-lock-timeout', 'require-statement-timeout']);
const PREFERENCE_RULES = new Set([
  'prefer-robust-stmts', 'prefer-bigint-over-int', 'prefer-bigint-over-smallint', 'prefer-identity', 'prefer-text-field',
  'prefer-timestamptz', 'prefer-timestamp-tz', 'ban-char-field', 'require-timeout-settings', 'prefer-big-int',
]);

interface Project {
  name: string;
  files: string[];
}

function sharedCorpus(root: string): Project[] {
  const dir = path.resolve(root, '..', 'shared', 'corpus');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => ({
    name: d.name,
    files: fs.readdirSync(path.join(dir, d.name)).filter((f) => /^\d+.*\.sql$/.test(f)).sort().map((f) => path.join(dir, d.name, f)),
  }));
}

function historiesCorpus(root: string): Project[] {
  const dir = path.join(root, '.test-tmp', 'histories');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((p) => fs.existsSync(path.join(dir, p, 'schemasense-history.json'))).map((p) => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, p, 'schemasense-history.json'), 'utf8')) as { order: string[] };
    return { name: p, files: meta.order.map((f) => path.join(dir, p, f)) };
  });
}

interface SquawkFinding {
  file: string;
  line: number;
  column: number;
  rule_name: string;
}

function runSquawk(binary: string, files: string[]): SquawkFinding[] {
  if (!files.length) return [];
  const out = spawnSync(binary, ['--reporter', 'json', ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: path.dirname(files[0]) });
  const text = out.stdout.trim();
  if (!text.startsWith('[')) throw new Error(`squawk gave no JSON: ${out.stderr || text.slice(0, 200)}`);
  return JSON.parse(text) as SquawkFinding[];
}

/** The relation a statement works on, and whether it creates it. */
function targetOf(node: PgNode): { rv?: PgNode; creates: boolean; locksTable: boolean } {
  const [kind] = Object.keys(node);
  const n = node[kind];
  switch (kind) {
    case 'CreateStmt':
    case 'CreateTableAsStmt':
      return { rv: n.relation ?? n.into?.rel, creates: true, locksTable: false };
    case 'IndexStmt':
    case 'AlterTableStmt':
    case 'RenameStmt':
      return { rv: n.relation, creates: false, locksTable: true };
    case 'TruncateStmt':
      return { rv: n.relations?.[0]?.RangeVar, creates: false, locksTable: true };
    case 'DropStmt': {
      const names: string[] = (n.objects?.[0]?.List?.items ?? []).map((i: PgNode) => i.String?.sval);
      return { rv: names.length ? { relname: names[names.length - 1], schemaname: names.length > 1 ? names[names.length - 2] : undefined } : undefined, creates: false, locksTable: n.removeType === 'OBJECT_TABLE' };
    }
    default:
      return { creates: false, locksTable: false };
  }
}

function judge(finding: SquawkFinding, analysis: DocumentAnalysis, file: string, lineStarts: number[]): Verdict {
  if (PREFERENCE_RULES.has(finding.rule_name)) return 'opt-in preference';
  const offset = (lineStarts[finding.line] ?? 0) + finding.column;
  const statements = analysis.parsed.statements;
  const i = statements.findIndex((s) => s.span.end >= offset);
  const statement = i >= 0 ? statements[i] : undefined;
  if (!statement?.node) return 'other';
  const session = analysis.sessionBefore(i);
  const target = targetOf(statement.node);
  const found = target.rv?.relname ? lookupRelation(session.catalog, session.searchPath, target.rv.schemaname, target.rv.relname) : undefined;
  const relation = found?.kind === 'found' ? found.relation : undefined;
  const isNew = target.creates || relation?.origin?.file === file;
  if (isNew) return 'new table';
  if (TIMEOUT_RULES.has(finding.rule_name) && !(target.locksTable && relation)) return 'no lock on an existing table';
  if (finding.rule_name === 'changing-column-type' && relation) {
    const [kind] = Object.keys(statement.node);
    const cmds = kind === 'AlterTableStmt' ? statement.node[kind].cmds ?? [] : [];
    const changes = cmds.map((c: PgNode) => c.AlterTableCmd).filter((c: PgNode) => c?.subtype === 'AT_AlterColumnType');
    const coercible = changes.length > 0 && changes.every((c: PgNode) => {
      const column = relation.columns.find((col) => col.name === c.name);
      return column && !c.def?.ColumnDef?.raw_default && typeChange(column.type, formatTypeName(c.def?.ColumnDef?.typeName)).kind === 'no rewrite';
    });
    if (coercible) return 'binary-coercible';
  }
  return 'other';
}

function measureCorpus(corpus: string, projects: Project[], squawk: string): CorpusFigures {
  const verdicts: Record<Verdict, number> = { 'new table': 0, 'no lock on an existing table': 0, 'binary-coercible': 0, 'opt-in preference': 0, other: 0 };
  const figures: CorpusFigures = { corpus, projects: projects.length, files: 0, statements: 0, ours: 0, oursNotes: 0, squawk: 0, verdicts, byRule: {} };
  for (const project of projects) {
    const squawkByFile = new Map<string, SquawkFinding[]>();
    for (const f of runSquawk(squawk, project.files)) {
      const file = path.resolve(path.dirname(project.files[0]), f.file);
      squawkByFile.set(file, [...(squawkByFile.get(file) ?? []), f]);
    }
    let catalog: Catalog = emptyCatalog();
    for (const file of project.files) {
      const text = forwardText(fs.readFileSync(file, 'utf8'));
      const analysis = analyzeDocument(text, catalog, file);
      figures.files++;
      figures.statements += analysis.parsed.statements.filter((s) => s.node).length;
      for (const p of checkRules(analysis, { file })) {
        if (p.severity === 'information') figures.oursNotes++;
        else figures.ours++;
      }
      const lineStarts = [0];
      for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
      for (const f of squawkByFile.get(path.resolve(file)) ?? []) {
        const verdict = judge(f, analysis, file, lineStarts);
        figures.squawk++;
        verdicts[verdict]++;
        const rule = (figures.byRule[f.rule_name] ??= {});
        rule[verdict] = (rule[verdict] ?? 0) + 1;
      }
      catalog = analysis.catalogAfter;
    }
  }
  return figures;
}

export async function measureSafetyWarnings(root: string): Promise<{ squawk: string; corpora: CorpusFigures[]; missing: string[] }> {
  await loadParser();
  const binary = squawkBinary();
  if (!binary) throw new Error('squawk is not installed: npm ci installs @squawk-cli/linux-x64 (a devDependency; Linux x64 only)');
  const version = squawkVersion(binary);
  const corpora: CorpusFigures[] = [];
  const missing: string[] = [];
  for (const [name, projects] of [['shared/corpus', sharedCorpus(root)], ['real histories (.test-tmp/histories)', historiesCorpus(root)]] as const) {
    if (!projects.length) missing.push(`${name}: not there (scripts/histories-corpus.js builds the real-history corpus)`);
    else corpora.push(measureCorpus(name, projects, binary));
  }
  return { squawk: version, corpora, missing };
}

const per1000 = (n: number, statements: number) => (statements ? ((1000 * n) / statements).toFixed(1) : '—');

export function formatSafetyTable(result: Awaited<ReturnType<typeof measureSafetyWarnings>>): string {
  const lines = [
    `Migration safety warnings per 1,000 statements: SchemaSense rules (defaults) vs squawk ${result.squawk} (defaults)`,
    '',
    '| Corpus | Files / statements | SchemaSense | squawk | squawk judged noise: new table / no lock on an existing table / binary-coercible | squawk opt-in preferences | squawk other |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const c of result.corpora) {
    const v = c.verdicts;
    const noise = v['new table'] + v['no lock on an existing table'] + v['binary-coercible'];
    lines.push(
      `| ${c.corpus} (${c.projects} projects) | ${c.files} / ${c.statements} | ${per1000(c.ours, c.statements)} (${c.ours}; +${c.oursNotes} notes) | ${per1000(c.squawk, c.statements)} (${c.squawk}) | ` +
        `${noise} (${v['new table']} / ${v['no lock on an existing table']} / ${v['binary-coercible']}) | ${v['opt-in preference']} | ${v.other} |`,
    );
  }
  for (const m of result.missing) lines.push('', `n/a: ${m}`);
  lines.push('', 'squawk warnings by rule (new table / no lock on an existing table / binary-coercible / opt-in preference / other):');
  const rules = new Map<string, Partial<Record<Verdict, number>>>();
  for (const c of result.corpora) for (const [r, v] of Object.entries(c.byRule)) {
    const acc = rules.get(r) ?? {};
    for (const [k, n] of Object.entries(v) as [Verdict, number][]) acc[k] = (acc[k] ?? 0) + n;
    rules.set(r, acc);
  }
  const order: Verdict[] = ['new table', 'no lock on an existing table', 'binary-coercible', 'opt-in preference', 'other'];
  for (const [r, v] of [...rules].sort((a, b) => sum(b[1]) - sum(a[1]))) lines.push(`- ${r}: ${sum(v)} (${order.map((k) => v[k] ?? 0).join(' / ')})`);
  return lines.join('\n');
}

const sum = (v: Partial<Record<Verdict, number>>) => Object.values(v).reduce((a, b) => a + (b ?? 0), 0);

if (require.main === module) {
  const root = path.resolve(__dirname, '..', '..', '..');
  measureSafetyWarnings(root).then(
    (r) => console.log(formatSafetyTable(r)),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
