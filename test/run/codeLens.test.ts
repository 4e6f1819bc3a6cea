/**
 * The code lens of migration files over stdio: each file's state in the run target's history table
 * (schemasense_migrations on a real PostgreSQL of the test's own), read again after Run Migration; the
 * embedded database that was never created has applied nothing; nothing in an untrusted workspace.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { RunMigrationResult } from '../../server/src/lsp/runProtocol';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { createDatabase, type TestDatabase } from '../support/postgres';
import { ensureBundles, project } from './cliProcess';
import { testCache } from './support';

const files = {
  'migrations/001_init.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);\n',
  'migrations/002_more.sql': 'ALTER TABLE accounts ADD COLUMN email text;\n',
};

describe('code lens: the applied state of each migration', function () {
  this.timeout(120_000);
  let tdb: TestDatabase;
  let root: string;
  let server: ServerProcess;
  let refreshes = 0;

  const lenses = async (s: ServerProcess, rel: string) => {
    const file = path.join(root, rel);
    s.open(file, fs.readFileSync(file, 'utf8'), 1);
    const found = await s.connection.sendRequest<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: uriOf(file) } });
    s.close(file);
    return (found ?? []).map((l) => `${l.range.start.line}:${l.command?.title}${l.command?.command ? ` → ${l.command.command}(${(l.command.arguments ?? []).map((a) => path.basename(String(a))).join(', ')})` : ''}`);
  };

  before(async () => {
    ensureBundles();
    process.env.SCHEMASENSE_CACHE_DIR = testCache;
    tdb = await createDatabase('code_lens');
    root = project(files);
    server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true } } }, settings: { databaseUrl: tdb.url, verifyOnSave: false } });
    server.connection.onRequest('workspace/codeLens/refresh', () => {
      refreshes++;
      return null;
    });
  });
  after(async () => {
    await server?.stop();
    await tdb?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('pending before any run; applied with its date after Run Migration, which refreshes the lenses', async () => {
    assert.deepStrictEqual(await lenses(server, 'migrations/001_init.sql'), [
      '0:pending',
      '0:Run → schemasense.runMigration(001_init.sql)',
      '0:Dry-run → schemasense.dryRunMigration(001_init.sql)',
    ]);
    const result = await server.connection.sendRequest<RunMigrationResult>('schemasense/runMigration', {
      uri: uriOf(path.join(root, 'migrations/001_init.sql')),
      scope: 'file',
      dryRun: false,
      progressToken: 'p',
    });
    assert.strictEqual(result.status, 'done', JSON.stringify(result));
    assert.strictEqual(refreshes, 1);
    const c = await tdb.connect();
    const day = String((await c.query(`SELECT applied_at::date::text AS day FROM schemasense_migrations WHERE name = '001_init.sql'`)).rows[0].day);
    await c.end();
    assert.deepStrictEqual(await lenses(server, 'migrations/001_init.sql'), [
      `0:applied ${day}`,
      '0:Run → schemasense.runMigration(001_init.sql)',
      '0:Dry-run → schemasense.dryRunMigration(001_init.sql)',
    ]);
    assert.strictEqual((await lenses(server, 'migrations/002_more.sql'))[0], '0:pending');
  });

  it('no lens on a SQL file outside the history, nor in an untrusted workspace; a never-created embedded database has applied nothing', async () => {
    fs.writeFileSync(path.join(root, 'query.sql'), 'SELECT 1;\n');
    assert.deepStrictEqual(await lenses(server, 'query.sql'), []);
    const untrusted = await ServerProcess.start({ folders: [root], initializationOptions: { workspaceTrusted: false } });
    try {
      assert.deepStrictEqual(await lenses(untrusted, 'migrations/001_init.sql'), []);
    } finally {
      await untrusted.stop();
    }
    const other = project(files);
    const embedded = await ServerProcess.start({ folders: [other] });
    try {
      const file = path.join(other, 'migrations/001_init.sql');
      embedded.open(file, files['migrations/001_init.sql'], 1);
      const found = await embedded.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(file) } });
      assert.deepStrictEqual(found.map((l) => l.command?.title), ['pending', 'Run', 'Dry-run']);
      assert.ok(!fs.existsSync(path.join(testCache, 'embedded')) || !fs.readdirSync(path.join(testCache, 'embedded')).some((d) => d.startsWith(path.basename(other))), 'the embedded database was not created');
    } finally {
      await embedded.stop();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
