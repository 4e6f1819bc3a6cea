import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionItem, CompletionList, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { ServerProcess, uriOf } from './serverProcess';

/**
 * Completion, hover and go-to-definition over stdio against the bundled server, on half-typed text.
 * The project's history: 001 creates customers/api_clients/api_keys, 002 adds api_keys.last_used_at,
 * 003 drops api_keys.legacy_token; the documents under test are 004 (after all of it) and 002 (before 002's
 * own change).
 */
const HISTORY: Record<string, string> = {
  '001_init.sql': `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE api_clients (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), name text);
CREATE TABLE api_keys (id bigint PRIMARY KEY, api_client_id bigint NOT NULL REFERENCES api_clients (id), prefix text UNIQUE, legacy_token text);
CREATE TABLE plans (code text PRIMARY KEY, title text);
`,
  '002_last_used.sql': 'ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;\n',
  '003_drop_legacy.sql': 'ALTER TABLE api_keys DROP COLUMN legacy_token;\n',
  '004_work.sql': '',
};

describe('completion, hover and definition over stdio', function () {
  this.timeout(30_000);
  let root: string;
  let server: ServerProcess;
  const file = (name: string) => path.join(root, 'database', 'migrations', name);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-features-'));
    fs.mkdirSync(path.join(root, 'database', 'migrations'), { recursive: true });
    for (const [name, text] of Object.entries(HISTORY)) fs.writeFileSync(file(name), text);
    server = await ServerProcess.start({ folders: [root] });
  });

  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  let version = 1;
  /** Opens `name` with `text` where `|` marks the cursor, and asks for completion there. */
  async function completeAt(name: string, marked: string): Promise<CompletionItem[]> {
    const { text, position } = cursor(marked);
    server.open(file(name), text, version++);
    const list = await server.connection.sendRequest<CompletionList | null>('textDocument/completion', {
      textDocument: { uri: uriOf(file(name)) },
      position,
    });
    server.close(file(name));
    return list?.items ?? [];
  }

  const labels = (items: CompletionItem[], kinds: number[]) =>
    items.filter((i) => kinds.includes(i.kind!)).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '') || a.label.localeCompare(b.label)).map((i) => i.label);
  const FIELD = 5;
  const CLASS = 7;
  const VARIABLE = 6;
  const SNIPPET = 15;
  const STRUCT = 22;

  it('after `alias.`: exactly the columns of that relation as of this point in the history', async () => {
    const items = await completeAt('004_work.sql', 'SELECT ak.| FROM api_keys ak');
    assert.deepStrictEqual(labels(items, [FIELD]), ['api_client_id', 'id', 'last_used_at', 'prefix']);
    assert.deepStrictEqual(items.map((i) => i.kind).filter((k) => k !== FIELD), []);
    const id = items.find((i) => i.label === 'api_client_id')!;
    assert.strictEqual(id.detail, 'bigint not null · api_keys');
    assert.match((id.documentation as MarkupContent).value, /references api_clients\(id\)[\s\S]*001_init\.sql` line 4/);
  });

  it('after `alias.` in a file earlier in the history: the column added later is not there yet, the dropped one still is', async () => {
    const items = await completeAt('002_last_used.sql', 'SELECT ak.| FROM api_keys ak;\nALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;');
    assert.deepStrictEqual(labels(items, [FIELD]), ['api_client_id', 'id', 'legacy_token', 'prefix']);
  });

  it('in a select list: every column in scope, qualified where two relations share the name, and the aliases', async () => {
    const items = await completeAt('004_work.sql', 'SELECT | FROM api_clients ac JOIN customers c ON c.id = ac.customer_id');
    assert.deepStrictEqual(labels(items, [FIELD]), ['ac.id', 'ac.name', 'c.id', 'c.name', 'customer_id', 'email']);
    assert.deepStrictEqual(labels(items, [VARIABLE]), ['ac', 'c']);
  });

  it('in WHERE of a statement that has no semicolon, at the end of the file', async () => {
    const items = await completeAt('004_work.sql', 'SELECT 1;\nSELECT * FROM plans p WHERE |');
    assert.deepStrictEqual(labels(items, [FIELD]), ['code', 'title']);
    assert.ok(items.some((i) => i.label === 'AND'), 'keywords follow');
    assert.ok(items.some((i) => i.label === 'coalesce' || i.label === 'lower'), 'functions follow');
  });

  it('after FROM: tables (and CTE names), qualified only off the search path', async () => {
    const items = await completeAt('004_work.sql', 'WITH recent AS (SELECT 1 AS n) SELECT * FROM |');
    assert.deepStrictEqual(labels(items, [STRUCT]), ['recent']);
    assert.deepStrictEqual(labels(items, [CLASS]), ['api_clients', 'api_keys', 'customers', 'plans']);
  });

  it('after JOIN: linked tables first, and whole joins with their condition', async () => {
    const items = await completeAt('004_work.sql', 'SELECT * FROM customers c LEFT JOIN |');
    assert.deepStrictEqual(labels(items, [CLASS]), ['api_clients', 'api_keys', 'customers', 'plans']);
    assert.strictEqual(items.find((i) => i.label === 'api_clients')!.sortText![0], '0');
    assert.strictEqual(items.find((i) => i.label === 'plans')!.sortText![0], '3');
    assert.deepStrictEqual(labels(items, [SNIPPET]), ['api_clients ac ON ac.customer_id = c.id']);
  });

  it('after `JOIN t x ON ` in an unfinished join: the foreign-key conditions, ranked first', async () => {
    const items = await completeAt('004_work.sql', 'SELECT * FROM customers c JOIN api_clients ac ON |\nWHERE c.id = 1');
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.strictEqual(sorted[0].label, 'ac.customer_id = c.id');
    assert.deepStrictEqual(labels(items, [SNIPPET]), ['ac.customer_id = c.id']);
  });

  it('inside INSERT INTO t (: the columns not listed yet', async () => {
    const items = await completeAt('004_work.sql', 'INSERT INTO customers (email, |');
    assert.deepStrictEqual(labels(items, [FIELD]), ['id', 'name']);
  });

  it('after REFERENCES t(: the key columns', async () => {
    const items = await completeAt('004_work.sql', 'CREATE TABLE notes (key_prefix text REFERENCES api_keys (|');
    assert.deepStrictEqual(labels(items, [FIELD]), ['id', 'prefix']);
  });

  it('in SET of an UPDATE', async () => {
    const items = await completeAt('004_work.sql', 'UPDATE plans SET |');
    assert.deepStrictEqual(labels(items, [FIELD]), ['code', 'title']);
  });

  it('hover on a column shows its type, keys and where it was defined; on an alias its relation', async () => {
    const text = 'SELECT ak.api_client_id FROM api_keys ak;';
    server.open(file('004_work.sql'), text, version++);
    const onColumn = await server.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: uriOf(file('004_work.sql')) },
      position: { line: 0, character: text.indexOf('client') },
    });
    const value = (onColumn!.contents as MarkupContent).value;
    assert.match(value, /\*\*column\*\* `api_client_id` bigint not null of table `api_keys`/);
    assert.match(value, /references api_clients\(id\)/);
    assert.match(value, /Defined in `001_init\.sql` line 4/);
    const onAlias = await server.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: uriOf(file('004_work.sql')) },
      position: { line: 0, character: text.indexOf('ak.') },
    });
    assert.match((onAlias!.contents as MarkupContent).value, /\*\*alias\*\* `ak` for \*\*table\*\* `api_keys`[\s\S]*\| last_used_at \| timestamp with time zone/);
    server.close(file('004_work.sql'));
  });

  it('go to definition of a column lands on the migration that added it; of an alias on its FROM item', async () => {
    const text = 'SELECT ak.last_used_at FROM api_keys ak;';
    server.open(file('004_work.sql'), text, version++);
    const column = await server.connection.sendRequest<Location | null>('textDocument/definition', {
      textDocument: { uri: uriOf(file('004_work.sql')) },
      position: { line: 0, character: text.indexOf('last_used') + 2 },
    });
    assert.strictEqual(column!.uri, uriOf(file('002_last_used.sql')));
    assert.deepStrictEqual(column!.range, { start: { line: 0, character: 32 }, end: { line: 0, character: 44 } });
    const alias = await server.connection.sendRequest<Location | null>('textDocument/definition', {
      textDocument: { uri: uriOf(file('004_work.sql')) },
      position: { line: 0, character: 7 },
    });
    assert.strictEqual(alias!.uri, uriOf(file('004_work.sql')));
    assert.strictEqual(text.slice(alias!.range.start.character, alias!.range.end.character), 'ak');
    assert.strictEqual(alias!.range.start.character, text.lastIndexOf('ak'));
    server.close(file('004_work.sql'));
  });
});

/** `|` marks the cursor: the text without it, and the cursor's position. */
function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}
