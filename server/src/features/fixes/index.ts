import { analyzeDocument, type Catalog, type Problem, type Span } from '../../analysis';
import { didYouMeanFixes } from './didYouMean';
import { joinThroughFixes } from './joinThrough';
import { otherRelationFixes } from './otherRelation';
import { qualifyFixes } from './qualify';
import { safetyFixes } from './safety';
import { statementFacts, type StatementFacts } from './statementFacts';
import { suggestedFixes } from './suggested';
import type { Fix } from './types';

export type { Fix, TextEdit } from './types';
export { applyEdits } from './edits';

/** Each kind of fix: what it offers for one problem of a statement. A near spelling is the likelier intent. */
const FIX_KINDS = [didYouMeanFixes, suggestedFixes, joinThroughFixes, otherRelationFixes, qualifyFixes, safetyFixes];

/**
 * The quick fixes for the problems that touch `range`, computed on the document checked against
 * `before` (the catalog the diagnostics used): each statement in the session it was checked in.
 */
export function codeActions(text: string, before: Catalog, problems: readonly Problem[], range: Span, file = ''): Fix[] {
  const touching = problems.filter((p) => p.span.start <= range.end && range.start <= p.span.end);
  if (touching.length === 0) return [];
  const analysis = analyzeDocument(text, before, file);
  const statements = analysis.parsed.statements;
  const facts = new Map<number, StatementFacts>();
  const fixes: Fix[] = [];
  for (const problem of touching) {
    const i = statements.findIndex((s) => s.node && s.span.start <= problem.span.start && problem.span.end <= s.span.end);
    if (i < 0) continue;
    // The analysis's own problem: what it knows beyond the wording (the names it suggests).
    const own = analysis.problems.find((p) => p.code === problem.code && p.span.start === problem.span.start && p.span.end === problem.span.end);
    try {
      if (!facts.has(i)) facts.set(i, statementFacts(text, statements[i], analysis.sessionBefore(i)));
      const found = FIX_KINDS.flatMap((kind) => kind(own ?? problem, facts.get(i)!)).map((f) => ({ ...f, problem }));
      fixes.push(...onePreferred(distinct(found)));
    } catch (e) {
      // A statement nested deeper than the JS stack (the analysis reports it as such): no fix for it.
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return fixes;
}

/** The same edit offered twice (a near spelling two kinds find) is one fix: the first. */
function distinct(fixes: Fix[]): Fix[] {
  const key = (f: Fix) => JSON.stringify(f.edits);
  return fixes.filter((f, i) => fixes.findIndex((g) => key(g) === key(f)) === i);
}

/** Auto Fix needs one answer per problem: the first preferred fix stays preferred. */
function onePreferred(fixes: Fix[]): Fix[] {
  const first = fixes.find((f) => f.isPreferred);
  return fixes.map((f) => (f.isPreferred && f !== first ? { ...f, isPreferred: undefined } : f));
}
