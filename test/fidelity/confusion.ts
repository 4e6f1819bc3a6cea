/**
 * The checker over the oracle's files, and the comparison of the two.
 *
 * The checker is the analysis core (`analyzeDocument`) over the same files in schedule order, as one history
 * (each file's catalog is the one the previous file left; each file its own session), on the text with psql's
 * meta-commands, COPY data and the statements PostgreSQL did not run (a false \if branch, after \quit) blanked.
 * Each problem of severity error belongs to the statement (as psql cut it) that holds its offset.
 *
 * Per SQLSTATE C, over the statements PostgreSQL ran (those that failed inside an already aborted transaction,
 * 25P02, are left out: PostgreSQL checked no name there):
 *   TP      the checker reports C and PostgreSQL raised C;
 *   FP      the checker reports C and PostgreSQL accepted the statement;
 *   wrong   the checker reports C and PostgreSQL raised another error;
 *   missed  PostgreSQL raised C and the checker reports no error;
 *   other   PostgreSQL raised C and the checker reports only other codes.
 * precision = TP / (TP + FP + wrong); recall = TP / (TP + missed + other).
 *
 * And of the name codes' TPs, whether the checker says what PostgreSQL says: the same message word for word
 * (`sameWords`), and, where PostgreSQL gave a position and the statement ran as written (no psql variable in
 * it), an error of that code and message starting there (`samePlace` of `placed`).
 */
import { analyzeDocument, emptyCatalog, type Catalog, type Problem } from '../../server/src/analysis';
import type { OracleFile } from './regressOracle';
import { codePointToUtf16 } from '../../server/src/analysis/parser/byteOffsets';

export const NAME_CODES = ['42703', '42P01', '42702'] as const;

export interface Finding {
  file: string;
  line: number;
  code: string;
  message: string;
  /** The checker's hint (the report's JSON has it: what a 2BP01 found depending, a near spelling). */
  hint?: string;
  /** What PostgreSQL said: `ok`, or its SQLSTATE and message. */
  postgres: string;
  sql: string;
}

export interface CodeRow {
  code: string;
  tp: number;
  fp: number;
  wrong: number;
  missed: number;
  other: number;
  precision: number;
  recall: number;
}

export interface Comparison {
  rows: CodeRow[];
  /** Every false positive (checker error, PostgreSQL ok), every code. */
  falsePositives: Finding[];
  /** Checker errors on statements PostgreSQL rejected with another code. */
  wrongCodes: Finding[];
  /** PostgreSQL's name errors the checker did not report. */
  misses: Finding[];
  statements: number;
  abortedTransaction: number;
  /** The three name codes together. */
  names: { tp: number; fp: number; wrong: number; missed: number; other: number; precision: number; recall: number };
  /** Statements where the checker threw (a crash is a defect of its own). */
  crashes: string[];
  /** Of the name codes' TPs: PostgreSQL's words and place (see the top of this file). */
  agreement: Agreement;
}

export interface Agreement {
  tp: number;
  sameWords: number;
  placed: number;
  samePlace: number;
  /** TPs with other words, or in another place. */
  differences: Finding[];
}

/**
 * The text the checker sees: psql's meta-commands and COPY data blanked (psqlScript.ts), statements PostgreSQL
 * did not run blanked, and each psql variable reference replaced by a literal of its length (`:'f'` → `'x'`,
 * `:"t"` → `"x"`; one that is the whole statement blanked): the value is psql's, not SQL, and offsets stay
 * those of the file.
 */
function checkerText(file: OracleFile): string {
  const chars = file.script.checkerText.split('');
  for (const o of file.outcomes) {
    for (const v of o.interpolations ?? []) {
      const a = o.statement.start + v.start;
      const b = o.statement.start + v.end;
      // A variable that is the whole statement holds SQL (`:show_data;`): blanked, the checker sees none.
      const whole = o.statement.sql.slice(0, v.start).trim() === '' && /^\s*;?\s*$/.test(o.statement.sql.slice(v.end));
      const q = v.identifier ? '"' : "'";
      for (let k = a; k < b; k++) chars[k] = whole ? ' ' : k === a || k === b - 1 ? q : 'x';
    }
    if (o.outcome !== 'skipped') continue;
    for (let k = o.statement.start; k < o.statement.end; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
  }
  return chars.join('');
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function compare(files: readonly OracleFile[]): Comparison {
  const rows = new Map<string, CodeRow>();
  const row = (code: string) => {
    let r = rows.get(code);
    if (!r) rows.set(code, (r = { code, tp: 0, fp: 0, wrong: 0, missed: 0, other: 0, precision: 1, recall: 1 }));
    return r;
  };
  const falsePositives: Finding[] = [];
  const wrongCodes: Finding[] = [];
  const misses: Finding[] = [];
  const crashes: string[] = [];
  let statements = 0;
  let abortedTransaction = 0;
  const agreement: Agreement = { tp: 0, sameWords: 0, placed: 0, samePlace: 0, differences: [] };
  let catalog: Catalog = emptyCatalog();
  for (const file of files) {
    const text = checkerText(file);
    let problems: Problem[] = [];
    try {
      const analysis = analyzeDocument(text, catalog, file.file);
      problems = analysis.problems.filter((p) => p.severity === 'error');
      catalog = analysis.catalogAfter;
    } catch (e) {
      crashes.push(`${file.name}.sql: ${(e as Error).stack ?? String(e)}`);
      continue;
    }
    // Problems by statement: the last statement starting at or before the problem's offset.
    const starts = file.outcomes.map((o) => o.statement.start);
    const byStatement = new Map<number, Problem[]>();
    for (const p of problems) {
      let lo = 0;
      let hi = starts.length - 1;
      let at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= p.span.start) {
          at = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (at < 0) at = 0;
      const list = byStatement.get(at) ?? [];
      list.push(p);
      byStatement.set(at, list);
    }
    file.outcomes.forEach((o, index) => {
      if (o.outcome === 'skipped') return;
      if (o.outcome === '25P02') {
        abortedTransaction++;
        return;
      }
      statements++;
      const reported = byStatement.get(index) ?? [];
      const codes = new Set(reported.map((p) => p.code));
      const finding = (p: Problem | undefined, code: string): Finding => ({
        file: `${file.name}.sql`,
        line: o.statement.line,
        code,
        message: p?.message ?? o.message ?? '',
        ...(p?.hint ? { hint: p.hint } : {}),
        postgres: o.outcome === 'ok' ? 'ok' : `${o.outcome} ${o.message ?? ''}`.trim(),
        sql: o.statement.sql.replace(/\s+/g, ' ').slice(0, 160),
      });
      for (const code of codes) {
        const p = reported.find((q) => q.code === code);
        if (o.outcome === code) row(code).tp++;
        else if (o.outcome === 'ok') {
          row(code).fp++;
          falsePositives.push(finding(p, code));
        } else {
          row(code).wrong++;
          wrongCodes.push(finding(p, code));
        }
      }
      if (codes.has(o.outcome) && (NAME_CODES as readonly string[]).includes(o.outcome)) {
        agreement.tp++;
        const worded = reported.filter((p) => p.code === o.outcome && p.message === o.message);
        if (worded.length) agreement.sameWords++;
        const at = o.position !== undefined && !o.interpolations?.length ? o.statement.start + codePointToUtf16(o.statement.sql, o.position - 1) : undefined;
        if (at !== undefined) agreement.placed++;
        const placed = at === undefined || worded.some((p) => p.span.start === at);
        if (at !== undefined && placed) agreement.samePlace++;
        if (!worded.length || !placed) {
          const p = worded[0] ?? reported.find((q) => q.code === o.outcome);
          const where = (offset: number) => JSON.stringify(text.slice(offset, offset + 24));
          agreement.differences.push({
            ...finding(p, o.outcome),
            message: `${p?.message ?? ''} at ${p ? where(p.span.start) : '?'}`,
            postgres: `${o.outcome} ${o.message ?? ''}${at !== undefined ? ` at ${where(at)}` : ''}`,
          });
        }
      }
      if (o.outcome !== 'ok' && !codes.has(o.outcome)) {
        if (codes.size === 0) row(o.outcome).missed++;
        else row(o.outcome).other++;
        if ((NAME_CODES as readonly string[]).includes(o.outcome)) misses.push(finding(undefined, o.outcome));
      }
    });
  }
  for (const r of rows.values()) {
    r.precision = ratio(r.tp, r.tp + r.fp + r.wrong);
    r.recall = ratio(r.tp, r.tp + r.missed + r.other);
  }
  const nameRows = [...rows.values()].filter((r) => (NAME_CODES as readonly string[]).includes(r.code));
  const sum = (k: 'tp' | 'fp' | 'wrong' | 'missed' | 'other') => nameRows.reduce((a, r) => a + r[k], 0);
  const names = { tp: sum('tp'), fp: sum('fp'), wrong: sum('wrong'), missed: sum('missed'), other: sum('other'), precision: 1, recall: 1 };
  names.precision = ratio(names.tp, names.tp + names.fp + names.wrong);
  names.recall = ratio(names.tp, names.tp + names.missed + names.other);
  const sorted = [...rows.values()].sort((a, b) => b.tp + b.fp + b.wrong + b.missed + b.other - (a.tp + a.fp + a.wrong + a.missed + a.other));
  return { rows: sorted, falsePositives, wrongCodes, misses, statements, abortedTransaction, names, crashes, agreement };
}


const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The confusion table (codes the checker reports, and the codes PostgreSQL raised that it should) and every false positive. */
export function formatComparison(c: Comparison, options: { misses?: boolean; wrongCodes?: boolean; differences?: boolean } = {}): string {
  const lines: string[] = [];
  const checked = new Set(c.rows.filter((r) => r.tp + r.fp + r.wrong > 0).map((r) => r.code));
  for (const code of NAME_CODES) checked.add(code);
  lines.push(`${c.statements} statements compared (${c.abortedTransaction} left out: 25P02, inside an aborted transaction)`);
  lines.push('');
  lines.push('SQLSTATE      TP     FP  wrong missed  other  precision  recall');
  const show = (code: string, r: { tp: number; fp: number; wrong: number; missed: number; other: number; precision: number; recall: number }) =>
    lines.push(
      `${code.padEnd(9)} ${String(r.tp).padStart(6)} ${String(r.fp).padStart(6)} ${String(r.wrong).padStart(6)} ${String(r.missed).padStart(6)} ${String(r.other).padStart(6)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall).padStart(6)}`,
    );
  for (const r of c.rows) if (checked.has(r.code)) show(r.code, r);
  show('names', c.names);
  const otherRaised = c.rows.filter((r) => !checked.has(r.code));
  if (otherRaised.length) {
    lines.push(
      `(PostgreSQL also raised, and the checker does not check: ${otherRaised
        .slice(0, 12)
        .map((r) => `${r.code}×${r.missed + r.other}`)
        .join(', ')}${otherRaised.length > 12 ? ', …' : ''})`,
    );
  }
  const a = c.agreement;
  lines.push(
    `Of the ${a.tp} name TPs: PostgreSQL's words in ${a.sameWords} (${pct(ratio(a.sameWords, a.tp))}); of the ${a.placed} it placed, ` +
      `its place in ${a.samePlace} (${pct(ratio(a.samePlace, a.placed))})`,
  );
  lines.push('');
  lines.push(`False positives (${c.falsePositives.length}): the checker's error, PostgreSQL ran the statement`);
  for (const f of c.falsePositives) lines.push(`  ${f.file}:${f.line}: ${f.code} ${f.message}  — postgres: ${f.postgres}`);
  if (options.wrongCodes !== false) {
    lines.push('');
    lines.push(`Wrong code (${c.wrongCodes.length}): the checker's error, PostgreSQL raised another`);
    for (const f of c.wrongCodes) lines.push(`  ${f.file}:${f.line}: ${f.code} ${f.message}  — postgres: ${f.postgres}`);
  }
  if (options.differences) {
    lines.push('');
    lines.push(`Other words or place (${a.differences.length}): a name TP where the checker's error differs from PostgreSQL's`);
    for (const f of a.differences) lines.push(`  ${f.file}:${f.line}: ${f.code} ${f.message}  — postgres: ${f.postgres}`);
  }
  if (options.misses) {
    lines.push('');
    lines.push(`Misses (${c.misses.length}): PostgreSQL's name errors the checker did not report`);
    for (const f of c.misses) lines.push(`  ${f.file}:${f.line}: postgres ${f.postgres}  | ${f.sql}`);
  }
  if (c.crashes.length) {
    lines.push('');
    lines.push(`Checker crashes (${c.crashes.length}):`);
    for (const x of c.crashes) lines.push('  ' + x.split('\n').slice(0, 4).join('\n  '));
  }
  return lines.join('\n');
}
