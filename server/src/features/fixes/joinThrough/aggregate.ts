import type { Span } from '../../../analysis';
import { quoteIdent } from '../../../analysis/catalog/names';
import type { PgNode } from '../../../analysis/parser/pgParser';
import { applyEdits } from '../edits';
import { lineIndent, parenthesized } from '../style';
import { clauseEnd, closingParen, nodesOfKind, tokenAt, within, word, CLAUSE_WORDS } from '../syntax';
import { expressionStart } from '../../../analysis/parser/expressionStart';
import type { Fix, TextEdit } from '../types';
import { fromAlongPath, pathNames } from './pathSql';
import { singularOf } from './words';
import { PATH_JOIN_TYPES, toMissingColumn, type JoinTarget } from './target';

const AGGREGATES = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'bool_and', 'bool_or', 'every', 'json_agg',
  'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'bit_and', 'bit_or', 'bit_xor', 'stddev', 'stddev_pop',
  'stddev_samp', 'variance', 'var_pop', 'var_samp', 'xmlagg', 'any_value',
]);

interface Aggregate {
  span: Span;
  name: string;
  /** `count(DISTINCT ...)`, `min(...)`: the same row met twice changes nothing. */
  ignoresDuplicates: boolean;
}

/** Aggregates whose result a repeated input row cannot change. */
const DUPLICATE_FREE = new Set(['min', 'max', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'any_value']);

export interface AggregateFix {
  fix: Fix;
  /** Every aggregate it moves ignores duplicates: rows repeated along the path change no result. */
  ignoresDuplicates: boolean;
}

/**
 * "Aggregate api_keys per customer in a subquery", when the relation is used only inside aggregates of
 * a grouped query: the aggregates move into a subquery grouped by the missing column, joined once per
 * group, so the join no longer multiplies the rows of the others:
 * `LEFT JOIN (SELECT ac.customer_id, COUNT(DISTINCT ak.id) AS api_key_count FROM api_clients ac JOIN api_keys ak
 * ON ... GROUP BY ac.customer_id) api_key_stats ON c.id = api_key_stats.customer_id`; each aggregate becomes
 * its column (a count through a LEFT JOIN: `COALESCE(..., 0)`, as no row counts 0) and joins GROUP BY.
 */
export function aggregateFix(t: JoinTarget, title: string): AggregateFix | undefined {
  const join = t.join;
  const select = owningSelect(t.ancestors);
  if (!join || !PATH_JOIN_TYPES.has(join.node.jointype) || join.node.alias || t.rv.alias?.colnames || !select) return undefined;
  const groupEnd = groupByEnd(t, select);
  const used = aggregatesToMove(t, join.condition, select);
  if (groupEnd === undefined || !used) return undefined;

  const { text, statement, style } = t.facts;
  const taken = new Set(t.facts.words);
  const names = pathNames(t, taken);
  const singular = singularOf(t.relation.name);
  const stats = fresh(`${singular}_stats`, taken);
  // The same aggregate written twice is one column.
  const bodyOf = new Map(used.map((a) => [a, applyEdits(text, toMissingColumn(t, names.column, a.span), a.span)]));
  const columnOf = new Map<string, string>();
  // Its columns are named only through the new alias: they need only differ from each other.
  const columns = new Set([t.column]);
  const selected = [names.column];
  for (const a of used) {
    const body = bodyOf.get(a)!;
    if (columnOf.has(body)) continue;
    const column = fresh(`${singular}_${a.name}`, columns);
    columnOf.set(body, column);
    selected.push(`${body} ${style.kw('AS')} ${column}`);
  }
  const lines = [
    `${style.kw('SELECT')} ${selected.join(', ')}`,
    ...fromAlongPath(t, names, () => style.kw('JOIN')),
    `${style.kw('GROUP BY')} ${names.column}`,
  ];
  const query = parenthesized(lines, statement.text.includes('\n'), lineIndent(text, t.name.start), style);
  const edits: TextEdit[] = [
    { start: t.name.start, end: t.itemEnd, newText: `${query} ${stats}` },
    ...toMissingColumn(t, `${stats}.${style.ident(t.column)}`, join.condition),
  ];
  const counted = join.node.jointype === 'JOIN_LEFT';
  for (const a of used) {
    const column = `${stats}.${columnOf.get(bodyOf.get(a)!)}`;
    edits.push({ ...a.span, newText: counted && a.name === 'count' ? `${style.kw('COALESCE')}(${column}, 0)` : column });
  }
  const added = [...columnOf.values()].map((c) => `, ${stats}.${c}`).join('');
  edits.push({ start: groupEnd, end: groupEnd, newText: added });
  return { fix: { title, kind: 'quickfix', edits, problem: t.problem }, ignoresDuplicates: used.every((a) => a.ignoresDuplicates) };
}

/**
 * The aggregates that hold every use of the relation, when every use is inside one (the missing column
 * may also be in the join condition, where the grouped subquery's column replaces it).
 */
function aggregatesToMove(t: JoinTarget, condition: Span, select: PgNode): Aggregate[] | undefined {
  if (t.otherUses.some((r) => within(r.span, condition))) return undefined;
  const aggregates = aggregatesOf(t, select);
  const inAggregate = (s: Span) => aggregates.some((a) => within(s, a.span));
  if (!t.otherUses.every((r) => inAggregate(r.span)) || !t.missing.every((r) => inAggregate(r.span) || within(r.span, condition))) {
    return undefined;
  }
  const used = aggregates.filter((a) => [...t.otherUses, ...t.missing].some((r) => within(r.span, a.span)));
  return used.length ? used : undefined;
}

/** The query level whose FROM holds the relation. */
function owningSelect(ancestors: readonly PgNode[]): PgNode | undefined {
  for (let i = ancestors.length - 2; i >= 0; i--) if (ancestors[i].SelectStmt === ancestors[i + 1]) return ancestors[i + 1];
  return undefined;
}

const GROUP_LIST_STOPS = new Set([...CLAUSE_WORDS].filter((w) => w !== ','));

/** Where the GROUP BY list ends; undefined when the query does not group by a plain list. */
function groupByEnd(t: JoinTarget, select: PgNode): number | undefined {
  const items: PgNode[] = select.groupClause ?? [];
  if (items.length === 0 || select.groupDistinct || nodesOfKind(items, 'GroupingSet').length) return undefined;
  const { statement } = t.facts;
  const tokens = statement.tokens;
  let i = tokenAt(tokens, statement.at(expressionStart(items[0]) ?? 0));
  while (i > 0 && tokens[i - 1].text === '(') i--;
  if (word(tokens[i - 1]) !== 'BY') return undefined;
  return tokens[clauseEnd(tokens, i, GROUP_LIST_STOPS) - 1].end;
}

/** The aggregate calls of the query level over the relation alone: no window, no subquery, no other name. */
function aggregatesOf(t: JoinTarget, select: PgNode): Aggregate[] {
  const { statement, refs } = t.facts;
  const own = new Set([...t.otherUses, ...t.missing]);
  const found: Aggregate[] = [];
  for (const call of nodesOfKind([select.targetList, select.havingClause, select.sortClause], 'FuncCall')) {
    const name = call.funcname?.[call.funcname.length - 1]?.String?.sval;
    if (!AGGREGATES.has(name) || call.over || nodesOfKind(call, 'SubLink').length) continue;
    const span = callSpan(t, statement.at(call.location));
    if (span && refs.every((r) => !within(r.span, span) || own.has(r))) found.push({ span, name, ignoresDuplicates: !!call.agg_distinct || DUPLICATE_FREE.has(name) });
  }
  return found;
}

/** `count(DISTINCT ak.id) FILTER (WHERE ...)`: from the name to the last closing parenthesis. */
function callSpan(t: JoinTarget, start: number): Span | undefined {
  const tokens = t.facts.statement.tokens;
  let open = tokenAt(tokens, start);
  while (open < tokens.length && tokens[open].text !== '(') open++;
  let close = closingParen(tokens, open);
  for (;;) {
    const next = word(tokens[close + 1]);
    if (next === 'FILTER' && tokens[close + 2]?.text === '(') close = closingParen(tokens, close + 2);
    else if (next === 'WITHIN' && tokens[close + 3]?.text === '(') close = closingParen(tokens, close + 3);
    else if (next === 'OVER') return undefined;
    else break;
  }
  return tokens[close] ? { start, end: tokens[close].end } : undefined;
}

/** `base`, else `base_2`, `base_3`...: the first not taken yet (then taken). */
function fresh(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return quoteIdent(name);
}
