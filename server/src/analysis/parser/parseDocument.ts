import { parseStatements, ParseError, type PgNode, type RawStatement, type ScanToken } from './pgParser';
import { statementSpans, type StatementSpan } from './statementSpans';
import { statementTokens } from './statementTokens';
import { byteToUtf16, codePointToUtf16 } from './byteOffsets';
import type { Problem, Span } from '../types';
import { syntaxProblem } from '../diagnostics/syntaxError';
import { tooDeepToCheck } from '../diagnostics/tooDeep';

/**
 * Where a statement is in its document. When an edit before it moves the statement, the next parse
 * moves its anchor instead of making a new statement: everything derived from the statement (its
 * problems, the origins of the objects it created) follows, and nothing is re-parsed or re-resolved.
 */
export interface Anchor {
  start: number;
  line: number;
}

/** One statement of a document. Offsets are UTF-16 units into the document. */
export class ParsedStatement {
  private cachedTokens?: { start: number; tokens: ScanToken[] };

  constructor(
    readonly text: string,
    readonly anchor: Anchor,
    /** The statement's node, e.g. `{ SelectStmt: {...} }`; absent when it does not parse. */
    readonly node: PgNode | undefined,
    /** Whether a top-level semicolon ends it. */
    readonly terminated: boolean,
    private readonly error?: Problem,
    /** Parser locations are bytes into `text`, or into a larger text this statement was cut from. */
    private readonly toUtf16: (byteOffset: number) => number = byteToUtf16(text),
  ) {}

  /** From the statement's first character that is not a comment to its semicolon. */
  get span(): Span {
    return { start: this.anchor.start, end: this.anchor.start + this.text.length };
  }

  /** The 0-based document line the statement starts on. */
  get line(): number {
    return this.anchor.line;
  }

  /** A parser `location` as a document offset. */
  at(location: number): number {
    return this.anchor.start + this.toUtf16(location);
  }

  /** The real scanner's tokens (comments left out), with document offsets; scanned when first asked for. */
  get tokens(): ScanToken[] {
    const start = this.anchor.start;
    if (this.cachedTokens?.start !== start) {
      this.cachedTokens = { start, tokens: statementTokens(this.text).map((t) => ({ ...t, start: t.start + start, end: t.end + start })) };
    }
    return this.cachedTokens.tokens;
  }

  /** One 42601 problem when the statement does not parse. */
  get syntaxError(): Problem | undefined {
    const e = this.error;
    return e && { ...e, span: { start: e.span.start + this.anchor.start, end: e.span.end + this.anchor.start } };
  }

  /** The same statement with another node of its tree as the statement (EXPLAIN's query, CREATE SCHEMA's elements). */
  withNode(node: PgNode): ParsedStatement {
    return new ParsedStatement(this.text, this.anchor, node, this.terminated, this.error, this.toUtf16);
  }
}

export interface ParsedDocument {
  text: string;
  statements: ParsedStatement[];
  /**
   * How this parse reused the previous one: statements before `changedFrom` and from `unchangedFrom` on
   * are the previous parse's statements (the latter moved by the edit); `previousIndex(i)` gives their
   * index there.
   */
  reuse?: { previous: ParsedDocument; changedFrom: number; unchangedFrom: number; previousIndex(i: number): number };
}

const consumed = new WeakSet<ParsedDocument>();

type ParseOutcome = { stmts: RawStatement[] } | { error: ParseError };

/**
 * Parses are cached by statement text: a statement that an edit did not change is not parsed again.
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
 * With `previous` (the parse of the text before an edit), only the statements the edit touched are cut
 * and parsed again; the others are reused and moved.
 */
export function parseDocument(text: string, previous?: ParsedDocument): ParsedDocument {
  const lines = lineCounter(text);
  // A parse is the base of at most one reparse: reusing moves its statements' anchors.
  if (previous && !consumed.has(previous)) {
    consumed.add(previous);
    const reused = reparse(text, previous, lines);
    if (reused) return reused;
  }
  return { text, statements: statementSpans(text).flatMap((s) => parseSpan(text, s, lines)) };
}

/** Parses one cut statement; usually one statement, several when the parser finds more than one. */
function parseSpan(text: string, span: StatementSpan, lines: (offset: number) => number): ParsedStatement[] {
  const sql = text.slice(span.start, span.end);
  const anchor = { start: span.start, line: lines(span.start) };
  const outcome = parseCached(sql);
  if ('error' in outcome) {
    const offset = codePointToUtf16(sql, outcome.error.cursor);
    return [new ParsedStatement(sql, anchor, undefined, span.terminated, parseErrorProblem(outcome.error, offset, sql))];
  }
  if (outcome.stmts.length === 1) return [new ParsedStatement(sql, anchor, outcome.stmts[0].stmt, span.terminated)];
  // Several statements in one cut (rare): each gets its own text, its locations still count from the cut's start.
  const toUtf = byteToUtf16(sql);
  return outcome.stmts.map((raw) => {
    const from = toUtf(raw.stmt_location ?? 0);
    const to = raw.stmt_len ? toUtf((raw.stmt_location ?? 0) + raw.stmt_len) : sql.length;
    const part = { start: span.start + from, line: lines(span.start + from) };
    return new ParsedStatement(sql.slice(from, to), part, raw.stmt, span.terminated, undefined, (b) => toUtf(b) - from);
  });
}

/**
 * Reuses the previous parse around an edit: the statements wholly before the changed text stay, those
 * wholly after it move by the length difference, and the text between is cut and parsed again. The
 * cut is only trusted where it ends on a boundary the previous parse had; otherwise the rest is cut anew.
 */
function reparse(text: string, previous: ParsedDocument, lines: (offset: number) => number): ParsedDocument | undefined {
  const old = previous.text;
  const prefix = commonPrefix(old, text);
  const olds = previous.statements;
  if (prefix === old.length && prefix === text.length) {
    return { text, statements: olds, reuse: { previous, changedFrom: olds.length, unchangedFrom: olds.length, previousIndex: (i) => i } };
  }
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  const delta = text.length - old.length;
  let kept = 0;
  while (kept < olds.length && (olds[kept].span.end < prefix || (olds[kept].span.end === prefix && olds[kept].terminated))) kept++;
  const from = kept > 0 ? olds[kept - 1].span.end : 0;
  const changedEnd = text.length - suffix;
  const cut = statementSpans(text, from, changedEnd);
  const lastEnd = cut.length ? cut[cut.length - 1].end : from;
  // Synchronised when the new cut ends where a previous statement ended (both at top level).
  let tail = olds.findIndex((s, i) => i >= kept && s.span.start >= lastEnd - delta && s.span.start >= old.length - suffix);
  const boundary = lastEnd - delta;
  const synced = lastEnd >= changedEnd && (boundary === 0 || olds.some((s) => s.terminated && s.span.end === boundary));
  if (!synced) tail = -1;
  const fresh = (tail < 0 ? statementSpans(text, from) : cut).flatMap((s) => parseSpan(text, s, lines));
  const moved = tail < 0 ? [] : olds.slice(tail);
  const lineDelta = countLines(text, prefix, changedEnd) - countLines(old, prefix, old.length - suffix);
  for (const s of moved) {
    s.anchor.start += delta;
    s.anchor.line += lineDelta;
  }
  const statements = [...olds.slice(0, kept), ...fresh, ...moved];
  const unchangedFrom = kept + fresh.length;
  return {
    text,
    statements,
    reuse: { previous, changedFrom: kept, unchangedFrom, previousIndex: (i) => (i < kept ? i : i - unchangedFrom + tail) },
  };
}

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  // Native comparison of large chunks first; the loop below settles the last chunk.
  for (let step = 65_536; step >= 1; step >>= 4) {
    while (n + step <= max && a.slice(n, n + step) === b.slice(n, n + step)) n += step;
  }
  return n;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  for (let step = 65_536; step >= 1; step >>= 4) {
    while (n + step <= max && a.slice(a.length - n - step, a.length - n) === b.slice(b.length - n - step, b.length - n)) n += step;
  }
  return n;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Line numbers of increasing offsets, counted once through the text. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 0;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 0;
    }
    line += countLines(text, at, offset);
    at = offset;
    return line;
  };
}

/** The parse error as a problem, relative to the statement: on the token at the parser's position. */
function parseErrorProblem(error: ParseError, offset: number, sql: string): Problem {
  const whole = { start: 0, end: sql.length };
  if (error.tooDeep) return tooDeepToCheck(whole);
  const tokens = statementTokens(sql);
  const token = tokens.find((t) => t.start <= offset && offset < t.end) ?? tokens.find((t) => t.start >= offset);
  const range = token ? { start: token.start, end: token.end } : { start: Math.max(0, sql.length - 1), end: sql.length };
  return syntaxProblem(range, error.message);
}
