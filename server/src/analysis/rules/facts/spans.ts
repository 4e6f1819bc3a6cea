import { findNameToken, nameSpan } from '../../context';
import type { ParsedStatement } from '../../parser/parseDocument';
import type { PgNode } from '../../parser/pgParser';
import type { Span } from '../../types';

/** Where findings point: a relation's name, a column's name after it, or the statement's first words. */

export function relationSpan(statement: ParsedStatement, rv: PgNode): Span {
  return nameSpan({ statement }, rv?.location, rv?.schemaname ? 2 : 1);
}

/** The first token spelling `name` after a parser location (a column named in an ALTER TABLE subcommand). */
export function nameAfter(statement: ParsedStatement, name: string, after?: number): Span {
  return findNameToken({ statement }, name, after);
}

/** The statement's first `count` tokens (`CREATE INDEX`, `DROP TABLE`). */
export function leadingWords(statement: ParsedStatement, count = 2): Span {
  const tokens = statement.tokens;
  if (!tokens.length) return { start: statement.span.start, end: statement.span.start + 1 };
  const last = tokens[Math.min(count, tokens.length) - 1];
  return { start: tokens[0].start, end: last.end };
}

/** The first token equal (case-insensitively) to `word`, else the statement's first words. */
export function wordSpan(statement: ParsedStatement, word: string, after?: number): Span {
  const from = after === undefined ? 0 : statement.at(after);
  const token = statement.tokens.find((t) => t.start >= from && t.text.toLowerCase() === word);
  return token ? { start: token.start, end: token.end } : leadingWords(statement);
}
