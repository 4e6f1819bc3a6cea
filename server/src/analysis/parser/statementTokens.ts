import { scanTokens, type ScanToken } from './pgParser';
import { byteToUtf16 } from './byteOffsets';
import { findLiterals, type Literal } from './literals';

const isComment = (t: ScanToken) => t.text.startsWith('--') || t.text.startsWith('/*');

/** A statement's tokens placed at an offset of its document. */
export interface PlacedTokens {
  start: number;
  tokens: ScanToken[];
}

/**
 * Tokens by statement text, for as long as a statement of that text holds them (a `WeakRef`: a statement
 * that did not change, or came back by an undo, a replay or a reopening while its old self is alive, is not
 * scanned again; the tokens of statements no document has any more are not kept).
 */
const cache = new Map<string, WeakRef<PlacedTokens>>();
const collected = new FinalizationRegistry<string>((sql) => {
  if (!cache.get(sql)?.deref()) cache.delete(sql);
});

/**
 * The real scanner's tokens of one statement (comments left out), offsets in UTF-16 units from `start`
 * (the statement's anchor; 0: relative to the statement). Never throws: an unterminated literal becomes
 * one last token to the end. The result is shared: callers must not change it.
 */
export function tokensAt(sql: string, start: number): PlacedTokens {
  const found = cache.get(sql)?.deref();
  if (found?.start === start) return found;
  const by = found ? start - found.start : start;
  const placed = { start, tokens: (found ? found.tokens : scan(sql)).map((t) => ({ ...t, start: t.start + by, end: t.end + by })) };
  cache.set(sql, new WeakRef(placed));
  collected.register(placed, sql);
  return placed;
}

/** The tokens of one statement relative to it (see tokensAt). */
export function statementTokens(sql: string): readonly ScanToken[] {
  return tokensAt(sql, 0).tokens;
}

function scan(sql: string): ScanToken[] {
  const { literals, unterminatedAt } = findLiterals(sql);
  const scanned = unterminatedAt === undefined ? sql : sql.slice(0, unterminatedAt);
  const long = literals.filter((l) => l.placeholder && l.end - l.start > LONG_LITERAL && l.end <= scanned.length);
  const { masked, toOriginal } = shorten(scanned, long);
  let raw: ScanToken[];
  try {
    raw = scanTokens(masked);
  } catch {
    raw = [];
  }
  const toUtf = byteToUtf16(masked);
  const tokens = raw
    .map((t) => {
      const start = toOriginal(toUtf(t.start));
      const end = toOriginal(toUtf(t.end));
      return { ...t, start, end, text: sql.slice(start, end) };
    })
    .filter((t) => !isComment(t));
  if (unterminatedAt !== undefined) tokens.push({ start: unterminatedAt, end: sql.length, text: sql.slice(unterminatedAt), tokenType: 0, keywordKind: 0 });
  return tokens;
}

/** Tokens longer than this are shortened before scanning: the scanner's output breaks past ~1,400 bytes. */
const LONG_LITERAL = 512;

/** Replaces long literals by equivalent short ones, and maps offsets in the result back. */
function shorten(text: string, long: Literal[]): { masked: string; toOriginal: (offset: number) => number } {
  if (long.length === 0) return { masked: text, toOriginal: (o) => o };
  const parts: string[] = [];
  const marks: { maskedStart: number; maskedEnd: number; original: Literal }[] = [];
  let from = 0;
  let length = 0;
  for (const l of long) {
    parts.push(text.slice(from, l.start), l.placeholder);
    length += l.start - from;
    marks.push({ maskedStart: length, maskedEnd: length + l.placeholder.length, original: l });
    length += l.placeholder.length;
    from = l.end;
  }
  parts.push(text.slice(from));
  const toOriginal = (offset: number) => {
    let shift = 0;
    for (const m of marks) {
      if (offset < m.maskedStart) break;
      if (offset < m.maskedEnd) return m.original.start + (offset > m.maskedStart ? m.original.end - m.original.start : 0);
      shift = m.original.end - m.maskedEnd;
    }
    return offset + shift;
  };
  return { masked: parts.join(''), toOriginal };
}
