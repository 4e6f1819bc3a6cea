/**
 * Run Migration through the bundled language server (`schemasense/runMigration`), against a real PostgreSQL:
 * progress notifications, the failing statement as a `postgres` diagnostic, the questions a run needs
 * answered (a remote host named without its password; an applied file), and Cancel through the LSP
 * cancellation of the request, which cancels the statement.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import type { RunMigrationParams, RunMigrationResult, RunProgressParams } from '../../server/src/lsp/runProtocol';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { createDatabase, type TestDatabase } from '../support/postgres';
import { ensureBundles, project } from './cliProcess';
import { testCache } from './support';

const init = 'CREATE TABLE accounts (id uuid PRIMARY KEY, name text NOT NULL);\nCREATE TABLE events (id bigint PRIMARY KEY, account_id integer NOT NULL, at timestamptz);\n';
const badJoin = 'CREATE VIEW account_events AS\nSELECT a.name, e.at\nFROM events e\nJOIN accounts a ON a.id = e.account_id;\n';

describe('Run Migration through the language server', function () {
  this.timeout(120_000);
  let tdb: TestDatabase;
  let root: string;
  let server: ServerProcess;
  const progress: RunProgressParams[] = [];
  const request = (params: Partial<RunMigrationParams> & { uri: string }, source?: CancellationTokenSource) => {
    const full = { scope: 'file', dryRun: false, progressToken: 't1', ...params };
    return source
      ? server.connection.sendRequest<RunMigrationResult>('schemasense/runMigration', full, source.token)
      : server.connection.sendRequest<RunMigrationResult>('schemasense/runMigration', full);
  };

  before(async () => {
    ensureBundles();
    process.env.SCHEMASENSE_CACHE_DIR = testCache;
    tdb = await createDatabase('lsp_run');
    root = project({ 'migrations/001_init.sql': init, 'migrations/002_view.sql': badJoin, 'scratch/long.sql': 'CREATE TABLE long_t (id int);\nSELECT pg_sleep(60);\n' });
    server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings: { databaseUrl: tdb.url, verifyOnSave: false } });
    server.connection.onNotification('schemasense/runProgress', (p: RunProgressParams) => void progress.push(p));
  });
  after(async () => {
    await server?.stop();
    await tdb?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs the pending migrations, stops at the failing one and shows its error as a postgres diagnostic', async () => {
    const view = path.join(root, 'migrations/002_view.sql');
    const mark = server.mark();
    const result = await request({ uri: uriOf(root), scope: 'pending' });
    assert.strictEqual(result.status, 'failed', JSON.stringify(result));
    assert.match(result.message, /002_view\.sql failed: 42883 operator does not exist: uuid = integer/);
    assert.ok(progress.some((p) => p.token === 't1' && /001_init\.sql: CREATE TABLE accounts/.test(p.message)), JSON.stringify(progress));
    const published = await server.diagnostics(view, { after: mark, where: (p) => p.diagnostics.some((d) => d.source === 'postgres') });
    assert.deepStrictEqual(
      published.diagnostics.map((d) => [d.source, d.code, d.range.start, d.range.end]),
      [['postgres', '42883', { line: 3, character: 24 }, { line: 3, character: 25 }]],
    );
    assert.ok(server.logs.some((l) => /Applied: nothing of 002_view\.sql/.test(l)), server.logs.join('\n'));
    const c = await tdb.connect();
    try {
      assert.deepStrictEqual((await c.query('SELECT name FROM schemasense_migrations')).rows, [{ name: '001_init.sql' }]);
    } finally {
      await c.end();
    }
  });

  it('asks before running an applied file again', async () => {
    const result = await request({ uri: uriOf(path.join(root, 'migrations/001_init.sql')) });
    assert.strictEqual(result.status, 'confirm');
    assert.deepStrictEqual(result.questions.map((q) => q.kind), ['rerun']);
    assert.match(result.questions[0].text, /^Already applied: 001_init\.sql \(by SchemaSense on /);
  });

  it('cancels through the request: the statement is cancelled and its file rolled back', async () => {
    const source = new CancellationTokenSource();
    const pending = request({ uri: uriOf(path.join(root, 'scratch/long.sql')), progressToken: 'long' }, source);
    const deadline = Date.now() + 30_000;
    while (!progress.some((p) => p.token === 'long' && /pg_sleep/.test(p.message))) {
      assert.ok(Date.now() < deadline, 'the long statement started');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    source.cancel();
    const result = await pending;
    assert.strictEqual(result.status, 'cancelled', JSON.stringify(result));
    const c = await tdb.connect();
    try {
      assert.strictEqual((await c.query(`SELECT to_regclass('long_t') AS t`)).rows[0].t, null);
    } finally {
      await c.end();
    }
  });
});
