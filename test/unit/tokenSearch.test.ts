/**
 * The token searches that run without the WASM scanner (parser/tokenSearch.ts) against the real scanner's
 * tokens, on every statement of the real migration histories (and of PostgreSQL's regression tests when
 * .test-tmp/pg-regress holds them) and of statements chosen for the scanner's corner cases: wherever the
 * walk answers it must give what the tokens give; where it declines, the tokens are asked.
 */
import * as assert from 'assert';
import { loadParser, parseDocument } from '../../server/src/analysis';
import type { ParsedStatement } from '../../server/src/analysis/parser/parseDocument';
import { findLiteralToken, findWordPair, findWordToken, isWordShaped, nextTokenStart, stringConstantEnd, wordTokens } from '../../server/src/analysis/parser/tokenSearch';
import { sqlFiles } from '../support/sqlTexts';

const CORNERS = [
  'SELECT "My ""Quoted"" Table".id, "ünïcödé".naïve FROM "My ""Quoted"" Table", "ünïcödé";',
  'SELECT a . b, a/* c /* nested */ */.b, a -- x\n.b, t1.$1, a.*, 1..2, a::text, x<=y, x--y\n FROM t1, t2 AS a;',
  "SELECT E'x', e'y', B'0101', X'ff', N'z', U&'d\\0061t', U&\"d\\0061t\" UESCAPE '!', u&\"x\".y FROM t;",
  "SELECT 'a'\n'b' AS continued, 'c' -- note\n  'd', 'e' /* no */ , 'f''g', date'2020-01-01', 0x1F, 0o17, 0b101, 1_000, 1.5e-3, .5, 1.e5, 5e+2, 1.5.a FROM t;",
  'CREATE TABLE s.t (id int4, "Name" text, price numeric(10,2), col$1 int, "execute" int);',
  'CREATE TRIGGER t BEFORE UPDATE ON s.t FOR EACH ROW EXECUTE /* c */ FUNCTION public . touch();',
  'CREATE TRIGGER t AFTER INSERT ON t FOR EACH ROW EXECUTE PROCEDURE "Touch"();',
  "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'\n'+ 1';",
  "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS E'SELECT 1';",
  'CREATE FUNCTION h() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;',
  'DO LANGUAGE plpgsql $$ BEGIN PERFORM 1; END $$;',
  'SELECT x"y", x.1e3, $$body$$, $tag$ a.b $tag$, $1 FROM t;',
];

function* texts(): Generator<string> {
  yield CORNERS.join('\n');
  yield* sqlFiles({ regress: true });
}

/** A token the walk reports: a keyword, an identifier or a quoted identifier. */
const isWord = (text: string) => isWordShaped(text) || (text.startsWith('"') && text.endsWith('"') && text.length > 2);
const span = (t: { start: number; end: number } | undefined) => t && { start: t.start, end: t.end };

function compare(statement: ParsedStatement, counts: { words: number; declined: number; searches: number }): void {
  const tokens = statement.tokens;
  const anchor = statement.anchor.start;
  const where = JSON.stringify(statement.text.slice(0, 100));
  const words = wordTokens(statement.text);
  if (!words) counts.declined++;
  else {
    const expected = tokens.map((t, i) => ({ t, i })).filter(({ t }) => isWord(t.text));
    assert.deepStrictEqual(
      words.map((w) => `${w.start}-${w.end}${w.afterWord ? '+' : ''}`),
      expected.map(({ t, i }) => `${t.start - anchor}-${t.end - anchor}${i > 0 && isWord(tokens[i - 1].text) ? '+' : ''}`),
      `word tokens of ${where}`,
    );
    counts.words += words.length;
  }
  // Each search against the same search over the tokens, from a bounded number of places (long statements).
  const starts = tokens.length <= 200 ? tokens : tokens.filter((_, i) => i % Math.ceil(tokens.length / 200) === 0);
  const names = new Set(starts.map((t) => t.text.toLowerCase()).filter(isWordShaped));
  names.add('zz_absent');
  for (const name of names) {
    const spells = (text: string) => text === `"${name}"` || text.toLowerCase() === name;
    for (const from of [anchor, starts[starts.length >> 1]?.start ?? anchor]) {
      assert.deepStrictEqual(findWordToken(statement, from, spells), span(tokens.find((t) => t.start >= from && spells(t.text))), `${name} from ${from - anchor} in ${where}`);
      counts.searches++;
    }
  }
  const literal = (text: string) => text.startsWith('$') || /^[eE]?'/.test(text);
  for (const t of starts) {
    assert.deepStrictEqual(span(findLiteralToken(statement, t.start, literal)), span(tokens.find((u) => u.start >= t.start && literal(u.text))), `literal from ${t.start - anchor} in ${where}`);
    const end = stringConstantEnd(statement.text, t.start - anchor);
    if (end !== undefined) assert.strictEqual(anchor + end, t.end, `string at ${t.start - anchor} in ${where}`);
    const next = nextTokenStart(statement, t.end);
    const following = tokens.find((u) => u.start >= t.end);
    if (next !== undefined && following) assert.strictEqual(next, following.start, `token after ${t.end - anchor} in ${where}`);
  }
  const execute = tokens.findIndex((t, i) => /^execute$/i.test(t.text) && /^(function|procedure)$/i.test(tokens[i + 1]?.text ?? ''));
  const pair = findWordPair(statement, (text) => /^execute$/i.test(text), (text) => /^(function|procedure)$/i.test(text));
  assert.deepStrictEqual(pair && [pair.first.start, pair.second.end], execute < 0 ? undefined : [tokens[execute].start, tokens[execute + 1].end], `EXECUTE FUNCTION in ${where}`);
}

describe('token searches without the scanner', () => {
  before(loadParser);

  it('find what the real tokens give, in every statement of the corpus and of the corner cases', function () {
    this.timeout(120_000);
    const counts = { words: 0, declined: 0, searches: 0 };
    for (const text of texts()) {
      for (const statement of parseDocument(text).statements) if (statement.node) compare(statement, counts);
    }
    // The walk must have answered for most text, and left some to the scanner.
    assert.ok(counts.words > 5_000 && counts.declined >= 2 && counts.searches > 5_000, JSON.stringify(counts));
  });

  it('leaves prefixed strings, U& names and continued strings to the scanner', () => {
    const [statement] = parseDocument("SELECT E'x' AS a;").statements;
    assert.strictEqual(wordTokens(statement.text), undefined);
    assert.strictEqual(wordTokens('SELECT U&"d\\0061t"'), undefined);
    assert.strictEqual(stringConstantEnd("'a'\n'b'", 0), undefined);
    assert.strictEqual(stringConstantEnd("'a' || 'b'", 0), 3);
  });
});
