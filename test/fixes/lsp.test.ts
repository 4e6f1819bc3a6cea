import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../postgres/parityFormat';
import { copyFixture, edit, ServerProcess, uriOf } from '../lsp/serverProcess';

/**
 * textDocument/codeAction on the bundled server over stdio, on a temp copy of examples/sample-project:
 * the lightbulb on `ak.customer_id` in 015 holds the three join rewrites, one preferred, and applying the
 * preferred one clears the diagnostic.
 */
describe('quick fixes over LSP (stdio)', function () {
  this.timeout(30_000);
  let root: string;
  let server: ServerProcess;

  before(async () => {
    root = copyFixture(path.join(repoRoot(), 'examples', 'sample-project'));
    server = await ServerProcess.start({ folders: [root] });
  });
  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const codeActions = (file: string, diagnostics: Diagnostic[], range = diagnostics[0].range) =>
    server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(file) },
      range,
      context: { diagnostics },
    }) as Promise<CodeAction[]>;

  /** Applies one document's edits of a workspace edit to its text, last first. */
  const applied = (text: string, edits: TextEdit[]) => {
    const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).join('\n').length + (p.line ? 1 : 0) + p.character;
    return [...edits]
      .sort((a, b) => offset(b.range.start) - offset(a.range.start))
      .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
  };

  it('offers the three join rewrites on the 42703 of 015, one preferred, and the preferred one clears it', async () => {
    const file = path.join(root, 'database', 'migrations', '015_add_credits_to_customer_stats.sql');
    const text = fs.readFileSync(file, 'utf8');
    const opened = server.open(file, text, 1);
    const published = await server.diagnostics(file, { after: opened });
    assert.deepStrictEqual(published.diagnostics.map((d) => [d.code, String(d.message).split('\n')[0]]), [['42703', 'column ak.customer_id does not exist']]);

    const actions = await codeActions(file, published.diagnostics);
    assert.deepStrictEqual(actions.map((a) => a.title), [
      'Join api_keys through api_clients (subquery)',
      'Join api_keys through api_clients (extra join)',
      'Aggregate api_keys per customer in a subquery',
    ]);
    assert.deepStrictEqual(actions.map((a) => !!a.isPreferred), [true, false, false]);
    for (const a of actions) {
      assert.strictEqual(a.kind, 'quickfix');
      assert.deepStrictEqual(a.diagnostics, published.diagnostics);
      assert.deepStrictEqual(Object.keys(a.edit?.changes ?? {}), [uriOf(file)]);
    }

    const fixed = applied(text, actions[0].edit!.changes![uriOf(file)]);
    assert.ok(fixed.includes(') ak ON c.id = ak.customer_id\n'), fixed);
    const changed = server.change(file, 2, [edit(text, 0, text.length, fixed)]);
    const after = await server.diagnostics(file, { after: changed, where: (p) => p.version === 2 });
    assert.deepStrictEqual(after.diagnostics, []);
    server.close(file);
  });

  it('offers nothing for a diagnostic no fix applies to, and nothing outside the range', async () => {
    const file = path.join(root, 'scratch.sql');
    const text = 'select c.shipping_address from customers c;\nselect ak.customer_id from api_keys ak;\n';
    const opened = server.open(file, text, 1);
    const { diagnostics } = await server.diagnostics(file, { after: opened });
    assert.strictEqual(diagnostics.length, 2);
    assert.deepStrictEqual(await codeActions(file, [diagnostics[0]]), []);
    assert.deepStrictEqual(await codeActions(file, diagnostics, diagnostics[0].range), []);
    const second = await codeActions(file, diagnostics, diagnostics[1].range);
    assert.deepStrictEqual(second.map((a) => a.title), ['Join api_keys through api_clients (subquery)']);
    assert.deepStrictEqual(second[0].diagnostics, [diagnostics[1]]);
    server.close(file);
  });
});
