import type { PgNode } from '../parser/pgParser';
import type { StatementContext } from '../context';
import { findLiteralToken } from '../parser/tokenSearch';

/** A function's or DO block's body string: its text and the document offset of its first character. */
export interface BodyText {
  text: string;
  start: number;
  /** Offsets (into `text`) where each line starts: PL/pgSQL numbers lines from 1 at the body's start. */
  lines: readonly number[];
}

/** The body string of `AS` (or a DO block): the first literal token from `location` on. */
export function bodyText(ctx: StatementContext, location: number | undefined): BodyText | undefined {
  const from = ctx.statement.at(location ?? 0);
  const token = findLiteralToken(ctx.statement, from, (text) => text.startsWith('$') || /^[eE]?'/.test(text));
  if (!token) return undefined;
  let text: string;
  let start: number;
  if (token.text.startsWith('$')) {
    const open = token.text.slice(0, token.text.indexOf('$', 1) + 1);
    text = token.text.slice(open.length, token.text.length - open.length);
    start = token.start + open.length;
  } else {
    // A quoted body: offsets inside it are exact only while it has no doubled quotes or escapes.
    if (/^[eE]/.test(token.text) || token.text.slice(1, -1).includes("''")) return undefined;
    text = token.text.slice(1, -1);
    start = token.start + 1;
  }
  const lines = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines.push(i + 1);
  return { text, start, lines };
}

/** The `AS` option of CREATE FUNCTION / DO. */
export function asOption(options: PgNode[] | undefined): PgNode | undefined {
  return (options ?? []).find((o: PgNode) => o.DefElem?.defname === 'as')?.DefElem;
}

/**
 * Where an expression of the PL/pgSQL tree is in the body. The tree gives the statement's line and the
 * expression's text (with `INTO ...` blanked by spaces, the way PL/pgSQL cuts it out), not its offset:
 * the first place from that line on where every non-space character matches.
 */
export function locate(body: BodyText, lineno: number | undefined, query: string): number | undefined {
  const from = body.lines[Math.max(0, (lineno ?? 1) - 1)] ?? 0;
  const first = query.search(/\S/);
  if (first < 0) return undefined;
  const text = body.text;
  for (let p = text.indexOf(query[first], from); p >= 0; p = text.indexOf(query[first], p + 1)) {
    const at = p - first;
    if (at < 0) continue;
    if (matchesAt(text, at, query)) return body.start + at;
  }
  return undefined;
}

function matchesAt(text: string, at: number, query: string): boolean {
  if (at + query.length > text.length) return false;
  for (let i = 0; i < query.length; i++) {
    const q = query.charCodeAt(i);
    if (q === 32 || q === 9 || q === 10 || q === 13) continue;
    if (text.charCodeAt(at + i) !== q) return false;
  }
  return true;
}
