import * as assert from 'assert';
import { loadParser, parseDocument } from '../../server/src/analysis';

describe('parseDocument', () => {
  before(() => loadParser());

  it('splits statements at top-level semicolons only', () => {
    const text = "select 'a;b';\nselect $$x;y$$ -- c;d\n;\ncreate function f() returns int language sql begin atomic select 1; end;";
    const doc = parseDocument(text);
    assert.deepStrictEqual(
      doc.statements.map((s) => s.text),
      ["select 'a;b';", 'select $$x;y$$ -- c;d\n;', 'create function f() returns int language sql begin atomic select 1; end;'],
    );
    assert.ok(doc.statements.every((s) => s.node && !s.syntaxError));
  });

  it('reports a syntax error on its token and still parses the rest', () => {
    const text = 'select 1;\nselec x from t;\nselect 2;';
    const doc = parseDocument(text);
    assert.strictEqual(doc.statements.length, 3);
    const err = doc.statements[1].syntaxError!;
    assert.strictEqual(err.code, '42601');
    assert.strictEqual(err.message, 'syntax error at or near "selec"');
    assert.strictEqual(text.slice(err.span.start, err.span.end), 'selec');
    assert.ok(doc.statements[2].node);
  });

  it('keeps going after an unterminated dollar quote', () => {
    const text = 'select 1;\nselect $$abc; select 2;';
    const doc = parseDocument(text);
    assert.strictEqual(doc.statements.length, 2);
    assert.ok(doc.statements[0].node);
    assert.match(doc.statements[1].syntaxError!.message, /unterminated dollar-quoted string/);
  });

  it('maps parser byte offsets to UTF-16 offsets', () => {
    const text = "select 'é😀', x from t;";
    const s = parseDocument(text).statements[0];
    const target = s.node.SelectStmt.targetList[1].ResTarget;
    assert.strictEqual(text.slice(s.at(target.location), s.at(target.location) + 1), 'x');
  });
});
