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
 * What can matter once a statement's first words are read (in any statement but a rule): a semicolon, a
 * character that may begin a literal or a comment, or a block word. The regular expression finds the next one
 * natively, so the text between is not walked character by character (a tenth of a cold check's own time on
 * 50,000 lines was that walk). A block word found inside a longer word is checked with `startsWord`.
 */
const NEXT_MARK = /[;'"$\-/]|(?:begin|atomic|case|end)(?![\w$\u0080-\uffff])/gi;
/** The block words by length, which also tells them apart. */
const END = 3;
const CASE = 4;
const BEGIN = 5;
const ATOMIC = 6;
/** The length of the block word a mark ends in, by its last character in lower case: atomic, end, case, begin. */
const BLOCK_WORD_BY_LAST: ReadonlyMap<number, number> = new Map([
  [99, ATOMIC],
  [100, END],
  [101, CASE],
  [110, BEGIN],
]);

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
    if (start >= 0 && words >= 4 && !rule) {
      // Past the first words of a statement that is not a rule. `skipped`: where the words the search skips
      // begin (after the last literal, comment or block word). `afterBegin`: after BEGIN, where only white space
      // and comments have followed it since (BEGIN ATOMIC is two adjacent words), else -1.
      let skipped = i;
      let afterBegin = previousWord === 'begin' ? i : -1;
      previousWord = '';
      let end = -1;
      NEXT_MARK.lastIndex = skipped;
      // `test`, not `exec`: no match object for each mark. The mark's last character says which it is.
      while (NEXT_MARK.test(text)) {
        const after = NEXT_MARK.lastIndex;
        const last = text.charCodeAt(after - 1) | 32;
        const word = BLOCK_WORD_BY_LAST.get(last);
        if (word !== undefined) {
          const at = after - word;
          if (!startsWord(text, at, skipped)) continue;
          if (word === ATOMIC && afterBegin >= 0 && onlySpace(text, afterBegin, at)) atomic++;
          else if (atomic > 0 && word === CASE) atomic++;
          else if (atomic > 0 && word === END) atomic--;
          skipped = after;
          afterBegin = word === BEGIN ? after : -1;
          continue;
        }
        const at = after - 1;
        if (last === 59) {
          skipped = after;
          afterBegin = -1;
          if (atomic > 0) continue;
          end = after;
          break;
        }
        const literal = literalAt(text, at);
        // An operator, or a `$` inside a word or one that begins no dollar quote.
        if (!literal) {
          afterBegin = -1;
          continue;
        }
        const literalEnd = literal.end < 0 ? n : literal.end;
        afterBegin = literal.comment && afterBegin >= 0 && onlySpace(text, afterBegin, at) ? literalEnd : -1;
        skipped = literalEnd;
        NEXT_MARK.lastIndex = literalEnd;
      }
      // No semicolon ends it: the statement runs to the end of the text.
      if (end < 0) break;
      i = end;
      spans.push({ start, end, terminated: true });
      start = -1;
      words = 0;
      if (i >= until) return spans;
      continue;
    }
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

/**
 * Whether a word begins at `at` (a block word the search found may be the end of a longer word): no character
 * that begins a word is in the run of word characters just before it, back to `skipped`, where the words the
 * search skipped begin. Digits and `$` do not begin a word: `1end` is a number, then the word `end`.
 */
function startsWord(text: string, at: number, skipped: number): boolean {
  for (let k = at - 1; k >= skipped; k--) {
    const c = text.charCodeAt(k);
    if (!isWordPart(c)) return true;
    if (isWordStart(c)) return false;
  }
  return true;
}

function onlySpace(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

/** The end of a statement the text ends in: its last character that is not white space. */
function lastSignificant(text: string, start: number): number {
  let end = text.length;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}
