import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FoldingRange, InitializeResult, SelectionRange, SemanticTokens } from 'vscode-languageserver-protocol';
import { ServerProcess, copyFixture, repoRoot, uriOf } from './serverProcess';

/** Folding ranges, selection ranges and semantic tokens over stdio on examples/sample-project, exactly. */
describe('folding, selection and semantic tokens over stdio on the sample project', function () {
  this.timeout(60_000);
  let root: string;
  let server: ServerProcess;
  let legend: { tokenTypes: string[]; tokenModifiers: string[] };
  const file = (name: string) => path.join(root, 'database', 'migrations', name);

  before(async () => {
    root = copyFixture(path.join(repoRoot, 'examples', 'sample-project'));
    server = await ServerProcess.start({ folders: [root] });
    legend = (server.initializeResult as InitializeResult).capabilities.semanticTokensProvider!.legend;
  });

  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  function open(name: string, text = fs.readFileSync(file(name), 'utf8')): { uri: string; text: string } {
    server.open(file(name), text, 1);
    return { uri: uriOf(file(name)), text };
  }

  it('folds statements, $$ bodies, multi-line lists and comment blocks (1-based lines)', async () => {
    const { uri } = open('009_add_updated_at_trigger.sql');
    const folds = await server.connection.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepStrictEqual(folds.map((f) => `${f.startLine + 1}-${f.endLine + 1}${f.kind ? ' ' + f.kind : ''}`), ['1-7', '2-6', '9-11']);
    const custom = open('016_folds.sql', '-- one\n-- two\n-- three\nCREATE TABLE t (\n  a int,\n  b int\n);\n/* a\n   b */\nSELECT 1;\n');
    const more = await server.connection.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: custom.uri } });
    assert.deepStrictEqual(more.map((f) => `${f.startLine + 1}-${f.endLine + 1}${f.kind ? ' ' + f.kind : ''}`), ['1-3 comment', '4-7', '4-6', '8-9 comment']);
    server.close(file('016_folds.sql'));
  });

  it('expands the selection: word, qualified name, parenthesised group, clause, statement', async () => {
    const { uri, text } = open('015_add_credits_to_customer_stats.sql');
    const offset = text.indexOf('amount_cents');
    const before = text.slice(0, offset + 2).split('\n');
    const [range] = await server.connection.sendRequest<SelectionRange[]>('textDocument/selectionRange', {
      textDocument: { uri },
      positions: [{ line: before.length - 1, character: before[before.length - 1].length }],
    });
    const chain: string[] = [];
    const lines = text.split('\n');
    const offsetOf = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    for (let r: SelectionRange | undefined = range; r; r = r.parent) {
      const piece = text.slice(offsetOf(r.range.start), offsetOf(r.range.end));
      chain.push(piece.length > 40 ? `${piece.slice(0, 20)}…${piece.slice(-12)}` : piece);
    }
    assert.deepStrictEqual(chain, [
      'amount_cents',
      '(amount_cents)',
      'SUM(amount_cents) AS paid_cents',
      'SELECT customer_id, …S paid_cents',
      'SELECT customer_id, … customer_id',
      '(\n    SELECT custome…ustomer_id\n)',
      'LEFT JOIN (\n    SELE…er_id = c.id',
      'CREATE OR REPLACE VI….paid_cents;',
    ]);
  });

  it('semantic tokens come from the resolver: known tables, columns, aliases and functions; an unknown column has none', async () => {
    const { uri, text } = open('016_tokens.sql', 'SELECT k.prefix, k.nope, count(*) FROM api_keys k WHERE k.id = $1;\n');
    const tokens = await server.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length, type, mods] = tokens.data.slice(i, i + 5);
      line += dl;
      character = dl === 0 ? character + dc : dc;
      const modifiers = legend.tokenModifiers.filter((_, bit) => mods & (1 << bit));
      decoded.push(`${text.split('\n')[line].slice(character, character + length)} ${legend.tokenTypes[type]}${modifiers.length ? ' ' + modifiers.join(',') : ''}`);
    }
    assert.deepStrictEqual(decoded, [
      'k variable',
      'prefix property',
      'k variable',
      'count function defaultLibrary',
      'api_keys class',
      'k variable',
      'id property',
      '$1 parameter',
    ]);
    server.close(file('016_tokens.sql'));
  });
});
