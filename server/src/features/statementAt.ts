import type { DocumentAnalysis, ParsedStatement, Session } from '../analysis';

export interface StatementAt {
  /** The statement the offset is in or continues; undefined where a new statement would start. */
  statement?: ParsedStatement;
  /** The session that statement (or a new one at the offset) sees. */
  session: Session;
}

/**
 * The statement an offset belongs to. Text typed after a statement that has no semicolon yet continues
 * it; after a semicolon a new statement begins.
 */
export function statementAt(analysis: DocumentAnalysis, offset: number): StatementAt {
  const statements = analysis.parsed.statements;
  let index = -1;
  for (let i = 0; i < statements.length && statements[i].span.start <= offset; i++) index = i;
  if (index < 0) return { session: analysis.sessionBefore(0) };
  const s = statements[index];
  const closed = s.tokens[s.tokens.length - 1]?.text === ';';
  if (offset < s.span.end || !closed) return { statement: s, session: analysis.sessionBefore(index) };
  return { session: analysis.sessionBefore(index + 1) };
}
