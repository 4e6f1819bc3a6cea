import { setFlagsFromString } from 'v8';
import { LibpgError, loadLibpgQuery, parseJson, parsePlpgsqlJson, scanJson } from './libpgQuery';

/**
 * The real PostgreSQL 17 parser (libpg_query compiled to WASM, called through libpgQuery.ts). `loadParser`
 * must have resolved once before any other function of the analysis core is called; everything after that
 * is synchronous.
 *
 * The WASM is compiled when `loadParser` is first called, and V8 must be told first to keep the baseline
 * (Liftoff) code: left alone, V8 recompiles the hot functions at its optimizing tier in the background, which
 * costs a short process (the CLI) more CPU than it saves, about 55 MB of memory, and keeps node from exiting
 * until that compile ends. Liftoff code is no slower on a 50,000-line file either (2.7 s of CPU against
 * 2.9 s), so the language server keeps it too. And to validate a function of the WASM when it is first
 * compiled (it is compiled when first called), not all 2 MB up front: most of the parser never runs in a
 * check (6 ms less of a start).
 */
let loaded: Promise<void> | undefined;
export function loadParser(): Promise<void> {
  if (!loaded) {
    setFlagsFromString('--liftoff-only');
    setFlagsFromString('--wasm-lazy-validation');
    loaded = loadLibpgQuery();
  }
  return loaded;
}

/** A parse-tree node as libpg_query prints it: `{ "ColumnRef": { ... } }`. Walked generically. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PgNode = any;

export interface RawStatement {
  stmt: PgNode;
  /** Byte offset of the statement in the parsed text, and its length in bytes (0 = to the end). */
  stmt_location?: number;
  stmt_len?: number;
}

export interface ScanToken {
  /** Byte offsets into the scanned text. */
  start: number;
  end: number;
  text: string;
  tokenType: number;
  keywordKind: number;
}

export class ParseError extends Error {
  constructor(
    message: string,
    /** Where the parser stopped, in characters (code points) from the start of the parsed text. */
    readonly cursor: number,
    /** The parse tree was too deep to hand over (its JSON overflowed the stack), not a syntax error. */
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

export function parseStatements(sql: string): RawStatement[] {
  try {
    return ((JSON.parse(parseJson(sql)) as { stmts?: RawStatement[] }).stmts ?? []) as RawStatement[];
  } catch (e) {
    // A tree deeper than the stack (the parser's recursion, or JSON.parse's): not a syntax error.
    if (e instanceof RangeError) throw new ParseError(e.message, 0, true);
    if (e instanceof LibpgError) throw new ParseError(e.message, Math.max(0, e.cursorPosition));
    throw e;
  }
}

/** The parser's tokens; throws on an unterminated quote, dollar quote or comment. */
export function scanTokens(sql: string): ScanToken[] {
  return (JSON.parse(scanJson(sql)) as { tokens: ScanToken[] }).tokens;
}

/**
 * A `CREATE FUNCTION ... LANGUAGE plpgsql` or DO statement compiled by the PL/pgSQL parser:
 * `{ plpgsql_funcs: [{ PLpgSQL_function: { datums, action } }] }`. Throws when PL/pgSQL rejects the body.
 */
export function parsePlpgsql(sql: string): PgNode {
  return JSON.parse(parsePlpgsqlJson(sql)) as PgNode;
}
