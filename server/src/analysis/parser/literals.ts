/**
 * The Postgres scanner's quoting rules in plain JavaScript: string and identifier quotes (with E''
 * escapes), dollar quotes and nested comments. One home for them: the statement cutter
 * (statementSpans.ts) skips literals with them, and the token scan (statementTokens.ts) uses them around
 * the real scanner's two limits: it cannot say where an unterminated literal begins, and it fails on very
 * long tokens (a long function body), which are therefore shortened before scanning.
 */
export interface Literal {
  start: number;
  /** Where it ends; -1 when the text ends first. */
  end: number;
  /** What it can be shortened to without changing how the text scans; empty: never shortened. */
  placeholder: string;
  comment: boolean;
}

export interface LiteralScan {
  literals: Literal[];
  /** Offset where an unterminated literal begins, if one does. */
  unterminatedAt?: number;
}

/** A character of an unquoted identifier or keyword (after its first). */
export const isWordPart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128 || (c >= 48 && c <= 57) || c === 36;

/** The literal or comment that starts at `i`, if one does. */
export function literalAt(text: string, i: number): Literal | undefined {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === 45 && next === 45) {
    const nl = text.indexOf('\n', i);
    return { start: i, end: nl < 0 ? text.length : nl, placeholder: '--', comment: true };
  }
  if (c === 47 && next === 42) return { start: i, end: commentEnd(text, i), placeholder: '/**/', comment: true };
  if (c === 39) {
    const escapes = (text.charCodeAt(i - 1) | 32) === 101 && !isWordPart(text.charCodeAt(i - 2));
    return { start: i, end: quoteEnd(text, i, 39, escapes), placeholder: "''", comment: false };
  }
  if (c === 34) return { start: i, end: quoteEnd(text, i, 34, false), placeholder: '', comment: false };
  if (c === 36 && !isWordPart(text.charCodeAt(i - 1))) {
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64))?.[0];
    if (!tag) return undefined;
    const close = text.indexOf(tag, i + tag.length);
    return { start: i, end: close < 0 ? -1 : close + tag.length, placeholder: '$$$$', comment: false };
  }
  return undefined;
}

/** Every literal and comment of the text, and where an unterminated one begins. */
export function findLiterals(text: string): LiteralScan {
  const literals: Literal[] = [];
  for (let i = 0; i < text.length; ) {
    const literal = literalAt(text, i);
    if (!literal) {
      i++;
      continue;
    }
    if (literal.end < 0) return { literals, unterminatedAt: i };
    literals.push(literal);
    i = literal.end;
  }
  return { literals };
}

function quoteEnd(text: string, i: number, quote: number, backslashEscapes: boolean): number {
  for (let k = i + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (backslashEscapes && c === 92) k++;
    else if (c === quote) {
      if (text.charCodeAt(k + 1) === quote) k++;
      else return k + 1;
    }
  }
  return -1;
}

function commentEnd(text: string, i: number): number {
  let depth = 0;
  for (let k = i; k < text.length - 1; k++) {
    const c = text.charCodeAt(k);
    const next = text.charCodeAt(k + 1);
    if (c === 47 && next === 42) {
      depth++;
      k++;
    } else if (c === 42 && next === 47) {
      depth--;
      k++;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}
