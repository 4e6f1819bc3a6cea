import { scanTokens, type ScanToken } from './pgParser';
import { byteToUtf16 } from './byteOffsets';
import { findLiterals, type Literal } from './literals';
import type { Span } from '../types';

/** One statement's text in a document, cut at top-level semicolons by the Postgres scanner. */
export interface StatementSlice {
  /** UTF-16 offsets into the document: from the statement's first token to its semicolon (included). */
  span: Span;
  /** Tokens of the statement (comments left out), offsets in UTF-16 units relative to the document. */
  tokens: ScanToken[];
}

const isComment = (t: ScanToken) => t.text.startsWith('--') || t.text.startsWith('/*');

/**
 * Splits a document into statements with the real scanner, so quotes, dollar quotes and comments never
 * split a statement, and `BEGIN ATOMIC ... END` bodies stay whole. Never throws: when the text ends
 * inside an unterminated literal, the text from there on belongs to the last statement.
 */
export function splitStatements(text: string): StatementSlice[] {
  const { tokens, unterminatedAt } = scanDocument(text);
  const slices: StatementSlice[] = [];
  let current: ScanToken[] = [];
  let atomicDepth = 0;
  const flush = () => {
    if (current.length > 0 && !(current.length === 1 && current[0].text === ';')) {
      slices.push({ span: { start: current[0].start, end: current[current.length - 1].end }, tokens: current });
    }
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isComment(t)) continue;
    current.push(t);
    const word = t.text.toLowerCase();
    if (word === 'atomic' && tokens[i - 1]?.text.toLowerCase() === 'begin') atomicDepth++;
    else if (atomicDepth > 0 && word === 'case') atomicDepth++;
    else if (atomicDepth > 0 && word === 'end') atomicDepth--;
    else if (t.text === ';' && atomicDepth === 0) flush();
  }
  if (unterminatedAt !== undefined) {
    current.push({ start: unterminatedAt, end: text.length, text: text.slice(unterminatedAt), tokenType: 0, keywordKind: 0 });
  }
  flush();
  return slices;
}

/** Tokens of the whole text in UTF-16 offsets, and where an unterminated literal begins, if one does. */
function scanDocument(text: string): { tokens: ScanToken[]; unterminatedAt?: number } {
  const { literals, unterminatedAt } = findLiterals(text);
  const scanned = unterminatedAt === undefined ? text : text.slice(0, unterminatedAt);
  const long = literals.filter((l) => l.end - l.start > LONG_LITERAL && l.end <= scanned.length);
  const { masked, toOriginal } = shorten(scanned, long);
  let raw: ScanToken[];
  try {
    raw = scanTokens(masked);
  } catch {
    return { tokens: [], unterminatedAt: 0 };
  }
  const toUtf = byteToUtf16(masked);
  const tokens = raw.map((t) => {
    const start = toOriginal(toUtf(t.start));
    const end = toOriginal(toUtf(t.end));
    return { ...t, start, end, text: text.slice(start, end) };
  });
  return { tokens, unterminatedAt };
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
