import { parseStatements, ParseError, type PgNode, type RawStatement, type ScanToken } from './pgParser';
import { statementSpans, type StatementSpan } from './statementSpans';
import { statementTokens, tokensAt, type PlacedTokens } from './statementTokens';
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
  private cachedTokens?: PlacedTokens;
  private tree: PgNode | undefined;
  /** The tree was let go (releaseTree): parsed again from the text when asked for. */
  private released = false;
  /** The parse outcome its tree came from: kept alive with the statement, so the parse cache keeps it too. */
  private outcome: object | undefined;

  constructor(
    readonly text: string,
    readonly anchor: Anchor,
    node: PgNode | undefined,
    /** Whether a top-level semicolon ends it. */
    readonly terminated: boolean,
    private readonly error?: Problem,
    /** Parser locations are bytes into `text`, or into a larger text this statement was cut from. */
    private readonly toUtf16: (byteOffset: number) => number = byteToUtf16(text),
    /**
     * From the anchor to the end of the piece of text the statement was cut from: its own end, or, when the
     * parser found several statements in one cut, the cut's end. A reparse may keep or move whole cuts only.
     */
    private readonly cutLength = text.length,
    /** The whole cut is this one statement, parsed from `text`: its tree can be let go and parsed again. */
    private readonly reparseable = false,
  ) {
    this.tree = node;
  }

  /** The statement's node, e.g. `{ SelectStmt: {...} }`; absent when it does not parse. */
  get node(): PgNode | undefined {
    if (this.released) {
      this.released = false;
      const outcome = parseCached(this.text);
      this.tree = 'stmts' in outcome ? outcome.stmts[0]?.stmt : undefined;
      this.outcome = outcome;
    }
    return this.tree;
  }

  /**
   * Lets the parse tree go while the statement stays (a replayed migration's analysis, kept until the
   * references index has read it: its trees are most of it); asked for again, it is parsed again from the
   * text (the same tree, another object). Only a statement that is its cut's whole and only statement.
   */
  releaseTree(): void {
    if (!this.reparseable || this.tree === undefined) return;
    this.tree = undefined;
    this.released = true;
    this.outcome = undefined;
  }

  /** Keeps the parse outcome its tree is from alive as long as this statement (see `parseCache`). */
  keep(outcome: object): void {
    this.outcome = outcome;
  }

  /** The end of the cut this statement came from (see `cutLength`). */
  get cutEnd(): number {
    return this.anchor.start + this.cutLength;
  }

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
    if (this.cachedTokens?.start !== start) this.cachedTokens = tokensAt(this.text, start);
    return this.cachedTokens.tokens;
  }

  /**
   * Lets the tokens go while the statement stays (a caller done with them, e.g. the references index of a
   * history file whose analysis lives until the whole file is indexed); asked for again, they are scanned again.
   */
  releaseTokens(): void {
    this.cachedTokens = undefined;
  }

  /** One 42601 problem when the statement does not parse. */
  get syntaxError(): Problem | undefined {
    const e = this.error;
    return e && { ...e, span: { start: e.span.start + this.anchor.start, end: e.span.end + this.anchor.start } };
  }

  /** The same statement with another node of its tree as the statement (EXPLAIN's query, CREATE SCHEMA's elements). */
  withNode(node: PgNode): ParsedStatement {
    return new ParsedStatement(this.text, this.anchor, node, this.terminated, this.error, this.toUtf16, this.cutLength);
  }
}

export interface ParsedDocument {
  text: string;
  statements: ParsedStatement[];
}

/**
 * How a reparse reused the previous parse: statements before `changedFrom` and from `unchangedFrom` on
 * are the previous parse's statements (the latter moved by the edit); `previousIndex(i)` gives their index
 * there. Plain numbers: nothing of the previous version stays reachable from the new parse.
 */
export interface ParseReuse {
  changedFrom: number;
  unchangedFrom: number;
  previousIndex(i: number): number;
}

const consumed = new WeakSet<ParsedDocument>();

/** A parse error as data: a cached Error would keep its stack's frames, and what they hold (whole document texts), alive. */
type SyntaxErrorAt = Pick<ParseError, 'message' | 'cursor' | 'tooDeep'>;
type ParseOutcome = { stmts: RawStatement[] } | { error: SyntaxErrorAt };

/**
 * Parses by statement text, for as long as a statement of that text holds them (a `WeakRef`, the outcome
 * kept alive by the statements made from it, `keep`): a statement an edit did not change, or that came back
 * (an undo, a replay of a file whose statements are still alive), is not parsed again, nor the same SQL of
 * another PL/pgSQL body (`RETURN NEW`, `NEW.updated_at := now()`) in the same run (a WeakRef's target lives
 * at least until the synchronous run that made or read it ends); the trees of statements no document has any
 * more are not kept (a history's trees, once its analysis is dropped). The trees are shared: nothing of the
 * analysis writes to a parse tree.
 */
const parseCache = new Map<string, WeakRef<ParseOutcome>>();
const collected = new FinalizationRegistry<string>((sql) => {
  if (!parseCache.get(sql)?.deref()) parseCache.delete(sql);
});

export function parseCached(sql: string): ParseOutcome {
  let outcome = parseCache.get(sql)?.deref();
  if (!outcome) {
    try {
      outcome = { stmts: parseStatements(sql) };
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      outcome = { error: { message: e.message, cursor: e.cursor, tooDeep: e.tooDeep } };
    }
    parseCache.set(sql, new WeakRef(outcome));
    collected.register(outcome, sql);
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
  return reparseDocument(text, previous).parsed;
}

/**
 * `parseDocument`, and how the result reused `previous` (absent when it was parsed from scratch). The
 * result equals a fresh parse of `text` statement for statement (the differential edit tests hold it to
 * that); reused statements are the previous parse's objects, moved.
 */
export function reparseDocument(text: string, previous?: ParsedDocument): { parsed: ParsedDocument; reuse?: ParseReuse } {
  const lines = lineCounter(text);
  // A parse is the base of at most one reparse: reusing moves its statements' anchors.
  if (previous && !consumed.has(previous)) {
    consumed.add(previous);
    return reparse(text, previous, lines);
  }
  return { parsed: { text, statements: statementSpans(text).flatMap((s) => parseSpan(text, s, lines)) } };
}

/** Parses one cut statement; usually one statement, several when the parser finds more than one. */
function parseSpan(text: string, span: StatementSpan, lines: (offset: number) => number): ParsedStatement[] {
  const sql = detached(text.slice(span.start, span.end));
  const outcome = parseCached(sql);
  const statements = statementsOf(sql, span, outcome, lines);
  for (const s of statements) s.keep(outcome);
  return statements;
}

function statementsOf(sql: string, span: StatementSpan, outcome: ParseOutcome, lines: (offset: number) => number): ParsedStatement[] {
  const anchor = { start: span.start, line: lines(span.start) };
  if ('error' in outcome) {
    const offset = codePointToUtf16(sql, outcome.error.cursor);
    return [new ParsedStatement(sql, anchor, undefined, span.terminated, parseErrorProblem(outcome.error, offset, sql))];
  }
  if (outcome.stmts.length === 1) return [new ParsedStatement(sql, anchor, outcome.stmts[0].stmt, span.terminated, undefined, undefined, undefined, true)];
  // Several statements in one cut (rare): each gets its own text, its locations still count from the cut's start.
  const toUtf = byteToUtf16(sql);
  return outcome.stmts.map((raw) => {
    const from = toUtf(raw.stmt_location ?? 0);
    const to = raw.stmt_len ? toUtf((raw.stmt_location ?? 0) + raw.stmt_len) : sql.length;
    const part = { start: span.start + from, line: lines(span.start + from) };
    return new ParsedStatement(sql.slice(from, to), part, raw.stmt, span.terminated, undefined, (b) => toUtf(b) - from, sql.length - from);
  });
}

/**
 * Reuses the previous parse around an edit: the cuts wholly before the changed text stay, those wholly
 * after it move by the length difference, and the text between is cut and parsed again.
 * Why that equals a fresh cut: the cutter reads left to right and is back in its initial state after each
 * top-level semicolon. A terminated cut that ends before the first changed character was made from
 * unchanged text, so it stays. The new cut runs until it has passed the changed text and ends on a
 * semicolon; if the previous cut also ended a statement at that same place of the unchanged tail, both
 * cutters are in the initial state there with the same text ahead, so every later cut is the same.
 * Otherwise the rest is cut anew. An unterminated statement runs to the end of the text and never stays.
 */
function reparse(text: string, previous: ParsedDocument, lines: (offset: number) => number): { parsed: ParsedDocument; reuse: ParseReuse } {
  const old = previous.text;
  const prefix = commonPrefix(old, text);
  const olds = previous.statements;
  if (prefix === old.length && prefix === text.length) {
    return { parsed: { text, statements: olds }, reuse: { changedFrom: olds.length, unchangedFrom: olds.length, previousIndex: (i) => i } };
  }
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  const delta = text.length - old.length;
  let kept = 0;
  while (kept < olds.length && olds[kept].terminated && olds[kept].cutEnd <= prefix) kept++;
  // Several statements of one cut stay or go together.
  while (kept > 0 && kept < olds.length && olds[kept].cutEnd === olds[kept - 1].cutEnd) kept--;
  const from = kept > 0 ? olds[kept - 1].cutEnd : 0;
  const changedEnd = text.length - suffix;
  const cut = statementSpans(text, from, changedEnd);
  const last = cut[cut.length - 1];
  const boundary = last ? last.end - delta : -1;
  // The first previous statement whose cut starts in the unchanged tail, right after a cut that ended at `boundary`.
  let tail = -1;
  if (last?.terminated && last.end >= changedEnd) {
    const after = olds.findIndex((s, i) => i >= kept && s.anchor.start >= boundary);
    if (after > kept && olds[after - 1].terminated && olds[after - 1].cutEnd === boundary) tail = after;
  }
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
    parsed: { text, statements },
    reuse: { changedFrom: kept, unchangedFrom, previousIndex: (i) => (i < kept ? i : i - unchangedFrom + tail) },
  };
}

/**
 * A copy of a piece of a larger string that does not keep the larger one alive. V8 makes `slice` a view
 * into its parent, so a statement's text would otherwise hold the whole document version it was cut from:
 * every version of a large file that left one statement behind would stay in memory.
 */
function detached(piece: string): string {
  return (' ' + piece).slice(1);
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
function parseErrorProblem(error: SyntaxErrorAt, offset: number, sql: string): Problem {
  const whole = { start: 0, end: sql.length };
  if (error.tooDeep) return tooDeepToCheck(whole);
  // From where Postgres places it: a token's start, or inside a literal (a bad escape). A scanner error
  // (`123abc`, `""`) leaves no tokens to look at: the text the message quotes is there.
  const tokens = statementTokens(sql);
  const within = tokens.find((t) => t.start <= offset && offset < t.end);
  const near = /at or near "(.*)"$/s.exec(error.message)?.[1];
  const after = tokens.find((t) => t.start >= offset);
  const range = within
    ? { start: offset, end: within.end }
    : near && sql.startsWith(near, offset)
      ? { start: offset, end: offset + near.length }
      : after
        ? { start: after.start, end: after.end }
        : { start: Math.max(0, sql.length - 1), end: sql.length };
  return syntaxProblem(range, error.message);
}
