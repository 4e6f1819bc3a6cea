import { isWordPart, literalAt } from './literals';

/**
 * Where a name of the parse tree ends, found by the scanner's identifier rules in plain JavaScript, so that
 * the spans of the names a statement creates or references need no token scan of the statement (which
 * the WASM scanner makes costly: a third of a cold check when every CREATE TABLE was scanned for its
 * table's and columns' spans).
 */

const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

function skipSpace(text: string, i: number): number {
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The end of the dotted name of `parts` names that starts at `start` (`users`, `public.users`,
 * `"My Table" . id`): names and dots with only white space between them. Undefined when the text there is
 * anything else (a comment between the parts, a `U&"..."` name, a word that prefixes a string constant
 * such as `E'...'`, a start inside a token): the caller asks the real scanner then.
 */
export function dottedNameEnd(text: string, start: number, parts: number): number | undefined {
  const before = text.charCodeAt(start - 1);
  if (start > 0 && (isWordPart(before) || before === 34 || before === 39)) return undefined;
  let i = start;
  for (let part = 0; part < parts; part++) {
    if (part > 0) {
      i = skipSpace(text, i);
      if (text.charCodeAt(i) !== 46 /* . */) return undefined;
      i = skipSpace(text, i + 1);
    }
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const quoted = literalAt(text, i);
      // `""` is no identifier (Postgres rejects it): leave such text to the scanner.
      if (!quoted || quoted.end < i + 3) return undefined;
      i = quoted.end;
    } else if (isWordStart(c)) {
      const word = i;
      while (isWordPart(text.charCodeAt(i))) i++;
      const next = text.charCodeAt(i);
      // `E'..'`, `B'..'`, `U&"..."`: one token with what follows the word.
      if (next === 39 /* ' */ || (next === 38 /* & */ && i === word + 1 && (c | 32) === 117)) return undefined;
    } else {
      return undefined;
    }
  }
  return i;
}
