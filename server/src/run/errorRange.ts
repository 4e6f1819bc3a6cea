import type { Span } from '../analysis';
import { codePointToUtf16 } from '../analysis/parser/byteOffsets';
import type { PostgresError } from './database';
import type { Step } from './migrationPlan';

/**
 * Where in the file a Postgres error belongs. Postgres gives `position`: 1-based characters into the statement
 * that was sent (the runner sends each statement exactly as the file has it, so that is a file offset too); or
 * `internalPosition` into `internalQuery` (a query inside a function body or DO block), found in the statement
 * text; or nothing, and then the error covers the whole statement.
 * The range covers the whole reference at the position (`ak.customer_id`, `"Quoted".name`), an operator
 * (`=` of `uuid = integer`), a literal, or one character.
 */
export function errorSpan(error: PostgresError, step: Pick<Step, 'span' | 'sql'>): Span {
  const at = offsetInStatement(error, step.sql);
  if (at === undefined) return step.span;
  const start = step.span.start + at;
  return { start, end: start + tokenLength(step.sql, at) };
}

function offsetInStatement(error: PostgresError, sql: string): number | undefined {
  if (error.position && error.position > 0) return Math.min(codePointToUtf16(sql, error.position - 1), Math.max(0, sql.length - 1));
  if (error.internalPosition && error.internalQuery) {
    const inner = sql.indexOf(error.internalQuery);
    if (inner >= 0) return inner + codePointToUtf16(error.internalQuery, error.internalPosition - 1);
  }
  return undefined;
}

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)`;
const PATTERNS = [
  new RegExp(String.raw`^${IDENT}(?:\s*\.\s*(?:${IDENT}|\*))*`),
  /^'(?:[^']|'')*'/,
  /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  /^(?:::|[+\-*/<>=~!@#%^&|`?]+)/,
  /^\$\d+/,
];

function tokenLength(sql: string, at: number): number {
  const rest = sql.slice(at);
  for (const pattern of PATTERNS) {
    const m = pattern.exec(rest);
    if (m && m[0].length > 0) return m[0].length;
  }
  return Math.min(1, rest.length);
}
