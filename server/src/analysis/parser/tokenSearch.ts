import { isWordPart, literalAt } from './literals';
import type { ParsedStatement } from './parseDocument';
import type { ScanToken } from './pgParser';

/**
 * Finding one token of a statement that parsed without running the WASM scanner over it (a scan costs
 * several times the statement's parse; scanning every CREATE INDEX, CREATE TRIGGER and function for one
 * name or its body was a quarter of a cold check). Each search walks the text with the scanner's rules in
 * plain JavaScript as far as it can tell the tokens apart for certain, and asks the real scanner's tokens
 * (`ParsedStatement.tokens`) whenever it meets anything it does not model (a prefixed string `E'..'`,
 * `U&".."`, a parameter, an unterminated comment): the answer is always the one the tokens give.
 *
 * What the walk relies on: the statement parsed, so a number is never followed by an identifier character
 * (Postgres rejects "trailing junk after numeric literal"), and no literal or comment is left open.
 */

const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 48 && c <= 57;

/** A keyword, identifier or quoted identifier, offsets into the statement's text. */
interface Word {
  start: number;
  end: number;
}

const UNSURE = -1;

/**
 * A word or number longer than this is left to the scanner: the real scanner's output breaks on tokens past
 * ~1,400 bytes (statementTokens.ts shortens only literals), and the answer must stay the one it gives.
 */
const LONG_TOKEN = 512;

/** Skips white space and comments from `i`; UNSURE on an unterminated comment. */
function skipBlank(text: string, i: number): number {
  for (;;) {
    while (isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (!((c === 45 && next === 45) || (c === 47 && next === 42))) return i;
    const comment = literalAt(text, i)!;
    if (comment.end < 0) return UNSURE;
    i = comment.end;
  }
}

/** The end of the word token at `i` (a word start); UNSURE when the word begins a string (`E'..'`, `B'..'`, `U&".."`). */
function wordEnd(text: string, i: number): number {
  const start = i;
  while (isWordPart(text.charCodeAt(i))) i++;
  const next = text.charCodeAt(i);
  if (next === 39 || (next === 38 && i === start + 1 && (text.charCodeAt(start) | 32) === 117)) return UNSURE;
  return i;
}

/** The end of the quoted identifier at `i`; UNSURE when it is not closed or empty. */
function quotedEnd(text: string, i: number): number {
  const quoted = literalAt(text, i)!;
  return quoted.end < 0 || quoted.end < i + 3 ? UNSURE : quoted.end;
}

/**
 * The end of the number at `i` (a digit, or a dot before one): integers (decimal, hex, octal, binary, with
 * underscores), numerics and reals. In a statement that parsed no identifier character follows a number,
 * so every letter up to the end belongs to it; a `$` after it is left to the scanner.
 */
function numberEnd(text: string, i: number): number {
  const digits = (k: number) => {
    while (isWordPart(text.charCodeAt(k)) && text.charCodeAt(k) !== 36) k++;
    return k;
  };
  let k = digits(i);
  if (text.charCodeAt(k) === 46 && text.charCodeAt(k + 1) !== 46) k = digits(k + 1);
  const last = text.charCodeAt(k - 1) | 32;
  const sign = text.charCodeAt(k);
  if (last === 101 && (sign === 43 || sign === 45) && isDigit(text.charCodeAt(k + 1))) k = digits(k + 1);
  return text.charCodeAt(k) === 36 ? UNSURE : k;
}

/**
 * Calls `visit` on each word token of the text in order, with whether the token just before it is a word
 * token too (only white space or comments between them). Stops when `visit` returns true: 'stopped';
 * 'ended' when the text ended; 'unsure' when the walk met something only the real scanner can cut.
 */
function walkWords(text: string, visit: (word: Word, afterWord: boolean) => boolean): 'stopped' | 'ended' | 'unsure' {
  let afterWord = false;
  let i = 0;
  for (;;) {
    i = skipBlank(text, i);
    if (i === UNSURE) return 'unsure';
    if (i >= text.length) return 'ended';
    const c = text.charCodeAt(i);
    if (isWordStart(c) || c === 34) {
      const end = c === 34 ? quotedEnd(text, i) : wordEnd(text, i);
      if (end === UNSURE || end - i > LONG_TOKEN) return 'unsure';
      if (visit({ start: i, end }, afterWord)) return 'stopped';
      afterWord = true;
      i = end;
      continue;
    }
    afterWord = false;
    if (c === 39 || c === 36) {
      // A string or a dollar quote; a `$` that opens neither is a parameter (or junk): the scanner's.
      const literal = literalAt(text, i);
      if (!literal || literal.end < 0) return 'unsure';
      i = literal.end;
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const end = numberEnd(text, i);
      if (end === UNSURE || end - i > LONG_TOKEN) return 'unsure';
      i = end;
    } else {
      // Punctuation and operator characters: none starts a word, a literal or a number.
      i++;
    }
  }
}

/**
 * The word tokens of a statement's text (offsets into it), each with whether the token just before it is a
 * word token too; undefined where only the real scanner can cut the text. (What the searches below rely
 * on, compared with the real scanner's tokens in test/unit/tokenSearch.test.ts.)
 */
export function wordTokens(text: string): (Word & { afterWord: boolean })[] | undefined {
  const words: (Word & { afterWord: boolean })[] = [];
  const walk = walkWords(text, (w, afterWord) => {
    words.push({ ...w, afterWord });
    return false;
  });
  return walk === 'unsure' ? undefined : words;
}

/** Document offsets of a token of the statement's text. */
const inDocument = (statement: ParsedStatement, w: Word) => ({ start: statement.anchor.start + w.start, end: statement.anchor.start + w.end });

/**
 * The first token from document offset `from` on for which `matches(text)` holds, where `matches` can
 * hold only for a keyword, an identifier or a quoted identifier (so any other token is skipped unread):
 * what `statement.tokens.find((t) => t.start >= from && matches(t.text))` finds.
 */
export function findWordToken(statement: ParsedStatement, from: number, matches: (text: string) => boolean): { start: number; end: number } | undefined {
  const text = statement.text;
  const relative = from - statement.anchor.start;
  let found: Word | undefined;
  const walk = walkWords(text, (w) => w.start >= relative && matches(text.slice(w.start, w.end)) && (found = w) !== undefined);
  if (walk === 'unsure') {
    const token = statement.tokens.find((t) => t.start >= from && matches(t.text));
    return token && { start: token.start, end: token.end };
  }
  return found && inDocument(statement, found);
}

/**
 * Whether only a keyword or an identifier token can have this text (lower-cased or not): no number, string,
 * parameter or operator token starts with a letter and holds only identifier characters (`E'..'` and
 * `U&".."` hold a quote). Then `findWordToken` may look for it.
 */
export const isWordShaped = (name: string) => /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*$/.test(name);

/**
 * The first pair of adjacent word tokens (nothing but white space or comments between them) whose texts
 * satisfy `first` and `second`: what a search over `statement.tokens` for `t[i]`, `t[i + 1]` finds.
 * Undefined when there is none.
 */
export function findWordPair(
  statement: ParsedStatement,
  first: (text: string) => boolean,
  second: (text: string) => boolean,
): { first: { start: number; end: number }; second: { start: number; end: number } } | undefined {
  const text = statement.text;
  let previous: Word | undefined;
  let found: { first: Word; second: Word } | undefined;
  const walk = walkWords(text, (w, afterWord) => {
    if (afterWord && previous && first(text.slice(previous.start, previous.end)) && second(text.slice(w.start, w.end))) {
      found = { first: previous, second: w };
      return true;
    }
    previous = w;
    return false;
  });
  if (walk === 'unsure') {
    const tokens = statement.tokens;
    const i = tokens.findIndex((t, k) => first(t.text) && second(tokens[k + 1]?.text ?? ''));
    return i < 0 ? undefined : { first: { start: tokens[i].start, end: tokens[i].end }, second: { start: tokens[i + 1].start, end: tokens[i + 1].end } };
  }
  return found && { first: inDocument(statement, found.first), second: inDocument(statement, found.second) };
}

/** Document offset where the next token after document offset `after` starts (white space and comments skipped); undefined when unsure. */
export function nextTokenStart(statement: ParsedStatement, after: number): number | undefined {
  const i = skipBlank(statement.text, after - statement.anchor.start);
  return i === UNSURE ? undefined : statement.anchor.start + i;
}

/**
 * The end of the string constant `'...'` at `start` (an offset into `text`, where a token starts): the
 * scanner's token, unless the string may go on after a line break (`'a'\n'b'` is one constant), which is
 * left to the scanner (undefined), as is anything but a plain quote there.
 */
export function stringConstantEnd(text: string, start: number): number | undefined {
  const before = text.charCodeAt(start - 1);
  if (text.charCodeAt(start) !== 39 || (start > 0 && (isWordPart(before) || before === 34 || before === 39))) return undefined;
  const literal = literalAt(text, start)!;
  if (literal.end < 0) return undefined;
  const after = skipBlank(text, literal.end);
  return after === UNSURE || text.charCodeAt(after) === 39 ? undefined : literal.end;
}

/**
 * The first literal token from document offset `from` on whose text `isLiteral` accepts, where `isLiteral`
 * accepts only strings and dollar quotes: the body of `AS $$...$$` / `AS '...'` and of a DO block. Only
 * keywords, identifiers and white space may come before it for the walk to answer; else the tokens do.
 */
export function findLiteralToken(statement: ParsedStatement, from: number, isLiteral: (text: string) => boolean): ScanToken | { start: number; end: number; text: string } | undefined {
  const text = statement.text;
  const byTokens = () => statement.tokens.find((t) => t.start >= from && isLiteral(t.text));
  let i = from - statement.anchor.start;
  for (;;) {
    i = skipBlank(text, i);
    if (i === UNSURE) return byTokens();
    if (i >= text.length) return undefined;
    const c = text.charCodeAt(i);
    if (isWordStart(c) || c === 34) {
      const end = c === 34 ? quotedEnd(text, i) : wordEnd(text, i);
      if (end === UNSURE || end - i > LONG_TOKEN) return byTokens();
      i = end;
      continue;
    }
    let end: number | undefined;
    if (c === 39) end = stringConstantEnd(text, i);
    else if (c === 36) {
      const literal = literalAt(text, i);
      end = literal && literal.end > 0 ? literal.end : undefined;
    }
    if (end === undefined) return byTokens();
    const token = { start: statement.anchor.start + i, end: statement.anchor.start + end, text: text.slice(i, end) };
    if (isLiteral(token.text)) return token;
    i = end;
  }
}
