import type { Problem, Span } from '../../analysis';
import { lookupRelation } from '../../analysis/catalog/lookup';
import type { PgNode } from '../../analysis/parser/pgParser';
import { quoteIdent } from '../../analysis/catalog/names';
import { editDistance, nearSpellings } from '../../analysis/diagnostics/nearSpelling';
import { namesInReach } from '../../analysis/resolve/columnRef';
import { findAliasedRelation, findRelationItem, resolveUnqualified, type Scope } from '../../analysis/resolve/scope';
import { refAt, type StatementFacts } from './statementFacts';
import { nameTokens, nodesOfKind, pathTo } from './syntax';
import type { Fix } from './types';

/**
 * "Change to `created_at`": a misspelled column, relation or alias replaced by a name in reach within
 * edit distance 2. Preferred when one name is closer than every other. Names the analysis itself suggests
 * (`Problem.replacements`) are suggested.ts's.
 */
export function didYouMeanFixes(problem: Problem, facts: StatementFacts): Fix[] {
  const parts = nameTokens(facts.text, problem.span);
  if (problem.code === '42703') return columnFixes(problem, facts, parts);
  if (problem.code === '42P01') return relationFixes(problem, facts, parts);
  return [];
}

function columnFixes(problem: Problem, facts: StatementFacts, parts: Span[]): Fix[] {
  const ref = refAt(facts, problem.span);
  if (!ref) return targetColumnFixes(problem, facts, parts);
  if (parts.length !== ref.fields.length) return [];
  const name = ref.fields[ref.fields.length - 1];
  if (ref.fields.length === 1) {
    const unique = nearSpellings(name, namesInReach(ref.scope)).filter((s) => resolveUnqualified(ref.scope, s).kind === 'column');
    return changes(problem, name, unique, parts[0], facts.style.ident);
  }
  const item = findRelationItem(ref.scope, ref.fields[ref.fields.length - 2], ref.fields.length === 3 ? ref.fields[0] : undefined);
  return item ? changes(problem, name, item.columns.map((c) => c.name), parts[parts.length - 1], facts.style.ident) : [];
}

/** `INSERT INTO t (emial)`, `UPDATE t SET emial = ...`: a column of the statement's target relation. */
function targetColumnFixes(problem: Problem, facts: StatementFacts, parts: Span[]): Fix[] {
  const { statement, session } = facts;
  const target = statement.node && nodesOfKind(statement.node, 'ResTarget').find((r) => r.name && statement.at(r.location) === problem.span.start);
  const chain = target && pathTo(statement.node, target);
  const modified = chain?.reverse().find((n: PgNode) => n.relation?.relname && Array.isArray(n.targetList ?? n.cols))?.relation;
  if (!modified || parts.length !== 1) return [];
  const found = lookupRelation(session.catalog, session.searchPath, modified.schemaname, modified.relname);
  return found.kind === 'found' ? changes(problem, target.name, found.relation.columns.map((c) => c.name), parts[0], facts.style.ident) : [];
}

/** `missing FROM-clause entry for table "x"`: the qualifier of a column reference (a relation name: suggested.ts). */
function relationFixes(problem: Problem, facts: StatementFacts, parts: Span[]): Fix[] {
  const ref = refAt(facts, problem.span);
  return ref ? qualifierFixes(problem, ref.scope, ref.fields[ref.fields.length - 2], parts[parts.length - 2]) : [];
}

/** A qualifier that names no FROM item: the alias the relation was given, else a near FROM item name. */
function qualifierFixes(problem: Problem, scope: Scope, qualifier: string | undefined, at: Span | undefined): Fix[] {
  if (qualifier === undefined || !at) return [];
  const aliased = findAliasedRelation(scope, qualifier)?.refname;
  if (aliased) return [change(problem, aliased, at, true)];
  const refnames: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const item of level.items) if (item.relVisible && item.refname) refnames.push(item.refname);
  }
  return changes(problem, qualifier, refnames, at);
}

/** One fix per near spelling, closest first; the closest is preferred when no other is as close. */
function changes(problem: Problem, name: string, candidates: Iterable<string>, at: Span, ident?: (name: string) => string): Fix[] {
  const near = nearSpellings(name, candidates).slice(0, 3);
  const distance = (s: string) => editDistance(name.toLowerCase(), s.toLowerCase());
  const alone = near.length > 0 && (near.length === 1 || distance(near[1]) > distance(near[0]));
  return near.map((s, i) => change(problem, s, at, alone && i === 0, ident));
}

/** Writes `name` over `at`, quoted as the statement quotes (`ident`: its style's). */
export function change(problem: Problem, name: string, at: Span, preferred: boolean, ident: (name: string) => string = quoteIdent): Fix {
  const newText = ident(name);
  const title = `Change to \`${newText}\``;
  if (preferred) return { title, kind: 'quickfix', isPreferred: true, edits: [{ ...at, newText }], problem };
  return { title, kind: 'quickfix', leftBecause: 'another name is as near', edits: [{ ...at, newText }], problem };
}
