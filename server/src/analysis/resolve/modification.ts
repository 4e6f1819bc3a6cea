import type { PgNode } from '../parser/pgParser';
import { nameSpan, findNameToken, spanFrom, type StatementContext } from '../context';
import { expressionStart } from '../parser/expressionStart';
import { syntaxProblem } from '../diagnostics/syntaxError';
import { undefinedColumn, columnHint, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { walkExpression } from './expressions';
import { addCtes, analyzeQuery } from './query';
import { fromClauseItems, relationItem } from './fromClause';
import { selectListColumns } from './outputColumns';
import { childScope, enterRangeTable, findColumn, type ColumnSet, type NamespaceItem, type Scope } from './scope';

/**
 * INSERT, UPDATE, DELETE and MERGE: their target, the columns they assign, and RETURNING.
 * Returns the RETURNING columns (what a data-modifying CTE exposes).
 */
export function analyzeModification(node: PgNode, scope: Scope, ctx: StatementContext): ColumnSet {
  const [type] = Object.keys(node ?? {});
  const n = node?.[type];
  if (n?.withClause) addCtes(n.withClause, scope, ctx);
  switch (type) {
    case 'InsertStmt':
      return analyzeInsert(n, scope, ctx);
    case 'UpdateStmt':
    case 'DeleteStmt': {
      const target = targetItem(n.relation, scope, ctx);
      // The target's name again in FROM is Postgres's 42712 before any column is resolved.
      const from: PgNode[] = n.fromClause ?? n.usingClause ?? [];
      if (from.some((f) => f.RangeVar && (f.RangeVar.alias?.aliasname ?? f.RangeVar.relname) === target.refname)) return { columns: [], open: true };
      // A LATERAL item naming the target's columns is Postgres's 42P10 (invalid reference), not a missing column.
      const others = fromClauseItems(from, scope, ctx, [target]);
      scope.items = [target, ...others];
      for (const t of n.targetList ?? []) {
        checkTargetColumn(t.ResTarget, target, ctx);
        walkExpression(t.ResTarget?.val, scope, ctx);
      }
      walkExpression(n.whereClause, scope, ctx);
      return returning(n.returningList, scope, ctx);
    }
    case 'MergeStmt': {
      const target = targetItem(n.relation, scope, ctx);
      const source = fromClauseItems([n.sourceRelation], scope, ctx);
      // Target and source under one name is Postgres's 42712 before any column is resolved.
      if (source.some((s) => s.refname !== undefined && s.refname === target.refname)) return { columns: [], open: true };
      scope.items = [target, ...source];
      walkExpression(n.joinCondition, scope, ctx);
      for (const w of n.mergeWhenClauses ?? []) {
        const clause = w.MergeWhenClause;
        // WHEN NOT MATCHED [BY TARGET] has no target row: its condition and INSERT see only the source;
        // WHEN NOT MATCHED BY SOURCE has no source row.
        const kind: string | undefined = clause?.matchKind;
        const sees = kind === 'MERGE_WHEN_NOT_MATCHED_BY_TARGET' || (kind === undefined && clause?.matched === false)
          ? childScope(scope.parent, source)
          : kind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE' ? childScope(scope.parent, [target]) : scope;
        sees.ctes = scope.ctes;
        sees.rangeTable = scope.rangeTable;
        walkExpression(clause?.condition, sees, ctx);
        for (const t of clause?.targetList ?? []) checkTargetColumn(t.ResTarget, target, ctx);
        walkExpression([clause?.targetList?.map((t: PgNode) => t.ResTarget?.val), clause?.values], sees, ctx);
      }
      return returning(n.returningList, scope, ctx);
    }
    default:
      return { columns: [], open: true };
  }
}

function analyzeInsert(n: PgNode, scope: Scope, ctx: StatementContext): ColumnSet {
  const target = targetItem(n.relation, scope, ctx);
  for (const c of n.cols ?? []) checkTargetColumn(c.ResTarget, target, ctx);
  // The source query does not see the target: it is its own level under the statement's CTEs.
  if (n.selectStmt) {
    const source = analyzeQuery(n.selectStmt, childScope(scope), ctx);
    checkInsertWidth(n, source, target, ctx);
  }
  const conflict = n.onConflictClause;
  if (conflict) {
    // EXCLUDED is the proposed row: no system columns (insert_conflict.sql:266).
    const excluded: NamespaceItem = { ...target, refname: 'excluded', relname: undefined, schema: undefined, colsVisible: false, systemColumns: false };
    const withTarget = childScope(scope, [target]);
    // Postgres places an unknown inferred column at the list's parenthesis: from there to the name.
    const inferAt: number | undefined = conflict.infer?.location;
    const inferSpan = (name: string) => spanFrom(ctx, inferAt, findNameToken(ctx, name, inferAt));
    for (const e of conflict.infer?.indexElems ?? []) {
      const elem = e.IndexElem;
      if (elem?.name) checkNamedColumn(elem.name, target, ctx, () => inferSpan(elem.name), false);
      walkExpression(elem?.expr, withTarget, ctx);
    }
    walkExpression(conflict.infer?.whereClause, withTarget, ctx);
    // DO UPDATE makes EXCLUDED after the conflict target: RETURNING naming it is then an invalid reference
    // to it (insert_conflict.sql:106).
    if (conflict.action === 'ONCONFLICT_UPDATE') enterRangeTable(scope, excluded);
    const withExcluded = childScope(scope, [target, excluded]);
    for (const t of conflict.targetList ?? []) {
      checkTargetColumn(t.ResTarget, target, ctx);
      walkExpression(t.ResTarget?.val, withExcluded, ctx);
    }
    walkExpression(conflict.whereClause, withExcluded, ctx);
  }
  scope.items = [target];
  return returning(n.returningList, scope, ctx);
}

/**
 * More values than target columns (or, with a column list, fewer) is Postgres's 42601, placed as it places
 * it: on the first expression past the columns, or on the first column past the expressions.
 */
function checkInsertWidth(n: PgNode, source: ColumnSet, target: NamespaceItem, ctx: StatementContext): void {
  if (source.open) return;
  const targets = n.cols?.length ?? (target.open ? Infinity : target.columns.length);
  const values = source.columns.length;
  // Placed only when reported: a value that is a number is placed by the statement's tokens, and scanning a
  // 200,000-row VALUES list costs seconds.
  if (values > targets) ctx.report(syntaxProblem(nameSpan(ctx, extraExpression(n.selectStmt, targets, values), 1), 'INSERT has more expressions than target columns'));
  else if (n.cols && values < targets) ctx.report(syntaxProblem(nameSpan(ctx, n.cols[values]?.ResTarget?.location, 1), 'INSERT has more target columns than expressions'));
}

/**
 * The location of the source's expression number `index` (0-based) of `count`: in the first row of VALUES,
 * or in the select list of the leftmost SELECT of a set operation, where `*` stands for every column it
 * expands to (placed when it is the list's only `*`; else the list's first item).
 */
function extraExpression(select: PgNode, index: number, count: number): number | undefined {
  let s = select?.SelectStmt;
  while (s?.larg) s = s.larg;
  const row: PgNode[] | undefined = s?.valuesLists?.[0]?.List?.items;
  if (row) return row[index] ? expressionStart(row[index]) : undefined;
  const list: PgNode[] = (s?.targetList ?? []).map((t: PgNode) => t.ResTarget?.val);
  const isStar = (v: PgNode) => v?.ColumnRef?.fields?.at(-1)?.A_Star !== undefined;
  const stars = list.filter(isStar).length;
  if (stars > 1) return list[0] ? expressionStart(list[0]) : undefined;
  const expanded = count - (list.length - stars);
  let at = 0;
  for (const v of list) {
    at += isStar(v) ? expanded : 1;
    if (index < at) return expressionStart(v);
  }
  return undefined;
}

function returning(list: PgNode[] | undefined, scope: Scope, ctx: StatementContext): ColumnSet {
  walkExpression(list?.map((t: PgNode) => t.ResTarget?.val), scope, ctx);
  return list ? selectListColumns(list, scope) : { columns: [], open: false };
}

/** An assigned column (`INSERT INTO t (a)`, `SET a = ...`): it must be a column of the target itself. */
function checkTargetColumn(target: PgNode, item: NamespaceItem, ctx: StatementContext): void {
  if (!target?.name) return;
  checkNamedColumn(target.name, item, ctx, () => nameSpan(ctx, target.location, 1), true);
}

/** `span` is found only for a column that is missing (a name's span may need the statement's tokens). */
function checkNamedColumn(name: string, item: NamespaceItem, ctx: StatementContext, span: () => ReturnType<typeof nameSpan>, ofRelation: boolean): void {
  if (item.open || findColumn(item, name)) return;
  const relname = item.relname ?? item.refname ?? '';
  const message = ofRelation ? undefinedColumnMessage.ofRelation(name, relname) : undefinedColumnMessage.unqualified(name);
  ctx.report(undefinedColumn(span(), message, columnHint(ctx, name, item.columns.map((c) => c.name))));
}

/**
 * The table an INSERT, UPDATE, DELETE or MERGE writes: never a CTE of its WITH (with.sql:1718), always a
 * relation. It is in the statement's range table even where it is out of sight (an INSERT's source, a MERGE's
 * WHEN NOT MATCHED), so naming it there is an invalid reference.
 */
function targetItem(rv: PgNode, scope: Scope, ctx: StatementContext): NamespaceItem {
  const item = relationItem(rv, childScope(undefined), ctx);
  enterRangeTable(scope, item);
  return item;
}
