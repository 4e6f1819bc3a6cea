import type { PgNode } from '../parser/pgParser';
import type { StatementContext } from '../context';
import { resolveColumnRef, columnRefFields } from './columnRef';
import { analyzeQuery } from './query';
import { childScope, type Scope } from './scope';

/**
 * Walks an expression and checks every column reference in it against the scope. Subqueries get a
 * level of their own that sees this one (correlation). Type names and literals hold no references.
 */
export function walkExpression(node: PgNode, scope: Scope, ctx: StatementContext): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walkExpression(n, scope, ctx);
    return;
  }
  const keys = Object.keys(node);
  if (keys.length === 1 && /^[A-Z]/.test(keys[0])) {
    visitNode(keys[0], node[keys[0]], scope, ctx);
    return;
  }
  for (const k of keys) walkExpression(node[k], scope, ctx);
}

function visitNode(type: string, node: PgNode, scope: Scope, ctx: StatementContext): void {
  switch (type) {
    case 'ColumnRef':
      resolveColumnRef(node, scope, ctx);
      return;
    case 'SubLink':
      walkExpression(node.testexpr, scope, ctx);
      analyzeQuery(node.subselect, childScope(scope), ctx);
      return;
    case 'SelectStmt':
      analyzeQuery({ SelectStmt: node }, childScope(scope), ctx);
      return;
    case 'TypeName':
    case 'A_Const':
      return;
    case 'FuncCall':
      walkExpression(node.args, scope, ctx);
      walkExpression(node.agg_order, scope, ctx);
      walkExpression(node.agg_filter, scope, ctx);
      if (node.over) walkExpression([node.over.partitionClause, node.over.orderClause], scope, ctx);
      return;
    default:
      walkExpression(node, scope, ctx);
  }
}

/**
 * ORDER BY, GROUP BY and DISTINCT ON items: a bare name may be an output column of the select list
 * (`SELECT a + 1 AS x ... ORDER BY x`); an integer is a position.
 */
export function walkSortItem(expr: PgNode, scope: Scope, ctx: StatementContext): void {
  const fields = expr?.ColumnRef ? columnRefFields(expr.ColumnRef) : undefined;
  if (fields?.length === 1 && scope.outputNames?.has(fields[0])) return;
  walkExpression(expr, scope, ctx);
}
