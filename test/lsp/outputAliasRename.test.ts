import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Client } from 'pg';
import type { DocumentHighlight, Location, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { createDatabase, type TestDatabase } from '../support/postgres';
import { ServerProcess, applyEdits, copyFixture, repoRoot, uriOf } from './serverProcess';

/**
 * F2 on an output alias (`expr AS x`) over stdio on examples/sample-project: the alias and its uses in ORDER BY,
 * GROUP BY and outer queries renamed together, and the renamed statement giving PostgreSQL's same rows as the
 * original (after the sample's history, on seeded customers); refused where the name is the history's or its
 * meaning cannot be followed.
 */
describe('rename of output aliases over stdio', function () {
  this.timeout(120_000);
  let root: string;
  let server: ServerProcess;
  let db: TestDatabase;
  let client: Client;
  const file = () => path.join(root, 'queries', 'aliases.sql');

  before(async () => {
    root = copyFixture(path.join(repoRoot, 'examples', 'sample-project'));
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    server = await ServerProcess.start({ folders: [root] });
    db = await createDatabase('output_alias');
    client = await db.connect();
    client.on('notice', () => undefined);
    const migrations = path.join(root, 'database', 'migrations');
    for (const name of fs.readdirSync(migrations).sort()) {
      const sql = fs.readFileSync(path.join(migrations, name), 'utf8');
      // 015 is the sample's bug (42703), fixed as its own test does.
      await client.query(sql.replace('ON c.id = ak.customer_id', 'ON ak.api_client_id = ac.id'));
    }
    await client.query("INSERT INTO customers (email, name) VALUES ('a@x.io', 'Ann'), ('b@x.io', 'Bob'), ('c@x.io', 'Bob')");
  });

  after(async () => {
    await client?.end();
    await db?.drop();
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  let version = 0;
  /** Opens `text` as queries/aliases.sql and renames at `needle` + `into`: the placeholder and the renamed text, or the refusal. */
  async function renameAt(text: string, needle: string, into: number, newName: string): Promise<{ placeholder: string; renamed: string } | string> {
    const uri = uriOf(file());
    await server.diagnostics(file(), { after: server.open(file(), text, ++version) });
    const offset = text.indexOf(needle) + into;
    const position = { line: 0, character: offset };
    try {
      const prepared = await server.connection.sendRequest<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
      const edit = await server.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName });
      return { placeholder: prepared.placeholder, renamed: applyEdits(text, edit.changes![uri] as TextEdit[]) };
    } catch (e) {
      return (e as Error).message;
    } finally {
      server.close(file());
    }
  }

  const rows = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r));

  const RENAMED: [string, string, number, string, string][] = [
    [
      'SELECT c.name AS who, count(*) AS n FROM customers c GROUP BY who ORDER BY n DESC, who;',
      'n DESC', 0, 'total',
      'SELECT c.name AS who, count(*) AS total FROM customers c GROUP BY who ORDER BY total DESC, who;',
    ],
    [
      'SELECT c.name AS who, count(*) AS n FROM customers c GROUP BY who ORDER BY n DESC, who;',
      'who;', 0, 'person',
      'SELECT c.name AS person, count(*) AS n FROM customers c GROUP BY person ORDER BY n DESC, person;',
    ],
    [
      'SELECT s.n FROM (SELECT count(*) AS n FROM customers) s WHERE s.n > 0;',
      's.n >', 2, 'n_customers',
      'SELECT s.n_customers FROM (SELECT count(*) AS n_customers FROM customers) s WHERE s.n_customers > 0;',
    ],
    [
      'WITH t AS (SELECT lower(email) AS address FROM customers) SELECT address FROM t ORDER BY address DESC;',
      'address FROM t', 0, 'mail',
      'WITH t AS (SELECT lower(email) AS mail FROM customers) SELECT mail FROM t ORDER BY mail DESC;',
    ],
    [
      "SELECT name AS label FROM customers UNION SELECT 'zed' ORDER BY label;",
      'label;', 0, 'caption',
      "SELECT name AS caption FROM customers UNION SELECT 'zed' ORDER BY caption;",
    ],
  ];

  for (const [text, needle, into, newName, expected] of RENAMED) {
    it(`renames ${needle.trim()} → ${newName}: ${text}`, async () => {
      const result = await renameAt(text, needle, into, newName);
      assert.ok(typeof result !== 'string', String(result));
      assert.strictEqual(result.renamed, expected);
      // The same rows from PostgreSQL, in the same order.
      assert.deepStrictEqual(await rows(result.renamed), await rows(text));
    });
  }

  it('document highlight and references of an output alias: the alias (write) and its uses in its statement', async () => {
    const text = 'SELECT s.n FROM (SELECT count(*) AS n FROM customers) s WHERE s.n > 0;';
    const uri = uriOf(file());
    await server.diagnostics(file(), { after: server.open(file(), text, ++version) });
    try {
      const position = { line: 0, character: text.indexOf('s.n >') + 2 };
      const highlights = await server.connection.sendRequest<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri }, position });
      assert.deepStrictEqual(highlights.map((h) => `${h.range.start.character}-${h.range.end.character} ${h.kind}`), ['9-10 2', '36-37 3', '64-65 2']);
      const refs = await server.connection.sendRequest<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
      assert.deepStrictEqual(refs.map((r) => `${r.range.start.character}-${r.range.end.character}`), ['9-10', '64-65']);
    } finally {
      server.close(file());
    }
  });

  it('refuses a view column, an alias its view passes on, a name the statement also sees as a column, and one it cannot follow', async () => {
    assert.strictEqual(
      await renameAt('CREATE VIEW v AS SELECT id AS ident FROM customers;', 'ident', 0, 'z'),
      '`ident` names a column of the view this statement creates: the migration history keeps it (rename it with ALTER VIEW … RENAME COLUMN in a new migration).',
    );
    assert.strictEqual(
      await renameAt('CREATE VIEW v AS SELECT s.n FROM (SELECT count(*) AS n FROM customers) s;', 'n FROM customers', 0, 'z'),
      '`n` becomes a column name of the view this statement creates: the migration history keeps it.',
    );
    // GROUP BY email groups by the input column, not the alias: PostgreSQL's own reading.
    const sql = 'SELECT name AS email FROM customers GROUP BY email;';
    await assert.rejects(client.query(sql), /column "customers.name" must appear in the GROUP BY clause/);
    assert.strictEqual(await renameAt(sql, 'email FROM', 0, 'z'), '`email` is also a column this statement can see: renaming the alias could change what GROUP BY or ORDER BY means.');
    assert.strictEqual(
      await renameAt('SELECT x FROM (SELECT id AS x FROM customers) s JOIN (SELECT id AS x FROM customers) t USING (x);', 'x FROM customers) s', 0, 'z'),
      '`x` is written elsewhere in this statement where the alias cannot be followed: renaming it is not safe.',
    );
  });
});
