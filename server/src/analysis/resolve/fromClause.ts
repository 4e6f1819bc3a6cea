import type { PgNode } from '../parser/pgParser';
import { nameSpan, type StatementContext } from '../context';
import { lookupRelation, unknownBecause } from '../catalog/lookup';
import { notChecked, notCheckedDetail } from '../diagnostics/notChecked';
import { undefinedRelation } from '../diagnostics/undefinedTable';
import { undefinedColumn } from '../diagnostics/undefinedColumn';
import { ambiguousJoinColumn } from '../diagnostics/ambiguousColumn';
import { walkExpression } from './expressions';
import { analyzeQuery } from './query';
import { SET_RETURNING_FUNCTIONS } from './setReturningFunctions';
import { typeOf } from './outputColumns';
import {
  childScope, columnsOfRelation, enterRangeTable, findColumn, lookupCte, renameColumns,
  type ColumnSet, type NamespaceItem, type Scope, type ScopeColumn,
} from './scope';
import type { Relation } from '../catalog/types';
import { builtinFunctions } from '../catalog/builtin';

/** A FROM item's contribution: the namespace items it adds, and the columns it produces as a whole. */
interface FromItem {
  items: NamespaceItem[];
  output: ColumnSet;
}

const aliasNames = (alias: PgNode): string[] | undefined => alias?.colnames?.map((c: PgNode) => c.String.sval);

/**
 * Builds the namespace of a FROM clause. While it is built, `scope.items` stays empty: a subquery in
 * FROM does not see its siblings unless it is LATERAL, and then it is handed them explicitly.
 */
/** `before`: items a LATERAL item may also name, not part of the result (UPDATE's target; see modification.ts). */
export function fromClauseItems(fromClause: PgNode[], scope: Scope, ctx: StatementContext, before: readonly NamespaceItem[] = []): NamespaceItem[] {
  const items: NamespaceItem[] = [];
  for (const node of fromClause) items.push(...fromItem(node, scope, [...before, ...items], ctx).items);
  return items;
}

function fromItem(node: PgNode, scope: Scope, earlier: NamespaceItem[], ctx: StatementContext): FromItem {
  const [type] = Object.keys(node ?? {});
  const n = node?.[type];
  switch (type) {
    case 'RangeVar': {
      const item = relationItem(n, scope, ctx);
      ctx.observe?.({ kind: 'fromItem', span: nameSpan(ctx, n.location, n.schemaname ? 2 : 1), rv: n, item, visible: earlier, scope });
      return entered(scope, single(item));
    }
    case 'RangeSubselect': {
      const sub = childScope(n.lateral ? childScope(scope, earlier) : scope);
      if (!n.lateral) sub.besideNotLateral = earlier;
      const { columns, open } = renameColumns(analyzeQuery(n.subquery, sub, ctx), aliasNames(n.alias));
      return entered(scope, single({ columns, open, refname: n.alias?.aliasname, relVisible: !!n.alias, colsVisible: true, systemColumns: false }));
    }
    case 'RangeFunction':
      return entered(scope, single(functionItem(n, childScope(scope, earlier), ctx)));
    case 'JoinExpr':
      return joinItem(n, scope, earlier, ctx);
    case 'RangeTableSample':
      walkExpression([n.args, n.repeatable], scope, ctx);
      return fromItem(n.relation, scope, earlier, ctx);
    default:
      // XMLTABLE, JSON_TABLE, ROWS FROM variants we do not model: their columns are unknown.
      walkExpression(n, childScope(scope, earlier), ctx);
      return entered(scope, single({ columns: [], open: true, refname: n?.alias?.aliasname, relVisible: !!n?.alias, colsVisible: true, systemColumns: false }));
  }
}

/** A FROM item's named entries go into its level's range table as they are made (see `Scope.rangeTable`). */
function entered(level: Scope, made: FromItem): FromItem {
  for (const item of made.items) if (item.refname !== undefined) enterRangeTable(level, item);
  return made;
}

const single = (item: NamespaceItem): FromItem => ({ items: [item], output: item });

/**
 * A table, view or CTE named in FROM; reports 42P01 when a name we can be sure of does not exist.
 * (Items are written out whole, not spread from a common base: V8 makes an object spread followed by keys the
 * source lacks about a microsecond per key, and this runs for every relation a query names.)
 */
export function relationItem(rv: PgNode, scope: Scope, ctx: StatementContext): NamespaceItem {
  const alias = rv.alias?.aliasname;
  const refname = alias ?? rv.relname;
  const relname = rv.relname;
  if (!rv.schemaname) {
    const cte = lookupCte(scope, rv.relname);
    if (cte.found) {
      ctx.observe?.({ kind: 'relation', span: nameSpan(ctx, rv.location, 1), cte: cte.columns });
      const { columns, open } = renameColumns(cte.columns ?? { columns: [], open: true }, aliasNames(rv.alias));
      return { refname, relVisible: true, colsVisible: true, relname, columns, open, systemColumns: false };
    }
  }
  const relation = resolveRelation(rv, ctx);
  if (!relation) return { refname, relVisible: true, colsVisible: true, relname, columns: [], open: true, systemColumns: false };
  return {
    refname,
    relVisible: true,
    colsVisible: true,
    relname,
    columns: renameColumns({ columns: columnsOfRelation(relation), open: relation.open }, aliasNames(rv.alias)).columns,
    open: relation.open,
    schema: alias ? undefined : relation.schema,
    systemColumns: relation.kind === 'table' || relation.kind === 'materialized view',
    relation,
  };
}

/** The catalog relation a RangeVar names; reports it when it surely does not exist. */
export function resolveRelation(rv: PgNode, ctx: StatementContext): Relation | undefined {
  const { catalog, searchPath } = ctx.session;
  const found = lookupRelation(catalog, searchPath, rv.schemaname, rv.relname);
  if (found.kind === 'found') {
    ctx.observe?.({ kind: 'relation', span: nameSpan(ctx, rv.location, rv.schemaname ? 2 : 1), relation: found.relation });
    // Under an uncertain name (dynamic SQL, a statement Postgres may have refused) its columns are not known
    // either: DDL naming them (an index, ALTER COLUMN, a key) is not checked, as queries are not (columnRef.ts).
    return catalog.uncertainNames.has(found.relation.name) && !found.relation.open ? { ...found.relation, open: true } : found.relation;
  }
  if (found.kind === 'unknown' && ctx.notChecked) ctx.notChecked(unknownRelationNote(ctx, rv));
  if (found.kind === 'missing') {
    const written = rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname;
    const schemas = rv.schemaname ? [rv.schemaname] : (searchPath ?? []);
    const relations = schemas.flatMap((s) => [...(catalog.schemas.get(s)?.relations.values() ?? [])]);
    ctx.report(undefinedRelation(nameSpan(ctx, rv.location, rv.schemaname ? 2 : 1), written, rv.relname, relations, ctx.quiet));
  }
  return undefined;
}

/** The not-checked note of a relation name that could not be looked up. */
function unknownRelationNote(ctx: StatementContext, rv: PgNode) {
  const { catalog, searchPath } = ctx.session;
  const why = unknownBecause(catalog, searchPath, rv.schemaname, rv.relname);
  const span = nameSpan(ctx, rv.location, rv.schemaname ? 2 : 1);
  if (why.reason === 'dynamic SQL') return notChecked(span, why.reason, notCheckedDetail.uncertainName(rv.relname));
  if (why.reason === 'earlier error') return notChecked(span, why.reason, notCheckedDetail.rejectedName(rv.relname));
  if (why.reason === 'may have been refused') return notChecked(span, why.reason, notCheckedDetail.refusableName(rv.relname));
  if (why.reason === 'unknown schema') return notChecked(span, why.reason, notCheckedDetail.openSchema(why.schema, rv.relname));
  return notChecked(span, why.reason, notCheckedDetail.searchPath(rv.relname));
}

function functionItem(n: PgNode, lateral: Scope, ctx: StatementContext): NamespaceItem {
  const alias = n.alias?.aliasname;
  let columns: ScopeColumn[] = [];
  let open = false;
  let rowOf: Relation | undefined;
  for (const entry of n.functions ?? []) {
    const [call, coldefs] = entry.List?.items ?? [];
    walkExpression(call, lateral, ctx);
    const defs: PgNode[] | undefined = coldefs?.List?.items ?? (n.functions.length === 1 ? n.coldeflist : undefined);
    if (defs?.length) {
      columns.push(...defs.map((d: PgNode) => ({ name: d.ColumnDef.colname })));
      continue;
    }
    const fname: string | undefined = call?.FuncCall?.funcname?.at(-1)?.String?.sval;
    if (fname === 'unnest' && call.FuncCall.args?.length === 1 && isTsvector(call.FuncCall.args[0], lateral)) {
      // unnest(tsvector) returns rows of (lexeme, positions, weights).
      columns.push(...TSVECTOR_UNNEST_COLUMNS.map((name) => ({ name })));
      continue;
    }
    // unnest of an array of a composite type (or a table's row type) returns its columns, which we do not keep.
    if (fname === 'unnest' && (call.FuncCall.args ?? []).some((a: PgNode) => compositeElements(a, lateral, ctx))) {
      open = true;
      continue;
    }
    const known = fname !== undefined && call.FuncCall.funcname.length === 1 ? SET_RETURNING_FUNCTIONS.get(fname) : undefined;
    // unnest(a, b, ...) in FROM gives one column per array.
    const width = fname === 'unnest' ? (call.FuncCall.args?.length ?? 1) : 1;
    // A function of the history returning a table's row type (`RETURNS SETOF t`) has that table's columns, and
    // a view over it depends on them (create_view.sql:570).
    const row = known === undefined && call?.FuncCall ? functionRowType(call.FuncCall, ctx) : undefined;
    if (row) {
      columns.push(...columnsOfRelation(row));
      open = open || row.open;
      if (n.functions.length === 1) rowOf = row;
    } else if (known === undefined) open = true;
    else columns.push(...(known ?? Array(width).fill(alias && n.functions.length === 1 && width === 1 ? alias : fname!)).map((name: string) => ({ name })));
  }
  if (n.ordinality) columns.push({ name: 'ordinality' });
  const renamed = renameColumns({ columns, open }, aliasNames(n.alias));
  // Without an alias a single function's item is named after the function (`FROM foo_f() ... foo_f.f1`).
  const fname: string | undefined = n.functions?.length === 1 ? n.functions[0]?.List?.items?.[0]?.FuncCall?.funcname?.at(-1)?.String?.sval : undefined;
  const refname = alias ?? (rowOf ? fname : undefined);
  const item: NamespaceItem = { columns: renamed.columns, open: renamed.open, refname, relVisible: refname !== undefined, colsVisible: true, systemColumns: false };
  if (rowOf && !n.alias?.colnames) item.relation = rowOf;
  return item;
}

/** The table whose row type every function of that name in the history returns; undefined otherwise. */
function functionRowType(call: PgNode, ctx: StatementContext): Relation | undefined {
  const parts: string[] = (call.funcname ?? []).map((f: PgNode) => f.String?.sval);
  const name = parts[parts.length - 1];
  if (parts.length > 2 || builtinFunctions.has(name)) return undefined;
  const { catalog, searchPath } = ctx.session;
  const schemas = parts.length === 2 ? [parts[0]] : (searchPath ?? []);
  const signatures = schemas.flatMap((s) => [...(catalog.schemas.get(s)?.functions.get(name) ?? [])]);
  const returns = new Set(signatures.map((f) => f.returns));
  if (returns.size !== 1) return undefined;
  const [type] = returns;
  const typeParts = type.split('.');
  const found = lookupRelation(catalog, searchPath, typeParts.length === 2 ? typeParts[0] : undefined, typeParts[typeParts.length - 1]);
  return found.kind === 'found' && found.relation.kind === 'table' && !catalog.uncertainNames.has(found.relation.name) ? found.relation : undefined;
}

/** Whether an array's elements may be of a composite type: a user type that is not an enum, or a relation's row type. */
function compositeElements(arg: PgNode, scope: Scope, ctx: StatementContext): boolean {
  const type = typeOf(arg, scope).type;
  if (!type?.endsWith('[]')) return false;
  const base = type.slice(0, -2).split('.').pop()!.replace(/^"|"$/g, '');
  for (const schema of ctx.session.catalog.schemas.values()) {
    const t = schema.types.get(base);
    if ((t && t.values.length === 0) || schema.relations.has(base)) return true;
  }
  return false;
}

const TSVECTOR_UNNEST_COLUMNS = ['lexeme', 'positions', 'weights'];
/** Functions returning tsvector, whose result unnest() expands into lexemes. */
const TSVECTOR_FUNCTIONS = new Set(['to_tsvector', 'setweight', 'strip', 'array_to_tsvector', 'jsonb_to_tsvector', 'json_to_tsvector', 'ts_delete', 'ts_filter']);

/** Whether an argument is surely a tsvector: a cast to it, a tsvector column, or a function returning one. */
function isTsvector(arg: PgNode, scope: Scope): boolean {
  const fname: string | undefined = arg?.FuncCall?.funcname?.at(-1)?.String?.sval;
  if (fname !== undefined) return TSVECTOR_FUNCTIONS.has(fname);
  return typeOf(arg, scope).type === 'tsvector';
}

/**
 * A join: its sides stay reachable by name; unqualified names see the join's own columns, where
 * USING and NATURAL merge the shared columns into one. An alias hides the sides completely.
 */
function joinItem(j: PgNode, scope: Scope, earlier: NamespaceItem[], ctx: StatementContext): FromItem {
  const left = fromItem(j.larg, scope, earlier, ctx);
  const right = fromItem(j.rarg, scope, [...earlier, ...left.items], ctx);
  const using: string[] = (j.usingClause ?? []).map((u: PgNode) => u.String.sval);
  let usingFailed = false;
  if (using.length) {
    for (const [side, label] of [[left, 'left'], [right, 'right']] as const) {
      for (const name of using) {
        const count = side.output.columns.filter((c) => c.name === name).length;
        if (count === 1 || (count === 0 && side.output.open)) continue;
        usingFailed = true;
        const span = usingSpan(ctx, j, name);
        ctx.report(count === 0
          ? undefinedColumn(span, `column "${name}" specified in USING clause does not exist in ${label} table`)
          : ambiguousJoinColumn(span, name, label));
      }
    }
  }
  const merged = j.isNatural
    ? left.output.columns.filter((c) => findColumn(right.output, c.name)).map((c) => c.name)
    : using;
  const output: ColumnSet = {
    columns: merged.length
      ? [
        ...merged.map((name) => findColumn(left.output, name) ?? { name }),
        ...left.output.columns.filter((c) => !merged.includes(c.name)),
        ...right.output.columns.filter((c) => !merged.includes(c.name)),
      ]
      : left.output.columns.concat(right.output.columns),
    // A NATURAL join of a side whose columns we do not all know may merge columns we cannot see.
    open: left.output.open || right.output.open || usingFailed,
  };
  const both = left.items.concat(right.items);
  walkExpression(j.quals, childScope(scope, both), ctx);
  const alias = j.alias?.aliasname;
  const renamed = renameColumns(output, aliasNames(j.alias));
  const joinNs: NamespaceItem = { columns: renamed.columns, open: renamed.open, refname: alias, relVisible: !!alias, colsVisible: true, systemColumns: false };
  const sides = alias ? [] : both.map(hiddenColumns);
  // The join's own alias hides the names inside it, its USING alias too (join.sql:135).
  const usingAlias: NamespaceItem[] = j.join_using_alias && !alias
    ? [{ columns: merged.map((name) => ({ name })), open: false, refname: j.join_using_alias.aliasname, relVisible: true, colsVisible: false, systemColumns: false }]
    : [];
  // Its sides entered the range table as they were made; the join itself only under an alias.
  for (const item of [...(alias ? [joinNs] : []), ...usingAlias]) enterRangeTable(scope, item);
  return { items: [...sides, joinNs, ...usingAlias], output: renamed };
}

/** A join side's item as the join shows it: by name only, its columns through the join's. */
const hiddenColumns = (i: NamespaceItem): NamespaceItem => (i.colsVisible ? { ...i, colsVisible: false } : i);

/** USING names carry no location: find the name's token inside the USING list. */
function usingSpan(ctx: StatementContext, j: PgNode, name: string) {
  const start = ctx.statement.at(j.rarg?.[Object.keys(j.rarg)[0]]?.location ?? 0);
  const token = ctx.statement.tokens.find((t) => t.start >= start && t.text.replace(/"/g, '').toLowerCase() === name.toLowerCase());
  return token ? { start: token.start, end: token.end } : nameSpan(ctx, undefined, 1);
}
