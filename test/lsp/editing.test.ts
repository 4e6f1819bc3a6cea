import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as libpg from '@libpg-query/parser';
import type { InlayHint, SignatureHelp, TextEdit } from 'vscode-languageserver-protocol';
import { ServerProcess, applyEdits, copyFixture, repoRoot, uriOf } from './serverProcess';

/** The parse tree without locations, by the real parser: what "same meaning" is measured with. */
export function treeWithoutLocations(text: string): string {
  return JSON.stringify(libpg.parseSync(text), (k, v) => (k === 'location' || k === 'stmt_location' || k === 'stmt_len' ? undefined : v));
}


/** Formatting, signature help and inlay hints over stdio on examples/sample-project. */
describe('formatting, signature help and inlay hints over stdio', function () {
  this.timeout(60_000);
  let root: string;
  let server: ServerProcess;
  let hinting: ServerProcess;
  const file = (name: string) => path.join(root, 'database', 'migrations', name);

  before(async () => {
    await libpg.loadModule();
    root = copyFixture(path.join(repoRoot, 'examples', 'sample-project'));
    server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { format: { keywordCase: 'upper' } } });
    hinting = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { inlayHints: { enabled: true } } });
  });

  after(async () => {
    await server?.stop();
    await hinting?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const format = async (s: ServerProcess, name: string, text: string) => {
    s.open(file(name), text, 1);
    const edits = await s.connection.sendRequest<TextEdit[]>('textDocument/formatting', { textDocument: { uri: uriOf(file(name)) }, options: { tabSize: 2, insertSpaces: true } });
    s.close(file(name));
    return edits;
  };

  it('formats every statement of a migration, keeping its comments and its meaning', async () => {
    for (const name of fs.readdirSync(path.dirname(file('x')))) {
      const text = fs.readFileSync(file(name), 'utf8');
      const formatted = applyEdits(text, await format(server, name, text));
      assert.strictEqual(treeWithoutLocations(formatted), treeWithoutLocations(text), name);
      assert.deepStrictEqual(formatted.match(/--.*$/gm), text.match(/--.*$/gm), name);
    }
  });

  it('layout and keyword case as set (sql-formatter leaves some keywords of CREATE FUNCTION alone); a $$ body is left as written', async () => {
    const text = "-- keep me\nselect id,email from customers where id=1;\n\ncreate function f() returns int language sql as $$ select   1 $$;\n";
    const formatted = applyEdits(text, await format(server, '016_fmt.sql', text));
    assert.strictEqual(
      formatted,
      "-- keep me\nSELECT\n  id,\n  email\nFROM\n  customers\nWHERE\n  id = 1;\n\nCREATE FUNCTION f () returns int language sql AS $$ select   1 $$;\n",
    );
  });

  it('schemasense.format.indent sets the indentation (spaces or a tab) over the editor\'s', async () => {
    const text = 'select id from customers;\n';
    const saved = server.settings;
    try {
      server.settings = { format: { keywordCase: 'upper', indent: 4 } };
      assert.strictEqual(applyEdits(text, await format(server, '016_indent.sql', text)), 'SELECT\n    id\nFROM\n    customers;\n');
      server.settings = { format: { keywordCase: 'upper', indent: 'tab' } };
      assert.strictEqual(applyEdits(text, await format(server, '016_indent.sql', text)), 'SELECT\n\tid\nFROM\n\tcustomers;\n');
      // Anything else: the editor's (tabSize 2, spaces).
      server.settings = { format: { keywordCase: 'upper', indent: 'wide' } };
      assert.strictEqual(applyEdits(text, await format(server, '016_indent.sql', text)), 'SELECT\n  id\nFROM\n  customers;\n');
    } finally {
      server.settings = saved;
    }
  });

  it('a statement that does not parse is left as written; the others are formatted', async () => {
    const text = 'select 1;\nselect from where;\nselect 2;\n';
    const formatted = applyEdits(text, await format(server, '016_broken.sql', text));
    assert.strictEqual(formatted, 'SELECT\n  1;\nselect from where;\nSELECT\n  2;\n');
    assert.ok(server.logs.some((l) => /formatting left the statement at .*016_broken\.sql:2 as written: it does not parse/.test(l)), server.logs.join('\n'));
  });

  it('signature help for a built-in and for a function an earlier migration created, with the active parameter', async () => {
    const ask = async (text: string) => {
      server.open(file('016_sig.sql'), text, 1);
      const help = await server.connection.sendRequest<SignatureHelp | null>('textDocument/signatureHelp', {
        textDocument: { uri: uriOf(file('016_sig.sql')) },
        position: { line: 0, character: text.length },
      });
      server.close(file('016_sig.sql'));
      return help;
    };
    const own = await ask('SELECT * FROM monthly_usage(');
    assert.deepStrictEqual(own && { labels: own.signatures.map((s) => s.label), doc: own.signatures[0].documentation, active: own.activeParameter }, {
      labels: ['monthly_usage(p_month date) → TABLE(customer_id bigint, units bigint)'],
      doc: { kind: 'plaintext', value: 'Defined in 014_create_monthly_usage_function.sql line 2.' },
      active: 0,
    });
    const builtin = await ask("SELECT date_trunc('day', ");
    assert.deepStrictEqual(builtin && { labels: builtin.signatures.map((s) => s.label), active: builtin.activeParameter, signature: builtin.activeSignature }, {
      labels: [
        'date_trunc(text, interval) → interval',
        'date_trunc(text, timestamp with time zone) → timestamp with time zone',
        'date_trunc(text, timestamp with time zone, text) → timestamp with time zone',
        'date_trunc(text, timestamp without time zone) → timestamp without time zone',
      ],
      active: 1,
      signature: 0,
    });
    assert.strictEqual(await ask('SELECT nosuchfunction('), null);
    assert.strictEqual(await ask('SELECT (1 + '), null);
  });

  it('inlay hints name the column of each INSERT value, only when enabled', async () => {
    const text = "INSERT INTO customers (email, name) VALUES ('a@b.c', 'A');\nINSERT INTO plans_not_there VALUES (1);\n";
    const ask = async (s: ServerProcess) => {
      s.open(file('016_hints.sql'), text, 1);
      const hints = await s.connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', {
        textDocument: { uri: uriOf(file('016_hints.sql')) },
        range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
      });
      s.close(file('016_hints.sql'));
      return hints;
    };
    assert.deepStrictEqual(await ask(server), []);
    assert.deepStrictEqual((await ask(hinting))!.map((h) => `${h.position.line}:${h.position.character} ${h.label}`), ['0:44 email:', '0:53 name:']);
  });

  it("inlay hints give the column's type before a default of ADD COLUMN and of ALTER COLUMN SET DEFAULT, from the history", async () => {
    const text = "ALTER TABLE customers ADD COLUMN score int4 DEFAULT 0,\n  ALTER COLUMN credit_cents SET DEFAULT 100;\nALTER TABLE nope ALTER COLUMN x SET DEFAULT 1;\n";
    hinting.open(file('016_default_hints.sql'), text, 1);
    const hints = await hinting.connection.sendRequest<InlayHint[] | null>('textDocument/inlayHint', {
      textDocument: { uri: uriOf(file('016_default_hints.sql')) },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
    });
    hinting.close(file('016_default_hints.sql'));
    // int4 as format_type prints it; credit_cents is integer since 011; the unknown table gets none.
    assert.deepStrictEqual(hints!.map((h) => `${h.position.line}:${h.position.character} ${h.label}`), ['0:52 integer:', '1:40 integer:']);
  });

  it('formatting is registered for SQL documents only when the client can register it: never for schema.prisma', async () => {
    const dynamic = await ServerProcess.start({
      folders: [root],
      capabilities: { textDocument: { formatting: { dynamicRegistration: true }, rangeFormatting: { dynamicRegistration: true } } },
    });
    try {
      const caps = dynamic.initializeResult!.capabilities;
      assert.deepStrictEqual([caps.documentFormattingProvider, caps.documentRangeFormattingProvider], [undefined, undefined]);
      // The registration (one request for both) comes after `initialized`.
      for (let waited = 0; !dynamic.registrations.some((r) => /ormatting$/.test(r.method)) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      const formatting = dynamic.registrations.filter((r) => /ormatting$/.test(r.method));
      assert.deepStrictEqual(
        formatting.map((r) => ({ method: r.method, selector: (r.registerOptions as { documentSelector: unknown }).documentSelector })),
        ['textDocument/formatting', 'textDocument/rangeFormatting'].map((method) => ({
          method,
          selector: [{ scheme: 'file', language: 'sql' }, { scheme: 'untitled', language: 'sql' }],
        })),
      );
    } finally {
      await dynamic.stop();
    }
    // A client that cannot register it gets the static capability (and a .prisma document no edits).
    assert.deepStrictEqual([server.initializeResult!.capabilities.documentFormattingProvider, server.initializeResult!.capabilities.documentRangeFormattingProvider], [true, true]);
    const prisma = path.join(root, 'schema.prisma');
    server.open(prisma, 'model A {\n  id Int @id\n}\n', 1, 'prisma');
    const edits = await server.connection.sendRequest<TextEdit[] | null>('textDocument/formatting', { textDocument: { uri: uriOf(prisma) }, options: { tabSize: 2, insertSpaces: true } });
    server.close(prisma);
    assert.deepStrictEqual(edits, null);
  });
});
