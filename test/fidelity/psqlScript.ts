/**
 * A psql script (a PostgreSQL regression test file) cut the way psql cuts it: SQL statements at top-level
 * semicolons (outside quotes, comments, parentheses and the BEGIN … END of a `BEGIN ATOMIC` body), backslash
 * meta-commands to the end of their line (`\g`, `\gset`, `\gx`, … also end the statement before them; `\;` puts a
 * `;` in the statement and goes on: statements joined so are sent as one query string), and
 * the data lines after a `COPY … FROM stdin` up to `\.` (unless the COPY is one of `noCopyData`: PostgreSQL refused it
 * before asking for data, so psql read none and the lines after it are SQL; the oracle learns which when it runs them).
 *
 * `checkerText` is the same text with the meta-commands and the COPY data blanked (spaces; line breaks kept),
 * so offsets and lines of the checker's problems are those of the file; a `\g…` that ends a statement becomes
 * a `;` followed by spaces.
 */
import { literalAt } from '../../server/src/analysis/parser/literals';

export interface ScriptStatement {
  kind: 'sql';
  /** Offset of the statement's first character and just past its `;` (or its end). */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  sql: string;
  /** `\gset [prefix]` ended it: its one row's columns become variables. */
  gset?: string;
  /** `\gexec` ended it: each value of its result is run as a statement. */
  gexec?: boolean;
  /** The data lines of a `COPY … FROM stdin` (each ending with a line break). */
  copyData?: string;
}

export interface ScriptMetaCommand {
  kind: 'meta';
  start: number;
  line: number;
  /** The command without its backslash, e.g. `set`, `getenv`, `c`. */
  command: string;
  /** The rest of its line. */
  args: string;
}

export type ScriptItem = ScriptStatement | ScriptMetaCommand;

export interface PsqlScript {
  items: ScriptItem[];
  checkerText: string;
}

const STATEMENT_ENDING = new Set(['g', 'gx', 'gset', 'gexec', 'gdesc', 'crosstabview', 'watch']);
const isWordStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isWordPart = (c: number) => isWordStart(c) || (c >= 48 && c <= 57) || c === 36;

export function parsePsqlScript(text: string, noCopyData: ReadonlySet<number> = new Set()): PsqlScript {
  const items: ScriptItem[] = [];
  const blank: Array<[number, number]> = [];
  const terminators: number[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  let start = -1; // first character of the statement being read
  let parens = 0;
  let beginDepth = 0;
  let routineHead: boolean | undefined; // does the statement begin with CREATE [OR REPLACE] FUNCTION/PROCEDURE?
  let joins: number[] = []; // offsets of the `\;` in the statement being read
  const reset = () => {
    start = -1;
    joins = [];
    parens = 0;
    beginDepth = 0;
    routineHead = undefined;
  };
  const finish = (end: number, gset?: string, gexec?: boolean): number => {
    if (start < 0) return end;
    let sql = text.slice(start, end);
    // What psql sends for `\;` is `;` (a space keeps the offsets those of the file).
    for (const j of joins) sql = sql.slice(0, j - start) + ' ' + sql.slice(j - start + 1);
    const statement: ScriptStatement = { kind: 'sql', start, end, line: lineOf(start), sql, gset, gexec };
    items.push(statement);
    reset();
    let next = end;
    if (/(?:^|;)\s*copy\b[^;]*\bfrom\s+stdin\b/i.test(sql) && !noCopyData.has(statement.start)) {
      // psql sends the lines after the statement's line as data, up to a line `\.`.
      const nl = text.indexOf('\n', end);
      const dataStart = nl < 0 ? text.length : nl + 1;
      let k = dataStart;
      for (;;) {
        if (k >= text.length) break;
        const e = text.indexOf('\n', k);
        const lineEnd = e < 0 ? text.length : e;
        if (text.slice(k, lineEnd).replace(/\r$/, '') === '\\.') {
          statement.copyData = text.slice(dataStart, k);
          blank.push([dataStart, lineEnd]);
          return lineEnd;
        }
        k = lineEnd + 1;
      }
      statement.copyData = text.slice(dataStart);
      blank.push([dataStart, text.length]);
      return text.length;
    }
    return next;
  };

  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    const literal = literalAt(text, i);
    if (literal) {
      if (!literal.comment && start < 0) start = i;
      i = literal.end < 0 ? text.length : literal.end;
      continue;
    }
    if (c === 92 /* \ */ && text.charCodeAt(i + 1) === 59 /* ; */) {
      if (start < 0) start = i;
      joins.push(i);
      blank.push([i, i + 1]);
      i += 2;
      continue;
    }
    if (c === 92 /* \ */) {
      const nl = text.indexOf('\n', i);
      const lineEnd = nl < 0 ? text.length : nl;
      const m = /^\\([A-Za-z!?.;]+|\\)/.exec(text.slice(i, lineEnd));
      const command = m ? m[1] : '';
      const args = text.slice(i + 1 + command.length, lineEnd).trim();
      blank.push([i, lineEnd]);
      if (STATEMENT_ENDING.has(command)) {
        // It ends the statement as a `;` would: the checker sees one there.
        if (start >= 0) terminators.push(i);
        finish(i, command === 'gset' ? args : undefined, command === 'gexec');
      }
      else items.push({ kind: 'meta', start: i, line: lineOf(i), command, args });
      i = lineEnd;
      continue;
    }
    if (c === 59 /* ; */ && parens === 0 && beginDepth === 0) {
      if (start < 0) start = i;
      i = finish(i + 1);
      continue;
    }
    if (c <= 32) {
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === 40) parens++;
    else if (c === 41 && parens > 0) parens--;
    else if (isWordStart(c) && !isWordPart(text.charCodeAt(i - 1))) {
      let k = i + 1;
      while (k < text.length && isWordPart(text.charCodeAt(k))) k++;
      const word = text.slice(i, k).toLowerCase();
      if (routineHead === undefined) {
        routineHead = /^create\s+(or\s+replace\s+)?(function|procedure)\b/i.test(text.slice(start, start + 80));
      }
      if (routineHead && parens === 0) {
        if (word === 'begin' || (word === 'case' && beginDepth > 0)) beginDepth++;
        else if (word === 'end' && beginDepth > 0) beginDepth--;
      }
      i = k;
      continue;
    }
    i++;
  }
  finish(text.length);

  const chars = text.split('');
  for (const [a, b] of blank) for (let k = a; k < b; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
  for (const t of terminators) chars[t] = ';';
  return { items, checkerText: chars.join('') };
}
