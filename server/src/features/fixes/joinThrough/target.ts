import type { Problem, Relation, Span } from '../../../analysis';
import { findJoinPaths, type JoinPath } from '../../../analysis/catalog/foreignKeyPaths';
import type { PgNode } from '../../../analysis/parser/pgParser';
import { findRelationItem, resolveUnqualified, type NamespaceItem } from '../../../analysis/resolve/scope';
import { refAt, type ColumnRefSeen, type StatementFacts } from '../statementFacts';
import { clauseEnd, closingParen, conjuncts, pathTo, startsJoin, tokenAt, within, word } from '../syntax';
import type { TextEdit } from '../types';

/**
 * `JOIN api_keys ak ON c.id = ak.customer_id` where api_keys has no customer_id but a relation reachable
 * over foreign keys has: everything the join rewrites need to know about it.
 */
export interface JoinTarget {
  problem: Problem;
  facts: StatementFacts;
  /** The name the relation is referenced by (its alias), and the missing column. */
  qualifier: string;
  column: string;
  relation: Relation;
  rv: PgNode;
  /** The relation's name as written (`api_keys`, `public.api_keys`), and the end of its alias. */
  name: Span;
  itemEnd: number;
  /** The shortest foreign-key path from the relation to one that has the column. */
  path: JoinPath;
  /** Every reference to the missing column through this item (the problem's among them). */
  missing: ColumnRefSeen[];
  /** Every other reference that reaches the item: its columns, qualified or not, or the whole row. */
  otherUses: ColumnRefSeen[];
  /** From the statement's node down to the RangeVar. */
  ancestors: PgNode[];
  /** Set when the relation is the right side of a join with an ON condition that holds the problem. */
  join?: JoinClause;
}

export interface JoinClause {
  node: PgNode;
  /** `LEFT JOIN`, `join`, `INNER JOIN`... as written. */
  keyword: Span;
  condition: Span;
  conjuncts: Span[];
}

/** Join types for which joining the path first, then the relation, keeps every row the join meant. */
export const PATH_JOIN_TYPES: ReadonlySet<string> = new Set(['JOIN_INNER', 'JOIN_LEFT']);

export function joinTarget(problem: Problem, facts: StatementFacts): JoinTarget | undefined {
  const ref = refAt(facts, problem.span);
  if (problem.code !== '42703' || !ref || ref.fields.length !== 2 || !facts.statement.node) return undefined;
  const [qualifier, column] = ref.fields;
  const item = findRelationItem(ref.scope, qualifier);
  const seen = item && facts.fromItems.find((o) => sameItem(o.item, item));
  const relation = item?.relation;
  if (!item || !seen || !relation || !seen.rv.inh) return undefined;
  const ancestors = pathTo(facts.statement.node, seen.rv);
  if (!ancestors) return undefined;
  const paths = findJoinPaths(facts.session.catalog, relation, (r) => r.columns.some((c) => c.name === column));
  const path = choosePath(paths, facts, relation, column);
  if (!path) return undefined;
  const bound = facts.refs.filter((r) => reaches(r, item));
  const missing = bound.filter((r) => r.fields.length === 2 && r.fields[1] === column);
  const otherUses = bound.filter((r) => !missing.includes(r));
  const end = itemEnd(facts, seen.rv, seen.span);
  const target: JoinTarget = { problem, facts, qualifier, column, relation, rv: seen.rv, name: seen.span, itemEnd: end, path, missing, otherUses, ancestors };
  target.join = joinClause(target);
  return target;
}

/**
 * The sides of a join are copies of the items its condition saw (unqualified names do not reach them):
 * the same column list means the same FROM item.
 */
const sameItem = (a: NamespaceItem, b: NamespaceItem) => a.columns === b.columns && a.refname === b.refname;

/** Whether a column reference reaches the item: `ak.x`, `ak.*`, `ak`, or an unqualified column of it. */
function reaches(ref: ColumnRefSeen, item: NamespaceItem): boolean {
  if (ref.fields.length === 2) {
    const found = findRelationItem(ref.scope, ref.fields[0]);
    return !!found && sameItem(found, item);
  }
  if (ref.fields.length !== 1) return false;
  const r = resolveUnqualified(ref.scope, ref.fields[0]);
  if (r.kind === 'wholeRow') return sameItem(r.item, item);
  return r.kind === 'column' && !!r.column && item.columns.includes(r.column);
}

/**
 * Among the shortest paths, one whose last relation's column is a foreign key to a relation the statement
 * already reads (`ak.customer_id` meant api_clients.customer_id, which references customers).
 */
function choosePath(paths: JoinPath[], facts: StatementFacts, start: Relation, column: string): JoinPath | undefined {
  const read = facts.fromItems.flatMap((o) => (o.item.relation && o.item.relation !== start ? [o.item.relation] : []));
  const linked = (p: JoinPath) =>
    p[p.length - 1].to.foreignKeys.some(
      (fk) => fk.columns.length === 1 && fk.columns[0] === column && read.some((r) => r.schema === fk.refSchema && r.name === fk.refTable),
    );
  return paths.find(linked) ?? paths[0];
}

/** Where the FROM item ends: after its alias and column aliases. */
function itemEnd(facts: StatementFacts, rv: PgNode, name: Span): number {
  const tokens = facts.statement.tokens;
  let i = tokenAt(tokens, name.end);
  if (rv.alias && word(tokens[i]) === 'AS') i++;
  if (rv.alias) i++;
  if (rv.alias?.colnames && tokens[i]?.text === '(') i = closingParen(tokens, i) + 1;
  return tokens[i - 1].end;
}

/** The join whose right side is the item, when its ON condition holds the problem. */
function joinClause(t: JoinTarget): JoinClause | undefined {
  const [join, wrapper] = t.ancestors.slice(-3, -1);
  if (!join || join.rarg !== wrapper || !join.quals) return undefined;
  const tokens = t.facts.statement.tokens;
  const first = tokenAt(tokens, t.name.start);
  let k = first;
  while (k > 0 && startsJoin(tokens, k - 1)) k--;
  const on = tokenAt(tokens, t.itemEnd);
  if (k === first || word(tokens[on]) !== 'ON') return undefined;
  const end = clauseEnd(tokens, on + 1);
  const condition = { start: tokens[on + 1].start, end: tokens[end - 1].end };
  if (!within(t.problem.span, condition)) return undefined;
  return { node: join, keyword: { start: tokens[k].start, end: tokens[first - 1].end }, condition, conjuncts: conjuncts(tokens, on + 1, end) };
}

/** Edits that make the references to the missing column inside `span` read `replacement`. */
export function toMissingColumn(t: JoinTarget, replacement: string, span: Span): TextEdit[] {
  return t.missing.filter((r) => within(r.span, span)).map((r) => ({ ...r.span, newText: replacement }));
}
