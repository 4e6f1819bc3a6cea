/**
 * dottedNameEnd (the plain-JavaScript reading of a name's extent) against the real scanner's tokens, on
 * every token of the real migration histories and of statements chosen for the scanner's corner cases:
 * wherever it answers, it must give the span the tokens give; where it declines, the scanner is asked.
 */
import * as assert from 'assert';
import { loadParser, parseDocument } from '../../server/src/analysis';
import { scannedNameSpan } from '../../server/src/analysis/context';
import { dottedNameEnd } from '../../server/src/analysis/parser/dottedNames';
import { sqlFiles } from '../support/sqlTexts';

const CORNERS = [
  'SELECT "My ""Quoted"" Table".id, "ünïcödé".naïve FROM "My ""Quoted"" Table", "ünïcödé";',
  'SELECT a . b, a/* c */.b, a -- x\n.b, t1.$1, a.*, a..b FROM t1, t2 AS a;',
  "SELECT E'x', e'y', B'0101', X'ff', N'z', U&'d\\0061t', U&\"d\\0061t\" UESCAPE '!', u&\"x\".y FROM t;",
  'CREATE TABLE s.t (id int4, "Name" text, price numeric(10,2), col$1 int);',
  'ALTER TABLE ONLY public.users ADD COLUMN ""x int;',
  'SELECT x"y", x.1e3, $$body$$, $tag$ a.b $tag$ FROM t;',
];

function* histories(): Generator<string> {
  yield CORNERS.join('\n');
  yield* sqlFiles();
}

describe('dotted name extents without the scanner', () => {
  before(loadParser);

  it('gives the span the scanner gives, at every token of the corpus and of the corner cases', () => {
    let answered = 0;
    let declined = 0;
    let quoted = 0;
    for (const text of histories()) {
      for (const statement of parseDocument(text).statements) {
        const anchor = statement.anchor.start;
        for (const token of statement.tokens) {
          for (let parts = 1; parts <= 3; parts++) {
            const end = dottedNameEnd(statement.text, token.start - anchor, parts);
            if (end === undefined) {
              declined++;
              continue;
            }
            answered++;
            if (token.text.startsWith('"')) quoted++;
            const expected = scannedNameSpan(statement, token.start, parts);
            assert.strictEqual(
              anchor + end,
              expected.end,
              `${parts} part(s) at ${JSON.stringify(statement.text.slice(token.start - anchor, token.start - anchor + 60))} in ${JSON.stringify(statement.text.slice(0, 80))}`,
            );
          }
        }
      }
    }
    // The comparison must have covered names of both kinds, and left the scanner the text it should.
    assert.ok(answered > 1000 && quoted > 10 && declined > 100, `answered ${answered} (${quoted} quoted), declined ${declined}`);
  });

  it('declines comments between the parts, string prefixes and U& names, which only the scanner reads', () => {
    const declines = (text: string, at: string, parts: number) => dottedNameEnd(text, text.indexOf(at), parts) === undefined;
    assert.ok(declines('SELECT a/* c */.b', 'a/*', 2));
    assert.ok(declines("SELECT E'x'", "E'", 1));
    assert.ok(declines('SELECT U&"d\\0061t"', 'U&', 1));
    assert.strictEqual(dottedNameEnd('SELECT "a""b" . c FROM t', 7, 2), 'SELECT "a""b" . c'.length);
  });
});
