/**
 * libpg_query's WASM build (the package @libpg-query/parser ships it with its emscripten loader), called at
 * its C entry points. The package's own JavaScript wraps the same calls, but moves every query into the WASM
 * memory and every result out of it a character at a time in JavaScript (a tenth of a `check`'s parse, issue
 * 17); here the text is encoded and decoded natively (TextEncoder, TextDecoder) and a result's end found with
 * `indexOf`. It also requires the protobuf schema (5 MB of JavaScript) that only its deparser needs.
 *
 * The C side (libpg_query's pg_query.h, the package's wasm_* wrappers): a query goes in as a NUL-terminated
 * UTF-8 string the caller allocates; `wasm_parse_query_raw` returns a `PgQueryParseResult` (parse tree JSON,
 * stderr, error) freed with `wasm_free_parse_result`; `PgQueryError` is (message, funcname, filename, lineno,
 * cursorpos), cursorpos 1-based in characters, 0 when unknown. `wasm_parse_plpgsql` and `wasm_scan` return one
 * string (JSON, or the error's message) freed with `wasm_free_string`.
 */

interface PgQueryModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  _wasm_parse_plpgsql(query: number): number;
  _wasm_scan(query: number): number;
  _wasm_free_string(ptr: number): void;
}

/** A statement libpg_query refused: its message, and where (0-based code points; 0 when it does not say). */
export class LibpgError extends Error {
  constructor(
    message: string,
    readonly cursorPosition: number,
  ) {
    super(message);
  }
}

let instance: PgQueryModule | undefined;
let loading: Promise<void> | undefined;

/** Instantiates the WASM once; every other function needs it to have resolved. */
export function loadLibpgQuery(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loading ??= (require('@libpg-query/parser/wasm/libpg-query.js') as () => Promise<PgQueryModule>)().then((m) => {
    instance = m;
  });
  return loading;
}

function loaded(): PgQueryModule {
  if (!instance) throw new Error('the Postgres parser is not loaded yet (loadParser)');
  return instance;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The parse tree of `sql` as libpg_query prints it (JSON text); throws LibpgError when Postgres refuses it. */
export function parseJson(sql: string): string {
  const m = loaded();
  const query = stringIn(m, sql);
  let result = 0;
  try {
    result = m._wasm_parse_query_raw(query);
    if (!result) throw new Error('libpg_query could not allocate its result');
    const words = m.HEAPU32;
    const tree = words[result >>> 2];
    const error = words[(result + 8) >>> 2];
    if (error) {
      const message = stringOut(m, words[error >>> 2]) || 'the parser refused the statement without saying why';
      const cursor = words[(error + 16) >>> 2];
      throw new LibpgError(message, cursor > 0 ? cursor - 1 : 0);
    }
    if (!tree) throw new Error('libpg_query gave neither a parse tree nor an error');
    return stringOut(m, tree);
  } finally {
    m._free(query);
    if (result) m._wasm_free_parse_result(result);
  }
}

/** The PL/pgSQL parser's JSON of a CREATE FUNCTION or DO statement; throws LibpgError when it refuses the body. */
export function parsePlpgsqlJson(sql: string): string {
  return stringResult(sql, (m, query) => m._wasm_parse_plpgsql(query));
}

/** The scanner's tokens of `sql` (JSON text); throws LibpgError on an unterminated quote or comment. */
export function scanJson(sql: string): string {
  return stringResult(sql, (m, query) => m._wasm_scan(query));
}

/** A call that answers one string: JSON, or an error's message (the wrappers print errors so). */
function stringResult(sql: string, call: (m: PgQueryModule, query: number) => number): string {
  const m = loaded();
  const query = stringIn(m, sql);
  let result = 0;
  try {
    result = call(m, query);
    const text = stringOut(m, result);
    if (text.startsWith('syntax error') || text.startsWith('deparse error') || text.startsWith('ERROR')) throw new LibpgError(text, 0);
    return text;
  } finally {
    m._free(query);
    if (result) m._wasm_free_string(result);
  }
}

/** `text` as a NUL-terminated UTF-8 string in the WASM memory, allocated there (the caller frees it). */
function stringIn(m: PgQueryModule, text: string): number {
  // Its UTF-8 length (counted natively), and the NUL.
  const size = Buffer.byteLength(text, 'utf8') + 1;
  const ptr = m._malloc(size);
  if (!ptr) throw new Error('libpg_query could not allocate the query');
  const { written } = encoder.encodeInto(text, m.HEAPU8.subarray(ptr, ptr + size - 1));
  m.HEAPU8[ptr + written] = 0;
  return ptr;
}

/** The NUL-terminated UTF-8 string at `ptr` ('' at 0). */
function stringOut(m: PgQueryModule, ptr: number): string {
  if (!ptr) return '';
  const bytes = m.HEAPU8;
  const end = bytes.indexOf(0, ptr);
  return decoder.decode(bytes.subarray(ptr, end < 0 ? bytes.length : end));
}
