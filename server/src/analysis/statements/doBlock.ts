import { parsePlpgsql, type PgNode } from '../parser/pgParser';
import { parseDocument } from '../parser/parseDocument';
import type { Session, StatementContext } from '../context';
import { withUncertainNames } from '../catalog/edit';
import { analyzeStatement } from './index';

/**
 * DO blocks run their statements now, often conditionally (`IF NOT EXISTS ... THEN ALTER TABLE ...`).
 * Their static DDL is applied as if it ran, without checking (the condition guards it). Dynamic SQL
 * (`EXECUTE format(...)`) may create or change anything its strings name: those names become
 * uncertain and are never reported.
 */
export function doBlock(ctx: StatementContext): Session {
  // The PL/pgSQL parser aborts (it does not throw) on a DO without a body or in another language.
  const args: PgNode[] = ctx.statement.node?.DoStmt?.args ?? [];
  const option = (name: string) => args.find((a) => a.DefElem?.defname === name)?.DefElem?.arg?.String?.sval;
  if (typeof option('as') !== 'string' || (option('language') ?? 'plpgsql') !== 'plpgsql') return ctx.session;
  let tree: PgNode;
  try {
    tree = parsePlpgsql(ctx.statement.text);
  } catch {
    return ctx.session;
  }
  let session = ctx.session;
  const uncertain: string[] = [];
  visit(tree, (stmt) => {
    if (stmt.PLpgSQL_stmt_execsql) session = applyQuietly(stmt.PLpgSQL_stmt_execsql.sqlstmt?.PLpgSQL_expr?.query, session, ctx.file);
    const dynamic: string | undefined = stmt.PLpgSQL_stmt_dynexecute?.query?.PLpgSQL_expr?.query;
    if (dynamic !== undefined) uncertain.push(...namesInStrings(dynamic));
  });
  return { ...session, catalog: withUncertainNames(session.catalog, uncertain) };
}

function visit(node: PgNode, onStatement: (stmt: PgNode) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => visit(n, onStatement));
    return;
  }
  onStatement(node);
  for (const value of Object.values(node)) visit(value, onStatement);
}

function applyQuietly(sql: string | undefined, session: Session, file: string): Session {
  if (!sql) return session;
  for (const statement of parseDocument(sql).statements) {
    if (statement.node) session = analyzeStatement({ session, statement, file, report: () => undefined, quiet: true });
  }
  return session;
}

/** Every identifier-like word inside the string literals of a dynamic SQL expression. */
function namesInStrings(expr: string): string[] {
  const names: string[] = [];
  for (const literal of expr.match(/'(?:[^']|'')*'/g) ?? []) {
    for (const word of literal.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []) names.push(word.toLowerCase());
  }
  return names;
}
