import * as assert from 'assert';
import { LineIndex } from '../../server/src/project/textPositions';

describe('LineIndex', () => {
  it('maps offsets to 0-based lines and UTF-16 characters, for \\n, \\r\\n and \\r', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const lines = new LineIndex(text);
    assert.strictEqual(lines.lineCount, 4);
    const at = (s: string) => lines.positionAt(text.indexOf(s));
    assert.deepStrictEqual(at('a'), { line: 0, character: 0 });
    assert.deepStrictEqual(at('d'), { line: 1, character: 1 });
    assert.deepStrictEqual(at('e'), { line: 2, character: 0 });
    assert.deepStrictEqual(at('h'), { line: 3, character: 1 });
    assert.deepStrictEqual(lines.positionAt(text.length), { line: 3, character: 2 });
    assert.deepStrictEqual(lines.positionAt(999), { line: 3, character: 2 });
    assert.deepStrictEqual(lines.positionAt(-1), { line: 0, character: 0 });
  });

  it('counts a character outside the BMP as two, like LSP and VS Code', () => {
    const text = "select '😀', x;\nselect y;";
    const lines = new LineIndex(text);
    assert.deepStrictEqual(lines.positionAt(text.indexOf('x')), { line: 0, character: 13 });
    assert.strictEqual(lines.offsetAt({ line: 0, character: 13 }), text.indexOf('x'));
  });

  it('maps positions back to offsets, clamping to the line and the text', () => {
    const text = 'ab\r\ncd\n';
    const lines = new LineIndex(text);
    assert.strictEqual(lines.offsetAt({ line: 1, character: 1 }), 5);
    assert.strictEqual(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.strictEqual(lines.offsetAt({ line: 2, character: 0 }), 7);
    assert.strictEqual(lines.offsetAt({ line: 9, character: 0 }), 7);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r') continue; // between \r and \n: not a position
      assert.strictEqual(lines.offsetAt(lines.positionAt(offset)), offset);
    }
  });

  it('gives a text without carriage returns the positions of the vscode-languageserver-textdocument library', () => {
    // The fast path (lines found with a native search) against an implementation nobody here wrote.
    const { TextDocument } = require('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument');
    const text = '\nselect 1;\n\n  select 2;\nx\n\n';
    const lines = new LineIndex(text);
    const doc = TextDocument.create('file:///t.sql', 'sql', 1, text);
    assert.strictEqual(lines.lineCount, doc.lineCount);
    for (let offset = 0; offset <= text.length; offset++) assert.deepStrictEqual(lines.positionAt(offset), doc.positionAt(offset), `offset ${offset}`);
  });
});
