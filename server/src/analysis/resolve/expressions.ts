import { lookupRelation } from '../catalog/lookup';
import { checkQueryArgument } from './queryLiterals';
import type { PgNode } from '../parser/pgParser';
import { expressionStart } from '../parser/expressionStart';
import { findNameToken, spanFrom, type StatementContext } from '../context';
import { undefinedColumn, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { resolveColumnRef, columnRefFields } from './columnRef';
import { analyzeQuery } from './query';
import { childScope, findColumn, resolveUnqualified, type Scope, type ScopeColumn } from './scope';
import { checkRegclassLiteral, checkSequenceArgument } from './relationLiterals';
import { checkFunctionCall } from './functionCalls';
import { mayBeAttributeFunction } from '../catalog/functions';

/**
 * Walks an expression and checks every column reference in it against the scope. Subqueries get a
 * level of their own that sees this one (correlation). Type names and literals hold no references.
 * The walk keeps its own stack: a generated `a + b + ... ` of thousands of terms must not overflow.
 */
export function walkExpression(root: PgNode, scope: Scope, ctx: StatementContext): void {
  const stack: PgNode[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      continue;
    }
    const type = nodeType(node);
    if (type !== undefined) {
      // An array walks in order; a node (one part) as a whole.
      const parts = visitNode(type, node[type], scope, ctx);
      if (Array.isArray(parts)) for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
      else stack.push(parts);
    } else {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) stack.push(node[keys[i]]);
    }
  }
}

/** The type of a typed node (`{ ColumnRef: {...} }`: its one key, capitalised); undefined for a node's fields. */
function nodeType(node: object): string | undefined {
  let type: string | undefined;
  for (const key in node) {
    if (type !== undefined) return undefined;
    type = key;
  }
  if (type === undefined) return undefined;
  const first = type.charCodeAt(0);
  return first >= 65 && first <= 90 ? type : undefined;
}

/** Handles one typed node; returns the parts still to walk in the same scope (NONE: nothing; the node: all of it). */
function visitNode(type: string, node: PgNode, scope: Scope, ctx: StatementContext): readonly PgNode[] | PgNode {
  switch (type) {
    case 'ColumnRef':
      resolveColumnRef(node, scope, ctx);
      return NONE;
    case 'SubLink':
      walkExpression(node.testexpr, scope, ctx);
      analyzeQuery(node.subselect, childScope(scope), ctx);
      return NONE;
    case 'SelectStmt':
      analyzeQuery({ SelectStmt: node }, childScope(scope), ctx);
      return NONE;
    case 'TypeName':
    case 'A_Const':
      return NONE;
    case 'TypeCast':
      checkRegclassLiteral(node, ctx);
      return node.arg;
    case 'A_Indirection':
      checkRowField(node, scope, ctx);
      return [node.arg, node.indirection];
    case 'FuncCall':
      checkSequenceArgument(node, ctx);
      checkQueryArgument(node, ctx);
      checkFunctionCall(node, scope, ctx);
      return [node.args, node.agg_order, node.agg_filter, node.over?.partitionClause, node.over?.orderClause];
    default:
      return node;
  }
}

const NONE: readonly PgNode[] = [];

/** `(t).col` on a whole-row reference: the field must be a column of t. */
function checkRowField(node: PgNode, scope: Scope, ctx: StatementContext): void {
  checkCastField(node, ctx);
  checkRowConstructorField(node, ctx);
  const fields = node.arg?.ColumnRef ? columnRefFields(node.arg.ColumnRef) : undefined;
  const field: string | undefined = node.indirection?.[0]?.String?.sval;
  if (fields?.length !== 1 || field === undefined) return;
  const r = resolveUnqualified(scope, fields[0]);
  if (r.kind === 'column') return checkRowValueField(r.column, field, node.arg.ColumnRef.location, ctx);
  if (r.kind !== 'wholeRow' || r.item.open || findColumn(r.item, field)) return;
  const start = ctx.statement.at(node.arg.ColumnRef.location);
  const span = { start, end: Math.max(start + fields[0].length, findNameToken(ctx, field, node.arg.ColumnRef.location).end) };
  ctx.report(undefinedColumn(span, undefinedColumnMessage.qualified(fields[0], field)));
}

/**
 * `(d).f` where d is a subquery's column holding a whole row of a table (`SELECT t AS d FROM t`, rowtypes.sql:548)
 * or a row constructor's row (`ROW(1, 2) AS r`, rowtypes.sql:189): f must be a column of the table (no system
 * column) or f1 … fn, unless a function f may take the row.
 */
function checkRowValueField(column: ScopeColumn | undefined, field: string, location: number, ctx: StatementContext): void {
  if (!column || mayBeAttributeFunction(ctx.session.catalog, field)) return;
  const { rowOf, rowFields } = column;
  if (rowOf) {
    if (rowOf.open || ctx.session.catalog.uncertainNames.has(rowOf.name) || rowOf.columns.some((c) => c.name === field)) return;
    ctx.report(undefinedColumn(fieldSpan(ctx, field, location), `column "${field}" not found in data type ${rowOf.name}`));
  } else if (rowFields && !rowFields.includes(field)) {
    ctx.report(undefinedColumn(fieldSpan(ctx, field, location), `could not identify column "${field}" in record data type`));
  }
}

/**
 * A field selected with `.` from the expression at `location`: from there, where Postgres places the error
 * (the leftmost token of the row's expression), to the field's token (the name may also be a word before it).
 */
function fieldSpan(ctx: StatementContext, field: string, location: number) {
  const from = ctx.statement.at(location);
  const tokens = ctx.statement.tokens;
  const i = tokens.findIndex((t, k) => t.start >= from && k > 0 && tokens[k - 1].text === '.' && (t.text === `"${field}"` || t.text.toLowerCase() === field));
  return spanFrom(ctx, location, i >= 0 ? { start: tokens[i].start, end: tokens[i].end } : findNameToken(ctx, field, location));
}

/**
 * `(NULL::t).col` with t a table of the history (its row type): the field must be one of t's columns; a
 * composite value has no system columns (rowtypes.sql:551).
 */
function checkCastField(node: PgNode, ctx: StatementContext): void {
  const cast = node.arg?.TypeCast;
  const field: string | undefined = node.indirection?.[0]?.String?.sval;
  const names: string[] = (cast?.typeName?.names ?? []).map((n: PgNode) => n.String?.sval);
  if (!cast || field === undefined || names.length === 0 || names.length > 2 || cast.typeName.arrayBounds) return;
  const found = lookupRelation(ctx.session.catalog, ctx.session.searchPath, names.length === 2 ? names[0] : undefined, names[names.length - 1]);
  if (found.kind !== 'found' || found.relation.kind !== 'table' || found.relation.open || ctx.session.catalog.uncertainNames.has(found.relation.name)) return;
  if (found.relation.columns.some((c) => c.name === field)) return;
  ctx.report(undefinedColumn(fieldSpan(ctx, field, expressionStart(node.arg) ?? cast.location), `column "${field}" not found in data type ${found.relation.name}`));
}

/**
 * `(ROW(1, 2.0)).x`: a row constructor's fields are f1 … fn. Another name is a call of a function of that
 * name on the record, so only a name no function taking a row may have is Postgres's 42703 (rowtypes.sql:186).
 */
function checkRowConstructorField(node: PgNode, ctx: StatementContext): void {
  const row = node.arg?.RowExpr;
  const field: string | undefined = node.indirection?.[0]?.String?.sval;
  if (!row || field === undefined) return;
  const arity = (row.args ?? []).length;
  if (/^f[1-9][0-9]*$/.test(field) && Number(field.slice(1)) <= arity) return;
  if (mayBeAttributeFunction(ctx.session.catalog, field)) return;
  ctx.report(undefinedColumn(fieldSpan(ctx, field, row.location), `could not identify column "${field}" in record data type`));
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
