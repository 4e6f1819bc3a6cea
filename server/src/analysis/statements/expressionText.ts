import type { StatementContext } from '../context';
import { literalAt } from '../parser/literals';

/**
 * The text of the expression after a keyword (a column's DEFAULT, an index's WHERE) found at or after the
 * parser location `location`, for the catalog to keep: up to the first top-level `,`, `;` or unmatched `)`,
 * or to `until` (the location of what follows, such as the column's next constraint), trimmed. Literals,
 * quoted names and comments are skipped whole. Empty when the keyword is not there.
 */
export function textAfterKeyword(ctx: StatementContext, location: number, keyword: string, until?: number): string {
  const { text, anchor } = ctx.statement;
  const at = ctx.statement.at(location) - anchor.start;
  let pattern = keywordPatterns.get(keyword);
  if (!pattern) keywordPatterns.set(keyword, (pattern = new RegExp(`\\b${keyword}\\b`, 'i')));
  const match = pattern.exec(text.slice(at));
  if (!match) return '';
  const stop = until === undefined ? text.length : Math.min(text.length, ctx.statement.at(until) - anchor.start);
  return expressionAt(text, at + match.index + keyword.length, stop);
}

const keywordPatterns = new Map<string, RegExp>();

/** The expression of `text` that starts at offset `start`, up to `stop` at most (see textAfterKeyword). */
export function expressionAt(text: string, start: number, stop = text.length): string {
  let depth = 0;
  let i = start;
  while (i < stop) {
    const literal = literalAt(text, i);
    if (literal) {
      if (literal.end < 0) break;
      i = literal.end;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if ((c === ',' || c === ';') && depth === 0) break;
    i++;
  }
  return text.slice(start, i).replace(/(\s|--[^\n]*)+$/, '').trim();
}
