/**
 * parser/libpgQuery.ts calls libpg_query's WASM itself; its oracle is the package's own JavaScript API
 * (@libpg-query/parser, the same WASM through its wrappers), which nobody here wrote. Over real migration
 * histories (../shared/corpus, the sample project), PostgreSQL's regression suite (.test-tmp/pg-regress, which
 * scripts/fidelity-sources.sh extracts; .ci/run runs it) and texts chosen for their bytes (non-ASCII, astral, errors
 * at the end, unterminated quotes), each statement and each whole file must give the same parse tree, the
 * same tokens and the same PL/pgSQL function, or the same error with the same message and cursor.
 */
import * as assert from 'assert';
import * as libpg from '@libpg-query/parser';
import { loadParser } from '../../server/src/analysis';
import { LibpgError, parseJson, parsePlpgsqlJson, scanJson } from '../../server/src/analysis/parser/libpgQuery';
import { statementSpans } from '../../server/src/analysis/parser/statementSpans';
import { namedSqlTexts } from '../support/sqlTexts';

type Outcome = { ok: unknown } | { error: string; cursor?: number };

function ours(call: () => string): Outcome {
  try {
    return { ok: JSON.parse(call()) };
  } catch (e) {
    if (e instanceof LibpgError) return { error: e.message, cursor: e.cursorPosition };
    // The scanner answers some errors as plain text ("unterminated quoted string"): not JSON, for both APIs.
    if (e instanceof SyntaxError) return { error: e.message, cursor: 0 };
    throw e;
  }
}

function theirs(call: () => unknown, withCursor: boolean): Outcome {
  try {
    return { ok: call() };
  } catch (e) {
    const cursor = (e as libpg.SqlError).sqlDetails?.cursorPosition;
    return withCursor ? { error: (e as Error).message, cursor: cursor ?? 0 } : { error: (e as Error).message, cursor: 0 };
  }
}

const BYTES = [
  "select 'héllo wörld' as ünïcode, '日本語' as cjk, '😀 astral' as emoji, unknown_col from t;",
  "select '😀😀😀' as a, b from where;",
  "select 'é' from t wher x = 1;",
  'select 1 +',
  "select 'unterminated",
  'select $$ unterminated dollar',
  '/* unterminated comment',
  'create table "tåble" (ä int, "😀" text);',
  'select E\'\\u00e9\', U&\'\\0441\' from x;',
  'selec 1; select 2;',
  ';',
];

describe('libpg_query called directly (parser/libpgQuery.ts) against the package API', function () {
  this.timeout(600_000);
  before(loadParser);

  it('parses, scans and compiles PL/pgSQL as @libpg-query/parser does, statement by statement and whole files', () => {
    let compared = 0;
    let errors = 0;
    let plpgsql = 0;
    const pieces: { name: string; sql: string }[] = BYTES.map((sql, i) => ({ name: `bytes ${i}`, sql }));
    const all = namedSqlTexts();
    assert.ok(all.length > 20, `only ${all.length} files to compare on`);
    for (const { name, text } of all) {
      pieces.push({ name, sql: text });
      for (const s of statementSpans(text)) pieces.push({ name: `${name}@${s.start}`, sql: text.slice(s.start, s.end) });
    }
    for (const { name, sql } of pieces) {
      if (!sql.trim()) continue;
      const parsed = ours(() => parseJson(sql));
      assert.deepStrictEqual(parsed, theirs(() => libpg.parseSync(sql), true), `parse of ${name}`);
      assert.deepStrictEqual(ours(() => scanJson(sql)), theirs(() => libpg.scanSync(sql), false), `scan of ${name}`);
      compared++;
      if ('error' in parsed) errors++;
      if (/language\s+'?plpgsql|^\s*do\b/i.test(sql) && 'ok' in parsed) {
        assert.deepStrictEqual(ours(() => parsePlpgsqlJson(sql)), theirs(() => libpg.parsePlPgSQLSync(sql), false), `PL/pgSQL of ${name}`);
        plpgsql++;
      }
    }
    // Enough of each kind that a difference would show.
    assert.ok(compared > 5_000, `${compared} texts compared`);
    assert.ok(errors > 100, `${errors} errors compared`);
    assert.ok(plpgsql > 100, `${plpgsql} PL/pgSQL bodies compared`);
  });
});
