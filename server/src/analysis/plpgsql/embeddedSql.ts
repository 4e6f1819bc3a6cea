import type { PgNode } from '../parser/pgParser';
import { parseCached, ParsedStatement } from '../parser/parseDocument';
import { locate, type BodyText } from './bodyText';

/** One SQL text of a PL/pgSQL body, parsed and placed where it is in the document. */
export interface EmbeddedSql {
  /** The SQL as Postgres runs it: `SELECT <expr>` for an expression. */
  sql: string;
  statement: ParsedStatement;
  /** False when the text could not be found in the body: its problems have no place and are not reported. */
  placed: boolean;
  /** For an assignment (`NEW.x := expr`, `total := expr`), the target as written. */
  target?: string;
}

/**
 * PL/pgSQL parse modes (`parseMode` of an expression): 0 a whole statement, 2 an expression, 3–5 an
 * assignment `target := expression`.
 */
export function embeddedSql(expr: PgNode, lineno: number | undefined, body: BodyText, line: number, perform = false): EmbeddedSql | undefined {
  const query: string | undefined = expr?.PLpgSQL_expr?.query;
  if (typeof query !== 'string') return undefined;
  const mode: number = expr.PLpgSQL_expr.parseMode ?? 0;
  let sql: string;
  let text: string;
  let prefix: number;
  let target: string | undefined;
  if (mode === 0 && !perform) {
    sql = query;
    text = query;
    prefix = 0;
  } else if (mode === 0) {
    // PERFORM x is run as SELECT x: only x is in the source.
    text = query.replace(/^SELECT /, '');
    sql = `SELECT ${text}`;
    prefix = 7;
  } else if (mode >= 3 && mode <= 5) {
    const at = assignmentOperator(query);
    if (at === undefined) return undefined;
    target = query.slice(0, at.index).trim();
    text = query;
    const value = at.index + at.length;
    sql = `SELECT ${query.slice(value)}`;
    // The value is at `value` in the source text and at 7 in the SQL.
    prefix = 7 - value;
  } else if (mode === 2) {
    text = query;
    sql = `SELECT ${query}`;
    prefix = 7;
  } else {
    return undefined;
  }
  const parsed = parseCached(sql);
  if (!('stmts' in parsed) || parsed.stmts.length !== 1) return undefined;
  const raw: PgNode = parsed.stmts[0].stmt;
  const start = locate(body, lineno, text);
  const anchor = { start: (start ?? body.start) - prefix, line };
  return { sql, statement: new ParsedStatement(sql, anchor, raw, true), placed: start !== undefined, target };
}

/** The `:=` (or `=`) of an assignment, outside parentheses, brackets and quotes. */
function assignmentOperator(query: string): { index: number; length: number } | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === ':' && query[i + 1] === '=') return { index: i, length: 2 };
    else if (depth === 0 && c === '=') return { index: i, length: 1 };
  }
  return undefined;
}
