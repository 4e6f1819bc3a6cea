import type { PgNode, ScanToken } from '../../analysis/parser/pgParser';
import { scanTokens } from '../../analysis/parser/pgParser';
import { byteToUtf16 } from '../../analysis/parser/byteOffsets';
import type { Span } from '../../analysis';

/**
 * Reading a statement's parse tree and tokens for rewrites. The parser gives start locations only, so
 * where a clause ends is found on the tokens, at parenthesis depth zero.
 */

/** The chain of objects from `root` down to `target` (both included), found by identity; undefined when absent. */
export function pathTo(root: PgNode, target: PgNode): PgNode[] | undefined {
  const chain: PgNode[] = [];
  const visit = (node: PgNode): boolean => {
    if (node === null || typeof node !== 'object') return false;
    chain.push(node);
    if (node === target) return true;
    for (const child of Object.values(node)) if (visit(child)) return true;
    chain.pop();
    return false;
  };
  return visit(root) ? chain : undefined;
}

/** Every node of a kind (`FuncCall`, `ColumnRef`...) under `root`, as its inner object. */
export function nodesOfKind(root: PgNode, kind: string): PgNode[] {
  const found: PgNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (!Array.isArray(node) && node[kind]) found.push(node[kind]);
    stack.push(...Object.values(node));
  }
  return found;
}

/** Index of the first token that starts at or after `offset` (tokens.length when none does). */
export function tokenAt(tokens: readonly ScanToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const word = (t: ScanToken | undefined) => (t ? t.text.toUpperCase() : '');

/** The index of the `)` closing the `(` at `open`. */
export function closingParen(tokens: readonly ScanToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

const JOIN_WORDS = new Set(['JOIN', 'INNER', 'CROSS', 'NATURAL', 'FULL', 'OUTER']);
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'ON', 'USING', 'WHERE', 'GROUP', 'HAVING', 'WINDOW', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'FOR',
  'UNION', 'INTERSECT', 'EXCEPT', 'RETURNING', ',', ';',
]);

/** A token that starts a join: JOIN, INNER, CROSS... and LEFT/RIGHT unless they call the functions left()/right(). */
export function startsJoin(tokens: readonly ScanToken[], i: number): boolean {
  const w = word(tokens[i]);
  return JOIN_WORDS.has(w) || ((w === 'LEFT' || w === 'RIGHT') && tokens[i + 1]?.text !== '(');
}

/**
 * Where a clause that starts at token `from` ends (exclusive token index): at the first depth-zero token
 * that starts another clause or join, or at a `)` that closes a parenthesis opened before it.
 */
export function clauseEnd(tokens: readonly ScanToken[], from: number, stops: ReadonlySet<string> = CLAUSE_WORDS): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (t === '(') depth++;
    else if (t === ')' && --depth < 0) return i;
    else if (depth === 0 && (stops.has(word(tokens[i])) || startsJoin(tokens, i))) return i;
  }
  return tokens.length;
}

/** The conjuncts of a condition spanning tokens [from, to): split at depth-zero ANDs that do not close a BETWEEN. */
export function conjuncts(tokens: readonly ScanToken[], from: number, to: number): Span[] {
  const parts: Span[] = [];
  let depth = 0;
  let between = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i].text;
    if (t === '(') depth++;
    else if (t === ')') depth--;
    else if (depth === 0 && word(tokens[i]) === 'BETWEEN') between++;
    else if (depth === 0 && word(tokens[i]) === 'AND') {
      if (between > 0) between--;
      else {
        parts.push({ start: tokens[start].start, end: tokens[i - 1].end });
        start = i + 1;
      }
    }
  }
  if (start < to) parts.push({ start: tokens[start].start, end: tokens[to - 1].end });
  return parts;
}

/** The tokens of a dotted name written at `span` of `text` (`ak . "Created At"`), names only, with their spans. */
export function nameTokens(text: string, span: Span): Span[] {
  const name = text.slice(span.start, span.end);
  let tokens: ScanToken[];
  try {
    tokens = scanTokens(name);
  } catch {
    return [];
  }
  const toUtf = byteToUtf16(name);
  return tokens.filter((t) => t.text !== '.').map((t) => ({ start: span.start + toUtf(t.start), end: span.start + toUtf(t.end) }));
}

export const within = (inner: Span, outer: Span) => inner.start >= outer.start && inner.end <= outer.end;
