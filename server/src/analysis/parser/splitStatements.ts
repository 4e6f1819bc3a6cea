import { scanTokens, type ScanToken } from './pgParser';
import { byteToUtf16 } from './byteOffsets';
import type { Span } from '../types';

/** One statement's text in a document, cut at top-level semicolons by the Postgres scanner. */
export interface StatementSlice {
  /** UTF-16 offsets into the document: from the statement's first token to its semicolon (included). */
  span: Span;
  /** Tokens of the statement, offsets in UTF-16 units relative to the document. */
  tokens: ScanToken[];
  /** Set when the scanner stopped inside this statement (an unterminated quote or comment). */
  unterminated?: true;
}

const isComment = (t: ScanToken) => t.text.startsWith('--') || t.text.startsWith('/*');

/**
 * Splits a document into statements with the real scanner, so quotes, dollar quotes and comments never
 * split a statement, and `BEGIN ATOMIC ... END` bodies stay whole. Never throws: when the scanner stops
 * at an unterminated literal, the text from there on is the last statement, marked unterminated.
 */
export function splitStatements(text: string): StatementSlice[] {
  const { tokens, stopAt } = scanDocument(text);
  const slices: StatementSlice[] = [];
  let current: ScanToken[] = [];
  let atomicDepth = 0;
  const flush = () => {
    const meaningful = current.filter((t) => !isComment(t));
    if (meaningful.length > 0 && !(meaningful.length === 1 && meaningful[0].text === ';')) {
      slices.push({ span: { start: meaningful[0].start, end: meaningful[meaningful.length - 1].end }, tokens: meaningful });
    }
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    current.push(t);
    const word = t.text.toLowerCase();
    if (word === 'atomic' && tokens[i - 1]?.text.toLowerCase() === 'begin') atomicDepth++;
    else if (atomicDepth > 0 && word === 'case') atomicDepth++;
    else if (atomicDepth > 0 && word === 'end') atomicDepth--;
    else if (t.text === ';' && atomicDepth === 0) flush();
  }
  if (stopAt !== undefined) {
    const tail: ScanToken = { start: stopAt, end: text.length, text: text.slice(stopAt), tokenType: 0, keywordKind: 0 };
    current.push(tail);
    const start = current.find((t) => !isComment(t))!.start;
    slices.push({ span: { start, end: text.length }, tokens: current.filter((t) => !isComment(t)), unterminated: true });
  } else {
    flush();
  }
  return slices;
}

/** Tokens of the whole text in UTF-16 offsets, and where scanning had to stop, if it did. */
function scanDocument(text: string): { tokens: ScanToken[]; stopAt?: number } {
  try {
    return { tokens: toUtf16(text, scanTokens(text)) };
  } catch {
    const stopAt = unterminatedAt(text);
    try {
      return { tokens: toUtf16(text, scanTokens(text.slice(0, stopAt))), stopAt };
    } catch {
      return { tokens: [], stopAt: 0 };
    }
  }
}

/**
 * Where the unterminated quote, dollar quote or comment that stopped the scanner begins (UTF-16 offset).
 * The scanner does not report it, so this walks the same quoting rules; it is used only after a failure.
 */
export function unterminatedAt(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i, i + 2);
    let end = -1;
    if (rest === '--') end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (rest === '/*') end = commentEnd(text, i);
    else if (c === "'") end = quoteEnd(text, i, "'", /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? ''));
    else if (c === '"') end = quoteEnd(text, i, '"', false);
    else if (c === '$' && !/[\w$]/.test(text[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*\$|^\$\$/.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        end = close < 0 ? -1 : close + tag.length;
      } else end = i + 1;
    } else end = i + 1;
    if (end < 0) return i;
    i = end;
  }
  return text.length;
}

function quoteEnd(text: string, i: number, q: string, backslashEscapes: boolean): number {
  for (let k = i + 1; k < text.length; k++) {
    if (backslashEscapes && text[k] === '\\') k++;
    else if (text[k] === q) {
      if (text[k + 1] === q) k++;
      else return k + 1;
    }
  }
  return -1;
}

function commentEnd(text: string, i: number): number {
  let depth = 0;
  for (let k = i; k < text.length - 1; k++) {
    const two = text.slice(k, k + 2);
    if (two === '/*') { depth++; k++; }
    else if (two === '*/') { depth--; k++; if (depth === 0) return k + 1; }
  }
  return -1;
}

function toUtf16(text: string, tokens: ScanToken[]): ScanToken[] {
  const toUtf = byteToUtf16(text);
  return tokens.map((t) => ({ ...t, start: toUtf(t.start), end: toUtf(t.end), text: text.slice(toUtf(t.start), toUtf(t.end)) }));
}
