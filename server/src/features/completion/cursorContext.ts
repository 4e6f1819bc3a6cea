import type { ParsedStatement, Span } from '../../analysis';

/** Where the cursor stands in a statement, read from the scanner's tokens (the statement rarely parses). */
export type CursorContext =
  /** After `qualifier.`: the columns of that relation (or the relations of that schema). */
  | { kind: 'member'; qualifier: string; relationPosition: boolean }
  /** Where a table or view name goes: after FROM, JOIN, UPDATE, INTO, TABLE, REFERENCES, ... */
  | { kind: 'relation'; join: boolean }
  /** Right after `JOIN t x ON`: the join conditions the foreign keys allow come first. */
  | { kind: 'joinCondition' }
  /** Inside `INSERT INTO t (`: t's columns not listed yet. */
  | { kind: 'insertColumns'; table: string; schema?: string; listed: string[] }
  /** Inside `REFERENCES t(`: t's key columns. */
  | { kind: 'referencedColumns'; table: string; schema?: string }
  /** Statement start: statement keywords only. */
  | { kind: 'statementStart' }
  /** Anywhere an expression goes: columns in scope, aliases, keywords, functions. */
  | { kind: 'expression' };

export interface Cursor {
  context: CursorContext;
  /** The word being typed (may be empty), which the chosen item replaces. */
  replace: Span;
  /** Tokens before the word being typed, lower-cased words, for keyword choice. */
  before: string[];
}

const RELATION_KEYWORDS = new Set(['from', 'join', 'update', 'into', 'table', 'references', 'only']);
const WORD = /^("(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)$/;

/** An identifier token as Postgres reads it: quoted keeps its case, unquoted folds to lower case. */
export function identifier(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

export function cursorAt(statement: ParsedStatement | undefined, offset: number): Cursor {
  const tokens = (statement?.tokens ?? []).filter((t) => t.start < offset);
  let replace = { start: offset, end: offset };
  const last = tokens[tokens.length - 1];
  if (last && last.end >= offset && WORD.test(last.text)) {
    replace = { start: last.start, end: offset };
    tokens.pop();
  }
  const words = tokens.map((t) => t.text.toLowerCase());
  const before = words;
  const prev = words[words.length - 1];
  if (prev === undefined || prev === ';') return { context: { kind: 'statementStart' }, replace, before };
  if (prev === '.' && tokens.length >= 2 && WORD.test(tokens[tokens.length - 2].text)) {
    const qualifier = identifier(tokens[tokens.length - 2].text);
    return { context: { kind: 'member', qualifier, relationPosition: RELATION_KEYWORDS.has(words[words.length - 3]) }, replace, before };
  }
  const open = innermostOpenParen(words);
  if (open >= 2 && WORD.test(tokens[open - 1].text)) {
    const { name, schema, keyword } = nameBefore(tokens.map((t) => t.text), open);
    if (keyword === 'into' && words.slice(0, open).includes('insert')) {
      const listed = tokens.slice(open + 1).filter((t) => WORD.test(t.text)).map((t) => identifier(t.text));
      return { context: { kind: 'insertColumns', table: name, schema, listed }, replace, before };
    }
    if (keyword === 'references') return { context: { kind: 'referencedColumns', table: name, schema }, replace, before };
  }
  if (RELATION_KEYWORDS.has(prev) || (prev === ',' && inFromList(words)) || (prev === 'on' && isIndexOrPolicyTarget(words))) {
    return { context: { kind: 'relation', join: prev === 'join' }, replace, before };
  }
  if (prev === 'on') return { context: { kind: 'joinCondition' }, replace, before };
  return { context: { kind: 'expression' }, replace, before };
}

/** The index of the `(` that encloses the end of the token list, or -1. */
function innermostOpenParen(words: string[]): number {
  let depth = 0;
  for (let i = words.length - 1; i >= 0; i--) {
    if (words[i] === ')') depth++;
    else if (words[i] === '(') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** `[schema.]name (` — the (qualified) name before a parenthesis and the keyword before the name. */
function nameBefore(texts: string[], paren: number): { name: string; schema?: string; keyword?: string } {
  const name = identifier(texts[paren - 1]);
  if (texts[paren - 2] === '.' && paren >= 3) {
    return { name, schema: identifier(texts[paren - 3]), keyword: texts[paren - 4]?.toLowerCase() };
  }
  return { name, keyword: texts[paren - 2]?.toLowerCase() };
}

/** After a comma: is the nearest clause keyword at this parenthesis level FROM? */
function inFromList(words: string[]): boolean {
  let depth = 0;
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i];
    if (w === ')') depth++;
    else if (w === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && ['select', 'where', 'group', 'order', 'set', 'values', 'returning', 'on', 'having', 'by'].includes(w)) return false;
    else if (depth === 0 && w === 'from') return true;
  }
  return false;
}

/** `CREATE INDEX [name] ON`, `CREATE POLICY name ON`, `CREATE TRIGGER ... ON`: a table follows ON. */
function isIndexOrPolicyTarget(words: string[]): boolean {
  const start = words.lastIndexOf(';') + 1;
  const head = words.slice(start, start + 4);
  return head[0] === 'create' && head.some((w) => ['index', 'policy', 'trigger'].includes(w)) && !words.slice(start).includes('join');
}
