import type { PgNode } from '../parser/pgParser';
import { parseDocument, ParsedStatement } from '../parser/parseDocument';
import type { StatementContext } from '../context';
import { analyzeQuery } from './query';
import { childScope } from './scope';

/**
 * Queries inside string arguments that the function runs when it is called: `ts_rewrite(query, 'SELECT
 * target, substitute FROM aliases')`, `query_to_xml('SELECT ...', ...)`. The string is checked as the query
 * it is, in the session of the statement (not in a routine body, which runs later). Only a plain literal
 * whose text is the query as written (no doubled quotes or escapes) is checked, so that spans stay right.
 */
const QUERY_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ['ts_rewrite', 1],
  ['query_to_xml', 0],
  ['query_to_xmlschema', 0],
  ['query_to_xml_and_xmlschema', 0],
]);

export function checkQueryArgument(call: PgNode, ctx: StatementContext): void {
  if (ctx.inRoutineBody) return;
  const names = call.funcname ?? [];
  const fname: string | undefined = names[names.length - 1]?.String?.sval;
  const at = fname === undefined ? undefined : QUERY_ARGUMENT.get(fname);
  if (at === undefined || (fname === 'ts_rewrite' && call.args?.length !== 2)) return;
  const arg = call.args?.[at];
  const constant = arg?.A_Const ?? arg?.TypeCast?.arg?.A_Const;
  const sql: unknown = constant?.sval?.sval;
  if (typeof sql !== 'string' || typeof constant.location !== 'number') return;
  const quote = ctx.statement.at(constant.location);
  const offset = quote - ctx.statement.anchor.start;
  const written = ctx.statement.text.slice(offset, offset + sql.length + 2);
  if (written !== `'${sql}'`) return;
  const statements = parseDocument(sql).statements;
  if (statements.length !== 1 || !statements[0].node?.SelectStmt) return;
  const s = statements[0];
  const placed = new ParsedStatement(s.text, { start: s.anchor.start + quote + 1, line: ctx.statement.anchor.line }, s.node, s.terminated);
  analyzeQuery(s.node, childScope(undefined), { ...ctx, statement: placed });
}
