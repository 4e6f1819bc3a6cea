import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { Client } from 'pg';
import type { CodeAction, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { createDatabase, pgError, type TestDatabase } from '../support/postgres';
import { ServerProcess, copyFixture, repoRoot, uriOf } from './serverProcess';

/**
 * The code action that renames a table or column of the history in a new migration (rename refuses them:
 * history is not rewritten), over stdio on examples/sample-project: offered with no diagnostic in the
 * request, the file named after the last migration, and its statements run on PostgreSQL after the history.
 */
describe('rename in a new migration (code action) over stdio', function () {
  this.timeout(120_000);
  let root: string;
  let server: ServerProcess;
  let db: TestDatabase;
  let client: Client;
  const migrations = () => path.join(root, 'database', 'migrations');
  const file = (name: string) => path.join(migrations(), name);

  before(async () => {
    root = copyFixture(path.join(repoRoot, 'examples', 'sample-project'));
    // 015 is the sample's bug (42703): fixed here so that the whole history runs on PostgreSQL.
    const buggy = fs.readFileSync(file('015_add_credits_to_customer_stats.sql'), 'utf8');
    fs.writeFileSync(file('015_add_credits_to_customer_stats.sql'), buggy.replace('ON c.id = ak.customer_id', 'ON ak.api_client_id = ac.id'));
    server = await ServerProcess.start({ folders: [root] });
    db = await createDatabase('rename_migration');
    client = await db.connect();
    client.on('notice', () => undefined);
    for (const name of fs.readdirSync(migrations()).sort()) await client.query(fs.readFileSync(file(name), 'utf8'));
  });

  after(async () => {
    await client?.end();
    await db?.drop();
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** The code actions at the start of `needle` + `into` in a migration opened as on disk, with no diagnostics. */
  async function actionsAt(name: string, needle: string, into: number, only?: string[]): Promise<CodeAction[]> {
    const text = fs.readFileSync(file(name), 'utf8');
    await server.diagnostics(file(name), { after: server.open(file(name), text, 1) });
    const before = text.slice(0, text.indexOf(needle) + into).split('\n');
    const position = { line: before.length - 1, character: before[before.length - 1].length };
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(file(name)) },
      range: { start: position, end: position },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });
    server.close(file(name));
    return actions;
  }

  /** A file-creating workspace edit as `relative path: text` per file. */
  function written(action: CodeAction): string[] {
    const changes = action.edit!.documentChanges!;
    return changes
      .filter((c): c is CreateFile => 'kind' in c && c.kind === 'create')
      .map((c) => {
        const edit = changes.find((e): e is TextDocumentEdit => 'textDocument' in e && e.textDocument.uri === c.uri)!;
        return `${path.relative(root, fileURLToPath(c.uri))}: ${edit.edits.map((e) => (e as TextEdit).newText).join('')}`;
      });
  }

  it('on a column renamed since: the new migration renames it under its current name, and runs on PostgreSQL', async () => {
    const actions = await actionsAt('003_create_api_keys.sql', 'token_hash', 2);
    assert.deepStrictEqual(actions.map((a) => `${a.kind} ${a.title}`), [
      'refactor.rewrite Rename column api_keys.secret_hash in a new migration (database/migrations/016_rename_api_keys_secret_hash.sql)',
    ]);
    assert.deepStrictEqual(written(actions[0]), ['database/migrations/016_rename_api_keys_secret_hash.sql: ALTER TABLE api_keys RENAME COLUMN secret_hash TO secret_hash_new;\n']);
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE api_keys RENAME COLUMN secret_hash TO secret_hash_new;');
      const { rows } = await client.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'api_keys' AND column_name LIKE 'secret%'");
      assert.deepStrictEqual(rows, [{ column_name: 'secret_hash_new' }]);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('on a table used in a view: ALTER TABLE … RENAME TO, accepted by PostgreSQL; the new file runs last, with no error', async () => {
    const actions = await actionsAt('015_add_credits_to_customer_stats.sql', 'customers c', 2);
    assert.deepStrictEqual(actions.map((a) => a.title), ['Rename table customers in a new migration (database/migrations/016_rename_customers.sql)']);
    const [text] = written(actions[0]);
    assert.strictEqual(text, 'database/migrations/016_rename_customers.sql: ALTER TABLE customers RENAME TO customers_new;\n');
    const sql = text.slice(text.indexOf(': ') + 2);
    await client.query('BEGIN');
    try {
      await client.query(sql);
    } catch (e) {
      assert.fail(`PostgreSQL refused ${sql}: ${pgError(e)?.message ?? e}`);
    } finally {
      await client.query('ROLLBACK');
    }
    // Written where the action says, the file is the history's last: no error, only the safety rule's review
    // of a rename (the application still running with the old name).
    const created = file('016_rename_customers.sql');
    fs.writeFileSync(created, sql);
    server.filesChanged([{ file: created, type: 1 }]);
    const published = await server.diagnostics(created, { after: server.open(created, sql, 1), where: (p) => p.diagnostics.length > 0 });
    assert.deepStrictEqual(published.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.code}`), ['0:12 2 rename-table']);
    server.close(created);
    fs.rmSync(created);
    server.filesChanged([{ file: created, type: 3 }]);
  });

  it('not on an alias (rename does that), nor when only quick fixes are asked for', async () => {
    assert.deepStrictEqual(await actionsAt('015_add_credits_to_customer_stats.sql', 'ak.id', 0), []);
    assert.deepStrictEqual(await actionsAt('015_add_credits_to_customer_stats.sql', 'customers c', 2, ['quickfix']), []);
    assert.strictEqual((await actionsAt('015_add_credits_to_customer_stats.sql', 'customers c', 2, ['refactor'])).length, 1);
  });
});
