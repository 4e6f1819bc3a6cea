import type { ParsedStatement, Span } from '../../analysis';

/**
 * The token of a name in a statement: `name` unquoted (any case folds to it) or quoted exactly, the first
 * at or after `from` (a document offset). Parse nodes of DDL often carry no location for their names
 * (an index's, a policy's, a function's), so the features find them among the scanner's tokens.
 */
export function nameToken(statement: ParsedStatement, name: string | undefined, from = statement.span.start): Span | undefined {
  if (!name) return undefined;
  const quoted = `"${name.replace(/"/g, '""')}"`;
  const token = statement.tokens.find((t) => t.start >= from && (t.text === quoted || (t.text[0] !== '"' && t.text.toLowerCase() === name)));
  return token && { start: token.start, end: token.end };
}

/** A parser location as a span over the dotted name that starts there (`schema.table`). */
export function dottedNameAt(statement: ParsedStatement, location: number | undefined): Span | undefined {
  if (location === undefined || location < 0) return undefined;
  const start = statement.at(location);
  const tokens = statement.tokens;
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return undefined;
  while (tokens[i + 1]?.text === '.' && tokens[i + 2]) i += 2;
  return { start, end: tokens[i].end };
}
