/**
 * The incremental analysis against a fresh one, in process: a document is analysed at each of a list of
 * texts, each analysis given the previous one (as the workspace does while a person types), and each result
 * is compared with `analyzeDocument` of the same text from scratch — statements, problems, the catalog and
 * search_path after every statement, and completion and hover at sample positions. A mismatch is shrunk to the
 * fewest texts that still show it, and can be saved as a regression case (test/fixtures/edit-regressions).
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, type Catalog, type DocumentAnalysis } from '../../server/src/analysis';
import { sameSession } from '../../server/src/analysis/sameSession';
import { complete, hover } from '../../server/src/features';
import { identityOf, statementUses } from '../../server/src/features/navigation/namesInDocument';
import { repoRoot } from '../postgres/parityFormat';
import { Random } from './edits';

export const EDIT_REGRESSIONS = path.join(repoRoot(), 'test', 'fixtures', 'edit-regressions');

export interface Mismatch {
  /** Index of the text whose incremental analysis differs from the fresh one. */
  at: number;
  what: string;
  incremental: string;
  fresh: string;
}

/** A saved failing case: analysing these texts in order ends with a mismatch (before the fix). */
export interface EditRegression {
  base: string;
  file: string;
  texts: string[];
  found: string;
}

const statementsOf = (a: DocumentAnalysis) =>
  JSON.stringify(a.parsed.statements.map((s) => [s.anchor.start, s.anchor.line, s.text, s.terminated, s.node !== undefined]));

const problemsOf = (a: DocumentAnalysis) =>
  JSON.stringify(a.problems.map((p) => [p.code, p.severity, p.span.start, p.span.end, p.message, p.hint ?? '']));

/** Offsets where a person asks for completion or hovers: after a dot or a space, inside words, the end. */
export function sampleOffsets(text: string, count: number): number[] {
  const rng = new Random(text.length * 7919 + count);
  const out = new Set<number>([text.length]);
  const dots: number[] = [];
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) dots.push(i + 1);
  while (out.size < count && dots.length) out.add(dots.splice(rng.int(dots.length), 1)[0]);
  for (let k = 0; out.size < count && k < count * 4 && text.length; k++) out.add(rng.int(text.length + 1));
  return [...out].sort((a, b) => a - b);
}

const namesOf = (a: DocumentAnalysis, i: number) =>
  JSON.stringify(statementUses(a, i, 'doc.sql').map((u) => [u.span.start, u.span.end, u.statement, identityOf(u.target)?.key ?? u.target.kind]));

const featuresAt = (a: DocumentAnalysis, offsets: readonly number[]) =>
  JSON.stringify(offsets.map((o) => [o, complete(a, o), hover(a, o) ?? null]));

/** The first difference between an incremental analysis and a fresh one of the same text. */
export function compare(incremental: DocumentAnalysis, fresh: DocumentAnalysis, featureSamples = 4): { what: string; incremental: string; fresh: string } | undefined {
  const pairs: [string, (a: DocumentAnalysis) => string][] = [
    ['statements', statementsOf],
    ['problems', problemsOf],
  ];
  for (const [what, show] of pairs) {
    const a = show(incremental);
    const b = show(fresh);
    if (a !== b) return { what, incremental: a, fresh: b };
  }
  const n = fresh.parsed.statements.length;
  for (let i = 0; i <= n; i++) {
    const a = incremental.sessionBefore(i);
    const b = fresh.sessionBefore(i);
    if (!a || !sameSession(a, b)) return { what: `session before statement ${i}`, incremental: 'differs', fresh: '' };
  }
  // The names each statement resolved (what Find References and highlights read), kept per statement while
  // its analysis is reused: the incremental side answers from that cache.
  for (let i = 0; i < n; i++) {
    const a = namesOf(incremental, i);
    const b = namesOf(fresh, i);
    if (a !== b) return { what: `names of statement ${i}`, incremental: a, fresh: b };
  }
  if (featureSamples > 0) {
    const offsets = sampleOffsets(fresh.parsed.text, featureSamples);
    const a = featuresAt(incremental, offsets);
    const b = featuresAt(fresh, offsets);
    if (a !== b) return { what: `completion/hover at ${offsets.join(', ')}`, incremental: a, fresh: b };
  }
  return undefined;
}

/** Analyses `texts` in order, each with the previous analysis, and compares each with a fresh analysis. */
export function firstMismatch(texts: readonly string[], base: Catalog, file: string, featureSamples = 4): Mismatch | undefined {
  let previous: DocumentAnalysis | undefined;
  for (let i = 0; i < texts.length; i++) {
    const incremental = analyzeDocument(texts[i], base, file, previous);
    const fresh = analyzeDocument(texts[i], base, file);
    const diff = compare(incremental, fresh, featureSamples);
    if (diff) return { at: i, ...diff };
    previous = incremental;
  }
  return undefined;
}

/**
 * The fewest texts (ddmin over the list, keeping the failing last one) whose analysis in order still ends
 * in a mismatch.
 */
export function shrink(texts: readonly string[], base: Catalog, file: string): string[] {
  const fails = (candidate: readonly string[]) => {
    const m = firstMismatch(candidate, base, file);
    return m !== undefined && m.at === candidate.length - 1;
  };
  let current = [...texts];
  let chunks = 2;
  while (current.length > 1) {
    const size = Math.ceil((current.length - 1) / chunks);
    let reduced = false;
    for (let start = 0; start < current.length - 1; start += size) {
      const candidate = [...current.slice(0, start), ...current.slice(Math.min(start + size, current.length - 1))];
      if (candidate.length < current.length && fails(candidate)) {
        current = candidate;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size <= 1) break;
      chunks = Math.min(chunks * 2, current.length - 1);
    }
  }
  return current;
}

export function saveEditRegression(regression: EditRegression): string {
  fs.mkdirSync(EDIT_REGRESSIONS, { recursive: true });
  const name = `${regression.base}-${Date.now().toString(36)}.json`;
  const file = path.join(EDIT_REGRESSIONS, name);
  fs.writeFileSync(file, JSON.stringify(regression, null, 2) + '\n');
  return file;
}

export function loadEditRegressions(): { file: string; regression: EditRegression }[] {
  if (!fs.existsSync(EDIT_REGRESSIONS)) return [];
  return fs
    .readdirSync(EDIT_REGRESSIONS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, regression: JSON.parse(fs.readFileSync(path.join(EDIT_REGRESSIONS, f), 'utf8')) as EditRegression }));
}
