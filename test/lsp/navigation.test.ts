import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { DocumentHighlight, DocumentSymbol, Location, Range, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { ServerProcess, copyFixture, edit, repoRoot, uriOf } from './serverProcess';

/**
 * Outline, workspace symbols, references (across migrations), document highlight and rename over stdio,
 * against the bundled server on examples/sample-project: exact names, files and ranges.
 */
describe('navigation over stdio on the sample project', function () {
  this.timeout(60_000);
  let root: string;
  let server: ServerProcess;
  const file = (name: string) => path.join(root, 'database', 'migrations', name);
  const texts = new Map<string, string>();

  before(async () => {
    root = copyFixture(path.join(repoRoot, 'examples', 'sample-project'));
    server = await ServerProcess.start({ folders: [root] });
  });

  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Opens a migration as it is on disk (once) and gives its URI. */
  function open(name: string): string {
    if (!texts.has(name)) {
      const text = fs.readFileSync(file(name), 'utf8');
      texts.set(name, text);
      server.open(file(name), text, 1);
    }
    return uriOf(file(name));
  }

  /** The position of the `n`th (0-based) occurrence of `needle` in a file, plus `into` characters. */
  function at(name: string, needle: string, into = 0, n = 0): { line: number; character: number } {
    const text = texts.get(name) ?? fs.readFileSync(file(name), 'utf8');
    let offset = -1;
    for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${needle} in ${name}`);
    const before = text.slice(0, offset + into).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  }

  /** `file:line:col-line:col 'text'` (1-based lines and columns, as an editor shows them). */
  function show(uri: string, range: Range): string {
    const name = path.basename(new URL(uri).pathname);
    const lines = (texts.get(name) ?? fs.readFileSync(file(name), 'utf8')).split('\n');
    const text = range.start.line === range.end.line ? lines[range.start.line].slice(range.start.character, range.end.character) : '…';
    return `${name}:${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1} ${text}`;
  }

  const outline = (symbols: DocumentSymbol[], depth = 0): string[] =>
    symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} (${s.kind}${s.detail ? `, ${s.detail}` : ''}) ${s.range.start.line + 1}-${s.range.end.line + 1}`, ...outline(s.children ?? [], depth + 1)]);

  it('the history is indexed for references in the background once the server is quiet', async () => {
    const built = /references index of (\d+) migration file\(s\) built in the background/;
    for (let waited = 0; !server.logs.some((l) => built.test(l)) && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(server.logs.filter((l) => built.test(l)).map((l) => built.exec(l)![1]), ['15'], server.logs.join('\n'));
  });

  it('outline of 015 is the view it replaces; of 001 the table with its columns, and the index', async () => {
    const symbols15 = await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: open('015_add_credits_to_customer_stats.sql') } });
    assert.deepStrictEqual(outline(symbols15), ['customer_stats (11, create or replace) 2-20']);
    assert.strictEqual(show(open('015_add_credits_to_customer_stats.sql'), symbols15[0].selectionRange), '015_add_credits_to_customer_stats.sql:2:24-2:38 customer_stats');
    const symbols1 = await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: open('001_create_customers.sql') } });
    assert.deepStrictEqual(outline(symbols1), [
      'customers (5) 2-8',
      '  id (8, bigint) 3-3',
      '  email (8, text) 4-4',
      '  name (8, text) 5-5',
      '  created_at (8, timestamp with time zone) 6-6',
      '  updated_at (8, timestamp with time zone) 7-7',
      'customers_email_key (20, on customers) 10-10',
    ]);
  });

  it('outline of ALTER TABLE, CREATE FUNCTION and CREATE TRIGGER', async () => {
    const of = async (name: string) => outline(await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: open(name) } }));
    assert.deepStrictEqual(await of('011_add_credits_to_customers.sql'), [
      'customers (5, alter) 2-2',
      '  credit_cents (8, integer) 2-2',
      'customers (5, alter) 3-3',
      '  customers_credit_nonnegative (7, check) 3-3',
    ]);
    assert.deepStrictEqual(await of('012_enable_rls_on_api_keys.sql'), ['api_keys (5, alter) 2-2', 'api_keys_owner (24, on api_keys) 4-11']);
    assert.deepStrictEqual(await of('009_add_updated_at_trigger.sql'), ['set_updated_at (12, ()) 1-7', 'customers_set_updated_at (24, on customers) 9-11']);
    assert.deepStrictEqual(await of('014_create_monthly_usage_function.sql'), ['monthly_usage (12, (p_month)) 2-12']);
  });

  it('workspace symbols: relations, columns and functions of the history by name, where they were made', async () => {
    const found = await server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'secret' });
    assert.deepStrictEqual(found.map((s) => `${s.name} ${s.kind} ${s.containerName} ${show(s.location.uri, s.location.range)}`), [
      // Renamed by 007: the column still points at the CREATE TABLE that made it.
      'secret_hash 8 api_keys 003_create_api_keys.sql:5:5-5:15 token_hash',
    ]);
    const functions = await server.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'monthly' });
    assert.deepStrictEqual(functions.map((s) => `${s.name} ${s.kind} ${show(s.location.uri, s.location.range)}`), [
      'monthly_usage(p_month date) 12 014_create_monthly_usage_function.sql:2:17-2:30 monthly_usage',
    ]);
  });

  it('Shift+F12 on a column: its definition and every use in later migrations, DDL included', async () => {
    const uri = open('015_add_credits_to_customer_stats.sql');
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: at('015_add_credits_to_customer_stats.sql', 'c.email', 3),
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(refs.map((r) => show(r.uri, r.range)), [
      '015_add_credits_to_customer_stats.sql:5:7-5:12 email',
      '001_create_customers.sql:4:5-4:10 email',
      '001_create_customers.sql:10:61-10:66 email',
      '010_create_customer_stats_view.sql:5:7-5:12 email',
    ]);
  });

  it('references of a renamed column from its CREATE TABLE: the rename, the comment on it, under both names', async () => {
    const uri = open('003_create_api_keys.sql');
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: at('003_create_api_keys.sql', 'token_hash', 2),
      context: { includeDeclaration: false },
    });
    assert.deepStrictEqual(refs.map((r) => show(r.uri, r.range)), [
      '007_rename_api_keys_token_hash.sql:2:36-2:46 token_hash',
      '007_rename_api_keys_token_hash.sql:4:28-4:39 secret_hash',
    ]);
  });

  it('references of a table from a use: every statement that names it, function bodies included', async () => {
    const uri = open('015_add_credits_to_customer_stats.sql');
    const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: at('015_add_credits_to_customer_stats.sql', 'api_keys ak', 2),
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(refs.map((r) => show(r.uri, r.range)), EXPECTED_API_KEYS);
  });

  it('document highlight of an alias: its definition (write) and its uses in the statement', async () => {
    const uri = open('015_add_credits_to_customer_stats.sql');
    const found = await server.connection.sendRequest<DocumentHighlight[]>('textDocument/documentHighlight', {
      textDocument: { uri },
      position: at('015_add_credits_to_customer_stats.sql', 'api_clients ac', 12),
    });
    assert.deepStrictEqual(found.map((h) => `${show(uri, h.range)} ${h.kind}`), [
      '015_add_credits_to_customer_stats.sql:7:20-7:22 ac 2',
      '015_add_credits_to_customer_stats.sql:12:23-12:25 ac 3',
      '015_add_credits_to_customer_stats.sql:12:29-12:31 ac 2',
    ]);
  });

  it('rename: an alias within its statement; a table or column of the history is refused', async () => {
    const uri = open('015_add_credits_to_customer_stats.sql');
    const prepared = await server.connection.sendRequest<{ range: Range; placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri },
      position: at('015_add_credits_to_customer_stats.sql', 'ak.id', 0),
    });
    assert.deepStrictEqual({ at: show(uri, prepared.range), placeholder: prepared.placeholder }, { at: '015_add_credits_to_customer_stats.sql:10:20-10:22 ak', placeholder: 'ak' });
    const edit = await server.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: at('015_add_credits_to_customer_stats.sql', 'ak.id', 0),
      newName: 'keys',
    });
    assert.deepStrictEqual(Object.keys(edit.changes!), [uri]);
    assert.deepStrictEqual(edit.changes![uri].map((e) => `${show(uri, e.range)} → ${e.newText}`), [
      '015_add_credits_to_customer_stats.sql:10:20-10:22 ak → keys',
      '015_add_credits_to_customer_stats.sql:13:20-13:22 ak → keys',
      '015_add_credits_to_customer_stats.sql:13:33-13:35 ak → keys',
    ]);
    await assert.rejects(
      server.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: at('015_add_credits_to_customer_stats.sql', 'customers c', 2) }),
      /The table customers is defined by the migration history, which is not rewritten: rename it with ALTER TABLE … RENAME in a new migration \(the code action "Rename … in a new migration" writes one\)\./,
    );
    await assert.rejects(
      server.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: at('015_add_credits_to_customer_stats.sql', 'ak.id', 0), newName: 'c' }),
      /`c` is already a name in this statement\./,
    );
  });

  it('references follow the text: an edit of an earlier open migration adds a use and moves the others', async () => {
    const uri = open('015_add_credits_to_customer_stats.sql');
    const name = '013_add_last_used_at_to_api_keys.sql';
    open(name);
    const before = texts.get(name)!;
    const added = 'CREATE INDEX ON api_keys (secret_hash);\n';
    const mark = server.change(file(name), 2, [edit(before, 0, 0, added)]);
    texts.set(name, added + before);
    try {
      await server.diagnostics(file(name), { after: mark });
      const refs = await server.connection.sendRequest<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: at('015_add_credits_to_customer_stats.sql', 'api_keys ak', 2),
        context: { includeDeclaration: true },
      });
      assert.deepStrictEqual(refs.map((r) => show(r.uri, r.range)), [
        ...EXPECTED_API_KEYS.filter((r) => !r.startsWith(name + ':') && !r.startsWith('014')),
        `${name}:1:17-1:25 api_keys`,
        `${name}:2:13-2:21 api_keys`,
        `${name}:4:37-4:45 api_keys`,
        ...EXPECTED_API_KEYS.filter((r) => r.startsWith('014')),
      ]);
    } finally {
      server.close(file(name));
      texts.delete(name);
    }
  });
});

/** api_keys from 015: the use itself, the CREATE TABLE, an index, a foreign key, the rename and comments, RLS and the policy, ADD COLUMN and a comment, and the SQL function body of 014. */
const EXPECTED_API_KEYS = [
  '015_add_credits_to_customer_stats.sql:13:11-13:19 api_keys',
  '003_create_api_keys.sql:1:14-1:22 api_keys',
  '003_create_api_keys.sql:11:44-11:52 api_keys',
  '005_create_usage_events.sql:4:50-4:58 api_keys',
  '007_rename_api_keys_token_hash.sql:2:13-2:21 api_keys',
  '007_rename_api_keys_token_hash.sql:4:19-4:27 api_keys',
  '007_rename_api_keys_token_hash.sql:5:19-5:27 api_keys',
  '012_enable_rls_on_api_keys.sql:2:13-2:21 api_keys',
  '012_enable_rls_on_api_keys.sql:4:33-4:41 api_keys',
  '013_add_last_used_at_to_api_keys.sql:1:13-1:21 api_keys',
  '013_add_last_used_at_to_api_keys.sql:3:37-3:45 api_keys',
  '014_create_monthly_usage_function.sql:7:10-7:18 api_keys',
];
