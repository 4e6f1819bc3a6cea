import type { Span } from '../types';
import { literalAt } from './literals';

/** One statement of a document: from its first character that is not a comment to its `;` (included). */
export interface StatementSpan extends Span {
  /** Whether it ends with a top-level semicolon (else the document ends first). */
  terminated: boolean;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isWordPart = (c: number) => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
/** By length, the lower-case first letter of the one block word of that length: end, case, begin, atomic. */
const BLOCK_WORD_INITIAL: readonly (number | undefined)[] = [undefined, undefined, undefined, 101, 99, 98, 97];

/**
 * Cuts text into statements at top-level semicolons, skipping literals and comments by the scanner's
 * quoting rules (literals.ts), and keeping `BEGIN ATOMIC ... END` bodies and the parenthesised actions of
 * `CREATE RULE ... DO (a; b)` whole (psql tracks parentheses in every statement; here only in rules, where a
 * `;` inside them is valid, so that a parenthesis left open while typing does not swallow the rest of the
 * file). A literal left open runs to the end of the text. This is the
 * scanner's lexical structure only, in plain JavaScript: the real scanner's token stream costs seconds on a
 * multi-megabyte file, so statements are scanned one by one, when their tokens are needed.
 * Starts at `from`; stops after the first statement that ends at or after `until` (default: the end).
 */
export function statementSpans(text: string, from = 0, until = text.length): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = -1;
  let atomic = 0;
  let previousWord = '';
  // The words of the statement so far (up to `create or replace rule`), and the depth of parentheses in a rule.
  let words = 0;
  let rule = false;
  let depth = 0;
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    // Only - / ' " $ can begin a comment or literal.
    const literal = c === 45 || c === 47 || c === 39 || c === 34 || c === 36 ? literalAt(text, i) : undefined;
    const literalEnd = literal && (literal.end < 0 ? n : literal.end);
    if (literal?.comment) {
      i = literalEnd!;
      continue;
    }
    if (start < 0) start = i;
    // `BEGIN ATOMIC` is two adjacent words: anything else between them (or a `;`) breaks the pair.
    if (literal || !isWordStart(c)) previousWord = '';
    if (c === 59) {
      i++;
      if (atomic === 0 && depth === 0) {
        spans.push({ start, end: i, terminated: true });
        start = -1;
        words = 0;
        rule = false;
        if (i >= until) return spans;
      }
      continue;
    }
    if (literal) {
      i = literalEnd!;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      // Only the first words and end, case, begin, atomic matter: the others are not copied.
      const length = j - i;
      const word = words < 4 || BLOCK_WORD_INITIAL[length] === (c | 32) ? text.slice(i, j).toLowerCase() : '';
      if (words < 4) {
        rule ||= word === 'rule' && (words === 1 || (words === 3 && previousWord === 'replace'));
        if ((words === 0 && word !== 'create') || (words === 1 && word !== 'or' && !rule)) words = 4;
        else words++;
      }
      if (word === 'atomic' && previousWord === 'begin') atomic++;
      else if (atomic > 0 && word === 'case') atomic++;
      else if (atomic > 0 && word === 'end') atomic--;
      previousWord = word;
      i = j;
    } else {
      if (rule && c === 40) depth++;
      else if (rule && c === 41 && depth > 0) depth--;
      i++;
    }
  }
  if (start >= 0) spans.push({ start, end: lastSignificant(text, start), terminated: false });
  return spans;
}

/** The end of a statement the text ends in: its last character that is not white space. */
function lastSignificant(text: string, start: number): number {
  let end = text.length;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
