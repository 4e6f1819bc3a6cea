import type { Span } from '../types';

/** One statement of a document: from its first character that is not a comment to its `;` (included). */
export interface StatementSpan extends Span {
  /** Whether it ends with a top-level semicolon (else the document ends first). */
  terminated: boolean;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isWordPart = (c: number) => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;

/**
 * Cuts text into statements at top-level semicolons, following the Postgres scanner's quoting rules
 * (strings, E'' escapes, quoted identifiers, dollar quotes, nested comments), and keeping
 * `BEGIN ATOMIC ... END` bodies whole. A literal left open runs to the end of the text. This is the
 * scanner's lexical structure only, in plain JavaScript: the real scanner's token stream costs seconds on a
 * multi-megabyte file, so statements are scanned one by one, when their tokens are needed.
 * Starts at `from`; stops after the first statement that ends at or after `until` (default: the end).
 */
export function statementSpans(text: string, from = 0, until = text.length): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = -1;
  let atomic = 0;
  let previousWord = '';
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      i = commentEnd(text, i);
      continue;
    }
    if (start < 0) start = i;
    if (c === 59) {
      i++;
      if (atomic === 0) {
        spans.push({ start, end: i, terminated: true });
        start = -1;
        if (i >= until) return spans;
      }
      continue;
    }
    if (c === 39) {
      const escapes = (text.charCodeAt(i - 1) | 32) === 101 && !isWordPart(text.charCodeAt(i - 2)) && i - 1 >= start;
      i = quoteEnd(text, i, 39, escapes);
    } else if (c === 34) {
      i = quoteEnd(text, i, 34, false);
    } else if (c === 36 && !isWordPart(text.charCodeAt(i - 1))) {
      i = dollarEnd(text, i);
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j).toLowerCase();
      if (word === 'atomic' && previousWord === 'begin') atomic++;
      else if (atomic > 0 && word === 'case') atomic++;
      else if (atomic > 0 && word === 'end') atomic--;
      previousWord = word;
      i = j;
    } else {
      i++;
    }
  }
  if (start >= 0) spans.push({ start, end: lastSignificant(text, start), terminated: false });
  return spans;
}

/** End of a quoted string or identifier; the end of the text when it is never closed. */
function quoteEnd(text: string, i: number, quote: number, backslashEscapes: boolean): number {
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (backslashEscapes && c === 92) k++;
    else if (c === quote) {
      if (text.charCodeAt(k + 1) === quote) k++;
      else return k + 1;
    }
  }
  return text.length;
}

function dollarEnd(text: string, i: number): number {
  const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64))?.[0];
  if (!tag) return i + 1;
  const close = text.indexOf(tag, i + tag.length);
  return close < 0 ? text.length : close + tag.length;
}

function commentEnd(text: string, i: number): number {
  let depth = 0;
  for (let k = i; k < text.length - 1; k++) {
    const two = text.charCodeAt(k) * 256 + text.charCodeAt(k + 1);
    if (two === 47 * 256 + 42) {
      depth++;
      k++;
    } else if (two === 42 * 256 + 47) {
      depth--;
      k++;
      if (depth === 0) return k + 1;
    }
  }
  return text.length;
}

/** The end of a statement the text ends in: its last character that is not white space. */
function lastSignificant(text: string, start: number): number {
  let end = text.length;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
