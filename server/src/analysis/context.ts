import type { Catalog } from './catalog/types';
import type { ParsedStatement } from './parser/parseDocument';
import type { Origin, Problem, Span } from './types';

/** What a migration session knows between statements: the schema and the search_path. */
export interface Session {
  catalog: Catalog;
  /** Schemas searched for unqualified names; null when set to something we could not read. */
  searchPath: readonly string[] | null;
}

/** Everything a statement handler needs: the session before the statement, positions, and a sink for problems. */
export interface StatementContext {
  session: Session;
  statement: ParsedStatement;
  file: string;
  report(problem: Problem): void;
}

/**
 * The span of a dotted name (`ak.customer_id`, `public.users`) that starts at a parser location: its
 * tokens are the names and the dots between them, so quoting and spaces are covered.
 */
export function nameSpan(ctx: StatementContext, location: number | undefined, parts: number): Span {
  const start = ctx.statement.at(location ?? 0);
  const tokens = ctx.statement.tokens;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  if (!tokens[lo] || tokens[lo].start !== start) return { start, end: start + 1 };
  const last = tokens[Math.min(lo + 2 * parts - 2, tokens.length - 1)];
  return { start, end: last.end };
}

/** Some nodes (index elements, key lists) carry no location: the name's first token after `after`. */
export function findNameToken(ctx: StatementContext, name: string, after?: number): Span {
  const from = after === undefined ? 0 : ctx.statement.at(after);
  const token = ctx.statement.tokens.find((t) => t.start >= from && (t.text === `"${name}"` || t.text.toLowerCase() === name));
  return token ? { start: token.start, end: token.end } : { start: ctx.statement.span.start, end: ctx.statement.span.start + 1 };
}

/** The span from a node's `location` to the end of its first token (a node with no location: the statement's start). */
export function locatedSpan(ctx: StatementContext, node: unknown): Span {
  const inner = node && typeof node === 'object' ? Object.values(node as Record<string, { location?: number }>)[0] : undefined;
  return nameSpan(ctx, inner?.location ?? 0, 1);
}

export function originAt(ctx: StatementContext, location: number | undefined, parts = 1): Origin {
  return { file: ctx.file, span: nameSpan(ctx, location, parts) };
}
