import type { PgNode } from '../parser/pgParser';
import { parseDocument, ParsedStatement } from '../parser/parseDocument';
import { findLiteralToken } from '../parser/tokenSearch';
import type { StatementContext } from '../context';
import type { FunctionBody } from '../catalog/types';
import { analyzeQuery } from '../resolve/query';
import { analyzeModification } from '../resolve/modification';
import { walkExpression } from '../resolve/expressions';
import { childScope, type Scope } from '../resolve/scope';

const QUERY_KINDS = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * A `LANGUAGE sql` body is checked when the function is created (check_function_bodies is on by
 * default), with the parameters visible by name, unqualified or qualified by the function's name.
 * PL/pgSQL bodies are checked only when called, so they are left alone here.
 */
export function checkSqlFunctionBody(n: PgNode, ctx: StatementContext): void {
  const option = (name: string) => (n.options ?? []).find((o: PgNode) => o.DefElem?.defname === name)?.DefElem;
  if (option('language')?.arg?.String?.sval !== 'sql') return;
  const scope = parameterScope(n);
  if (n.sql_body) {
    const statements: PgNode[] = n.sql_body.List?.items?.[0]?.List?.items ?? [];
    if (n.sql_body.ReturnStmt) walkExpression(n.sql_body.ReturnStmt.returnval, scope, ctx);
    else if (statements.every((s) => QUERY_KINDS.has(Object.keys(s)[0]))) statements.forEach((s) => checkQuery(s, scope, ctx));
    return;
  }
  const as = option('as');
  const body = as && bodyStatement(as, ctx);
  if (!body) return;
  const parsed = parseDocument(body.text).statements;
  // A body that creates objects cannot be checked before it runs: its later statements may use them.
  if (parsed.some((s) => !s.node || !QUERY_KINDS.has(Object.keys(s.node)[0]))) return;
  for (const s of parsed) checkQuery(s.node, scope, { ...ctx, statement: shifted(s, body.start) });
}

/**
 * What a call of a `LANGUAGE sql` function applies to the schema (plpgsql/calls.ts): the statements of its
 * body that are not queries (`CREATE TABLE created_table AS ...` in select_into.sql). Undefined when it has none.
 */
export function sqlFunctionEffects(n: PgNode, ctx: StatementContext): FunctionBody | undefined {
  const option = (name: string) => (n.options ?? []).find((o: PgNode) => o.DefElem?.defname === name)?.DefElem;
  if (option('language')?.arg?.String?.sval !== 'sql' || n.sql_body) return undefined;
  const as = option('as');
  const body = as && bodyStatement(as, ctx);
  if (!body) return undefined;
  const effects = parseDocument(body.text).statements.filter((s) => s.node && !QUERY_KINDS.has(Object.keys(s.node)[0])).map((s) => ({ sql: s.text }));
  if (!effects.length) return undefined;
  const params = (n.parameters ?? [])
    .map((p: PgNode) => p.FunctionParameter)
    .filter((p: PgNode) => p && !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode))
    .map((p: PgNode) => p.name ?? '');
  return { uses: [], triggerFields: [], effects, params };
}

function checkQuery(node: PgNode, scope: Scope, ctx: StatementContext): void {
  if (node.SelectStmt) analyzeQuery(node, childScope(scope), ctx);
  else analyzeModification(node, childScope(scope), ctx);
}

function parameterScope(n: PgNode): Scope {
  const names = n.funcname ?? [];
  const params = (n.parameters ?? [])
    .map((p: PgNode) => p.FunctionParameter)
    .filter((p: PgNode) => p?.name && !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode));
  return childScope(undefined, [{
    columns: params.map((p: PgNode) => ({ name: p.name })),
    open: false,
    refname: names[names.length - 1]?.String?.sval,
    relVisible: true,
    colsVisible: true,
    systemColumns: false,
    variables: true,
  }]);
}

/** The body string's text and its document offset: the first literal token after `AS`. */
function bodyStatement(as: PgNode, ctx: StatementContext): { text: string; start: number } | undefined {
  const from = ctx.statement.at(as.location);
  const token = findLiteralToken(ctx.statement, from, (text) => text.startsWith('$') || text.startsWith("'"));
  if (!token) return undefined;
  const open = token.text.startsWith("'") ? "'" : token.text.slice(0, token.text.indexOf('$', 1) + 1);
  return { text: token.text.slice(open.length, token.text.length - open.length), start: token.start + open.length };
}

/** A statement of the body, placed in the document where the body starts. */
function shifted(s: ParsedStatement, by: number): ParsedStatement {
  return new ParsedStatement(s.text, { start: s.span.start + by, line: s.line }, s.node, s.terminated);
}
