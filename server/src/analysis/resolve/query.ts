import type { PgNode } from '../parser/pgParser';
import { locatedSpan, nameSpan, type StatementContext } from '../context';
import { ambiguousOutputName } from '../diagnostics/ambiguousColumn';
import { columnRefFields } from './columnRef';
import { syntaxProblem } from '../diagnostics/syntaxError';
import { walkExpression, walkSortItem } from './expressions';
import { figureName, selectListColumns } from './outputColumns';
import { fromClauseItems } from './fromClause';
import { analyzeModification } from './modification';
import { childScope, renameColumns, type ColumnSet, type Scope } from './scope';
import { undefinedTable } from '../diagnostics/undefinedTable';

/**
 * Checks a query (SELECT, VALUES, set operation) and returns the columns it produces. `scope` is the
 * level the query itself runs at; its parent is the enclosing query, whose names it may see.
 */
export function analyzeQuery(node: PgNode, scope: Scope, ctx: StatementContext): ColumnSet {
  const select = node?.SelectStmt;
  if (!select) return { columns: [], open: true };
  if (select.withClause) addCtes(select.withClause, scope, ctx);
  if (select.op && select.op !== 'SETOP_NONE') {
    // The branches of a set operation are typed fields: the parser prints them without a node wrapper.
    const left = analyzeQuery({ SelectStmt: select.larg }, childScope(scope), ctx);
    analyzeQuery({ SelectStmt: select.rarg }, childScope(scope), ctx);
    // ORDER BY of a set operation sees only the result's column names.
    const result = childScope(scope, [{ ...left, relVisible: false, colsVisible: true, systemColumns: false }]);
    for (const s of select.sortClause ?? []) walkExpression(s.SortBy?.node, result, ctx);
    return left;
  }
  if (select.valuesLists) {
    walkExpression(select.valuesLists, scope, ctx);
    // `t.*` in a VALUES list is expanded to t's columns (rules.sql:1029: `VALUES (old.*, 'old')`): the width is not counted.
    if (select.valuesLists.some((l: PgNode) => l.List?.items?.some((i: PgNode) => i?.ColumnRef?.fields?.some((f: PgNode) => f.A_Star)))) return { columns: [], open: true };
    const width = valuesWidth(select.valuesLists, ctx);
    return { columns: Array.from({ length: width }, (_, i) => ({ name: `column${i + 1}` })), open: false };
  }
  scope.items = fromClauseItems(select.fromClause ?? [], scope, ctx);
  checkLockedRelations(select.lockingClause, scope, ctx);
  for (const t of select.targetList ?? []) walkExpression(t.ResTarget?.val, scope, ctx);
  const output = selectListColumns(select.targetList, scope);
  walkExpression(select.whereClause, scope, ctx);
  // GROUP BY, ORDER BY and DISTINCT ON may name output columns: their scope, made only for a query that has one.
  const withOutput: Scope =
    select.groupClause || select.sortClause || select.distinctClause ? { ...scope, outputNames: new Set(output.columns.map((c) => c.name)) } : scope;
  for (const g of select.groupClause ?? []) walkGroupItem(g, withOutput, ctx);
  walkExpression(select.havingClause, scope, ctx);
  for (const w of select.windowClause ?? []) walkExpression([w.WindowDef?.partitionClause, w.WindowDef?.orderClause], scope, ctx);
  for (const s of select.sortClause ?? []) {
    checkOutputNameAmbiguity(s.SortBy?.node, select.targetList ?? [], ctx);
    walkSortItem(s.SortBy?.node, withOutput, ctx);
  }
  for (const d of select.distinctClause ?? []) if (d && Object.keys(d).length) walkSortItem(d, withOutput, ctx);
  walkExpression([select.limitCount, select.limitOffset], scope, ctx);
  return output;
}

const LOCK_STRENGTH: Readonly<Record<string, string>> = {
  LCS_FORUPDATE: 'FOR UPDATE', LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE', LCS_FORSHARE: 'FOR SHARE', LCS_FORKEYSHARE: 'FOR KEY SHARE',
};

/**
 * `FOR UPDATE OF t`: t must be the name of a FROM item of this query level (an alias hides the relation's
 * own name, a join's alias the names inside it): else 42P01 (join.sql:537). A qualified name is another error.
 */
function checkLockedRelations(clauses: PgNode[] | undefined, scope: Scope, ctx: StatementContext): void {
  for (const c of clauses ?? []) {
    const lock = c.LockingClause;
    const strength = LOCK_STRENGTH[lock?.strength];
    if (!strength) continue;
    for (const r of lock.lockedRels ?? []) {
      const rv = r.RangeVar;
      if (typeof rv?.relname !== 'string' || rv.schemaname) continue;
      // A FROM item whose name the analysis could not tell may be the one.
      if (scope.items.some((i) => i.relVisible && (i.refname === rv.relname || i.refname === undefined))) continue;
      ctx.report(undefinedTable(nameSpan(ctx, rv.location, 1), `relation "${rv.relname}" in ${strength} clause not found in FROM clause`));
    }
  }
}

/** A GROUP BY item; ROLLUP, CUBE and GROUPING SETS hold items that may name output columns too. */
function walkGroupItem(item: PgNode, scope: Scope, ctx: StatementContext): void {
  if (item?.GroupingSet) for (const g of item.GroupingSet.content ?? []) walkGroupItem(g, scope, ctx);
  else walkSortItem(item, scope, ctx);
}

/** `ORDER BY x` where two select-list entries are named x and are different expressions. */
function checkOutputNameAmbiguity(expr: PgNode, targetList: PgNode[], ctx: StatementContext): void {
  const fields = expr?.ColumnRef ? columnRefFields(expr.ColumnRef) : undefined;
  if (fields?.length !== 1) return;
  const withoutLocations = (v: PgNode) => JSON.stringify(v, (k, x) => (k === 'location' ? undefined : x));
  const same = targetList
    .map((t) => t.ResTarget)
    .filter((t) => (t?.name ?? (t?.val?.ColumnRef ? figureName(t.val) : undefined)) === fields[0])
    .map((t) => withoutLocations(t.val));
  if (new Set(same).size > 1) ctx.report(ambiguousOutputName(nameSpan(ctx, expr.ColumnRef.location, 1), 'ORDER BY', fields[0]));
}

/** The width of a VALUES list; lists of different widths are Postgres's 42601. */
function valuesWidth(lists: PgNode[], ctx: StatementContext): number {
  const widths = lists.map((l) => l.List?.items?.length ?? 0);
  const odd = widths.findIndex((w) => w !== widths[0]);
  if (odd > 0) {
    const span = locatedSpan(ctx, lists[odd].List?.items?.[0]);
    ctx.report(syntaxProblem(span, 'VALUES lists must all be the same length'));
  }
  return widths[0] ?? 0;
}

/**
 * WITH: each CTE is visible to the ones after it and to the main query. Under WITH RECURSIVE every CTE of
 * the list is visible to every other (forward references are allowed) and a recursive one to itself: a name
 * not analysed yet is known, with columns not known yet (so nothing is reported against them).
 */
export function addCtes(withClause: PgNode, scope: Scope, ctx: StatementContext): void {
  if (withClause.recursive) {
    for (const c of withClause.ctes ?? []) {
      const name = c.CommonTableExpr?.ctename;
      if (typeof name === 'string' && !scope.ctes.has(name)) scope.ctes.set(name, undefined);
    }
  }
  for (const c of withClause.ctes ?? []) {
    const cte = c.CommonTableExpr;
    if (!cte) continue;
    const aliases: string[] | undefined = cte.aliascolnames?.map((a: PgNode) => a.String.sval);
    let columns: ColumnSet;
    if (withClause.recursive && isSetOperation(cte.ctequery)) {
      // The non-recursive term fixes the columns; the recursive term may then refer to the CTE itself. A WITH
      // of the set operation itself is visible to both terms.
      const setOperation = cte.ctequery.SelectStmt;
      const terms = childScope(scope);
      if (setOperation.withClause) addCtes(setOperation.withClause, terms, ctx);
      const base = renameColumns(analyzeQuery({ SelectStmt: setOperation.larg }, childScope(terms), ctx), aliases);
      // The recursive term already sees the SEARCH and CYCLE columns (with.sql:620: `where not is_cycle`).
      scope.ctes.set(cte.ctename, withSearchAndCycleColumns(base, cte));
      analyzeQuery({ SelectStmt: setOperation.rarg }, childScope(terms), ctx);
      columns = base;
    } else {
      columns = renameColumns(analyzeCteQuery(cte.ctequery, scope, ctx), aliases);
    }
    scope.ctes.set(cte.ctename, withSearchAndCycleColumns(columns, cte));
  }
}

/** `SEARCH ... SET seq` adds the sequence column; `CYCLE ... SET mark USING path` the mark and the path. */
function withSearchAndCycleColumns(columns: ColumnSet, cte: PgNode): ColumnSet {
  const added = [cte.search_clause?.search_seq_column, cte.cycle_clause?.cycle_mark_column, cte.cycle_clause?.cycle_path_column]
    .filter((name): name is string => typeof name === 'string')
    .map((name) => ({ name }));
  return added.length ? { ...columns, columns: [...columns.columns, ...added] } : columns;
}

function isSetOperation(node: PgNode): boolean {
  return !!node?.SelectStmt && node.SelectStmt.op !== undefined && node.SelectStmt.op !== 'SETOP_NONE';
}

/** A CTE may also be a data-modifying statement; its columns are then those of its RETURNING list. */
function analyzeCteQuery(node: PgNode, scope: Scope, ctx: StatementContext): ColumnSet {
  if (node?.SelectStmt) return analyzeQuery(node, childScope(scope), ctx);
  return analyzeModification(node, childScope(scope), ctx);
}
