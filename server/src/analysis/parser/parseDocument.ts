import { parseStatements, ParseError, type PgNode, type RawStatement, type ScanToken } from './pgParser';
import { splitStatements } from './splitStatements';
import { byteToUtf16, codePointToUtf16 } from './byteOffsets';
import type { Problem, Span } from '../types';
import { syntaxProblem } from '../diagnostics/syntaxError';
import { tooDeepToCheck } from '../diagnostics/tooDeep';

export interface ParsedStatement {
  /** Document offsets (UTF-16) of the statement, from its first token to its semicolon. */
  span: Span;
  text: string;
  /** The 0-based line of the document the statement starts on. */
  line: number;
  /** Tokens with document offsets: what completion reads when the statement does not parse. */
  tokens: ScanToken[];
  /** The statement's node, e.g. `{ SelectStmt: {...} }`; absent when it does not parse. */
  node?: PgNode;
  syntaxError?: Problem;
  /** A parser `location` (bytes into `text`) as a document offset. */
  at(location: number): number;
}

export interface ParsedDocument {
  text: string;
  statements: ParsedStatement[];
}

type ParseOutcome = { stmts: RawStatement[] } | { error: ParseError };

/**
 * Parses are cached by statement text: an edit re-parses only the statements whose text it changed.
 * The bound keeps memory flat on huge files; clearing all at once is cheaper than LRU bookkeeping.
 */
const parseCache = new Map<string, ParseOutcome>();
const PARSE_CACHE_LIMIT = 50_000;

function parseCached(sql: string): ParseOutcome {
  let outcome = parseCache.get(sql);
  if (!outcome) {
    try {
      outcome = { stmts: parseStatements(sql) };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      outcome = { error: e };
    }
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
    parseCache.set(sql, outcome);
  }
  return outcome;
}

/**
 * Splits and parses a document. Never throws: a statement that does not parse carries one `42601`
 * problem at the parser's position, and every other statement is parsed on its own.
 */
export function parseDocument(text: string): ParsedDocument {
  const statements: ParsedStatement[] = [];
  let line = 0;
  let counted = 0;
  for (const slice of splitStatements(text)) {
    const sql = text.slice(slice.span.start, slice.span.end);
    for (let i = text.indexOf('\n', counted); i >= 0 && i < slice.span.start; i = text.indexOf('\n', i + 1)) line++;
    counted = slice.span.start;
    const toUtf = byteToUtf16(sql);
    const at = (location: number) => slice.span.start + toUtf(location);
    const outcome = parseCached(sql);
    const base = { span: slice.span, text: sql, line, tokens: slice.tokens, at };
    if ('error' in outcome) {
      const offset = slice.span.start + codePointToUtf16(sql, outcome.error.cursor);
      statements.push({ ...base, syntaxError: parseErrorProblem(outcome.error, offset, slice.tokens, slice.span) });
      continue;
    }
    for (const raw of outcome.stmts) statements.push(...splitRaw(raw, outcome.stmts.length, base, at, sql));
  }
  return { text, statements };
}

/** Usually one statement per slice; when the parser finds several, each gets its own span. */
function splitRaw(
  raw: RawStatement,
  count: number,
  base: Omit<ParsedStatement, 'node'>,
  at: (l: number) => number,
  sql: string,
): ParsedStatement[] {
  if (count === 1) return [{ ...base, node: raw.stmt }];
  const start = at(raw.stmt_location ?? 0);
  const end = raw.stmt_len ? at((raw.stmt_location ?? 0) + raw.stmt_len) : base.span.start + sql.length;
  return [{ ...base, span: { start, end }, tokens: base.tokens.filter((t) => t.start >= start && t.end <= end), node: raw.stmt }];
}

function parseErrorProblem(error: ParseError, offset: number, tokens: ScanToken[], span: Span): Problem {
  if (error.tooDeep) return tooDeepToCheck(span);
  const token = tokens.find((t) => t.start <= offset && offset < t.end) ?? tokens.find((t) => t.start >= offset);
  const range = token ? { start: token.start, end: token.end } : { start: Math.max(span.start, span.end - 1), end: span.end };
  return syntaxProblem(range, error.message);
}
