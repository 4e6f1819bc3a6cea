import { scanTokens, type ScanToken } from './pgParser';
import { byteToUtf16 } from './byteOffsets';
import { findLiterals, type Literal } from './literals';

const isComment = (t: ScanToken) => t.text.startsWith('--') || t.text.startsWith('/*');

/** Tokens by statement text: a statement that did not change is not scanned again. */
const cache = new Map<string, readonly ScanToken[]>();
const CACHE_LIMIT = 20_000;

/**
 * The real scanner's tokens of one statement (comments left out), offsets in UTF-16 units relative to
 * the statement. Never throws: an unterminated literal becomes one last token to the end.
 */
export function statementTokens(sql: string): readonly ScanToken[] {
  let tokens = cache.get(sql);
  if (!tokens) {
    tokens = scan(sql);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(sql, tokens);
  }
  return tokens;
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
