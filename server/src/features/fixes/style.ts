import { quoteIdent } from '../../analysis/catalog/names';
import type { ScanToken } from '../../analysis/parser/pgParser';

/** How the author writes SQL, so that inserted text looks like the text around it. */
export interface SqlStyle {
  /** A keyword (given in upper case) in the author's case. */
  kw(keyword: string): string;
  /** One level of indentation, as the document indents. */
  unit: string;
  /**
   * A table, schema or column name as the statement writes names: quoted when it quotes names that
   * need no quotes (`"users"`), else only where Postgres needs it. New aliases are never quoted.
   */
  ident(name: string): string;
}

/** Keywords in the case most of the statement's keywords use; the indent unit the document uses most. */
export function styleOf(text: string, tokens: readonly ScanToken[]): SqlStyle {
  let upper = 0;
  let lower = 0;
  for (const t of tokens) {
    if (t.keywordKind === 0 || !/^[a-z]+$/i.test(t.text)) continue;
    if (t.text === t.text.toUpperCase()) upper++;
    else if (t.text === t.text.toLowerCase()) lower++;
  }
  const kw = lower > upper ? (k: string) => k.toLowerCase() : (k: string) => k;
  const quotes = tokens.some((t) => /^"[a-z_][a-z0-9_$]*"$/.test(t.text));
  const ident = quotes ? (name: string) => `"${name.replace(/"/g, '""')}"` : quoteIdent;
  return { kw, unit: indentUnit(text), ident };
}

/** The smallest indentation of any indented line (tabs win if a line starts with one); four spaces if none. */
function indentUnit(text: string): string {
  let smallest: string | undefined;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    if (m[1].startsWith('\t')) return '\t';
    if (!smallest || m[1].length < smallest.length) smallest = m[1];
  }
  return smallest ?? '    ';
}

/** The whitespace that starts the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Whether only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

/**
 * A parenthesized query: on lines of their own, one indent deeper than `indent`, when `multiline`; else on one line.
 * `(\n    SELECT ...\n    FROM ...\n)` or `(SELECT ... FROM ...)`.
 */
export function parenthesized(lines: readonly string[], multiline: boolean, indent: string, style: SqlStyle): string {
  if (!multiline) return `(${lines.join(' ')})`;
  return `(\n${lines.map((l) => indent + style.unit + l).join('\n')}\n${indent})`;
}
