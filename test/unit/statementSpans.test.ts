/**
 * The statement cutter (statementSpans.ts) against the real parser: where a whole text parses, Postgres's own
 * grammar says where each statement ends (libpg_query's stmt_location and stmt_len), and the cutter must end
 * statements at exactly those semicolons. The texts: the migration histories of ../shared/corpus, the sample
 * project, PostgreSQL's regression files (required, as by the fidelity harness), and texts built around what the
 * cutter's search skips (BEGIN ATOMIC bodies with comments, CASE and END inside them, block words glued to
 * `$` and other words, dollar quotes). A text whose every statement is one semicolon apart from the
 * parser's would pass a cutter that split at every semicolon; the ATOMIC texts keep semicolons inside bodies.
 */
import * as assert from 'assert';
import { loadParser } from '../../server/src/analysis';
import { parseStatements } from '../../server/src/analysis/parser/pgParser';
import { statementSpans } from '../../server/src/analysis/parser/statementSpans';
import { byteToUtf16 } from '../../server/src/analysis/parser/byteOffsets';
import { namedSqlTexts } from '../support/sqlTexts';

/** The semicolons (UTF-16 offsets) that end statements, by the parser; undefined when the text does not parse. */
function parserEnds(text: string): number[] | undefined {
  let stmts;
  try {
    stmts = parseStatements(text);
  } catch {
    return undefined;
  }
  const toUtf16 = byteToUtf16(text);
  const ends: number[] = [];
  for (const s of stmts) {
    const end = toUtf16((s.stmt_location ?? 0) + (s.stmt_len ?? 0));
    // The last statement may run to the end of the text without a semicolon (stmt_len 0: to the end).
    if (s.stmt_len && text[end] === ';') ends.push(end);
  }
  return ends;
}

/** The semicolons that end the cutter's statements, leaving out empty statements (a lone `;`), which the parser drops. */
function cutterEnds(text: string): number[] {
  return statementSpans(text)
    .filter((s) => s.terminated && s.end - s.start > 1)
    .map((s) => s.end - 1);
}

/** Bodies and neighbours the cutter's search must read right; each text is valid SQL. */
const BUILT = [
  'create function f() returns int language sql begin atomic select 1; select 2; end; select 3;',
  'create function f() returns int language sql BEGIN /* between */ ATOMIC select 1; end; select 2;',
  'create function f() returns int language sql begin -- between\n atomic select 1; end; select 2;',
  'create function f(x int) returns int language sql begin atomic select case when x > 1 then 1 else 2 end; select 3; end; select 4;',
  'create function f(x int) returns int language sql begin atomic select case x when 1 then (case when x > 0 then 1 end) end; end; select 1 as end_;',
  'create procedure p() language sql begin atomic insert into t values (1); end; select 1;',
  "create function f() returns text language sql begin atomic select 'end;' || $$ end; $$; end; select 'begin atomic';",
  'create function f() returns int language sql begin atomic select 1 as "end;"; end; select 2;',
  'select 1 as begin_atomic, 2 as x$end; select 3 as endcase; create table t (atomic int, "case" int);',
  // BEGIN and ATOMIC that are not adjacent words begin no body.
  'select 1 as begin, 2 as atomic; select 3; create table t (begin int, atomic int); select 4;',
  "create function f() returns int language plpgsql as $body$ begin return 1; end; $body$; select 1;",
  "create function f() returns int language plpgsql as $x$ begin atomic; end; $x$; select E'\\';' ;",
  'create function f() returns int language sql return 1; create function g() returns int language sql begin atomic select 1; end; select 2;',
  'create or replace function f() returns setof int language sql begin atomic select 1 union select 2; select 3; end; select 4;',
  'create table t (a int); create rule r as on insert to t do also (select 1; select 2); select 3;',
];

describe('statementSpans: statements end where the parser ends them', () => {
  before(() => loadParser());

  it('on every history and regression file that parses as a whole, and on the built texts', () => {
    let compared = 0;
    let statements = 0;
    const mismatches: string[] = [];
    for (const { name, text } of [...namedSqlTexts(), ...BUILT.map((text, i) => ({ name: `built ${i}`, text }))]) {
      const expected = parserEnds(text);
      if (!expected) continue;
      compared++;
      statements += expected.length;
      const actual = cutterEnds(text);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        const at = actual.findIndex((e, i) => e !== expected[i]);
        mismatches.push(`${name}: statement ${at}: cut at ${actual[at]}, the parser ends it at ${expected[at]}`);
      }
    }
    assert.deepStrictEqual(mismatches, []);
    // The regression suite alone has over a hundred files that parse whole; fewer means the texts went missing.
    assert.ok(compared > 150 && statements > 10_000, `only ${compared} texts (${statements} statements) compared`);
  });

  it('every built text parses, so none of them is left out', () => {
    for (const text of BUILT) assert.ok(parserEnds(text), text);
  });
});
