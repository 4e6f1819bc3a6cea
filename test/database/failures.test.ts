/**
 * A database that cannot be read: a wrong password, a closed port, a server that stops mid-session. Each
 * gives one clear message with the password masked, and the workspace (and the language server) keeps
 * working on the other sources. Runs a PostgreSQL server of its own that asks for passwords.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { introspectDatabase } from '../../server/src/sources/database/introspect';
import { REFRESH_SCHEMA_REQUEST, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';
import { Workspace } from '../../server/src/project/workspace';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { freePort, startPrivateServer, type PrivateServer } from './privateServer';
import { tempProjects } from './tempProjects';

/** Every form a password may take in a message. */
function leaks(text: string, password: string): boolean {
  return [password, encodeURIComponent(password)].some((p) => text.includes(p));
}

describe('database failures', function () {
  this.timeout(90_000);
  let server: PrivateServer;
  const WRONG = 'Wr0ng p@ss';
  const projects = tempProjects('dbfail');
  const orders = { 'migrations/001_orders.sql': 'create table orders (id int primary key, total int);\n' };
  const project = (config: Record<string, unknown>) => projects.make({ ...orders, '.schemasense.json': JSON.stringify(config) });
  const wrongUrl = () => server.url.replace(encodeURIComponent(server.password), encodeURIComponent(WRONG));

  before(async () => {
    server = await startPrivateServer();
    const c = new Client({ connectionString: server.url });
    await c.connect();
    await c.query('create table customers (id int primary key, email text not null)');
    await c.end();
  });
  after(async () => {
    await server?.dispose();
    projects.cleanup();
  });

  it('reads the schema with the right password', async () => {
    const { catalog } = await introspectDatabase(server.url);
    assert.deepStrictEqual([...catalog.schemas.get('public')!.relations.keys()], ['customers']);
  });

  it('a wrong password: Postgres says so, the password masked', async () => {
    await assert.rejects(introspectDatabase(wrongUrl()), (e: Error) => {
      assert.match(e.message, /^database 127\.0\.0\.1:\d+\/app: password authentication failed for user "app"$/);
      assert.ok(!leaks(e.message, WRONG), e.message);
      return true;
    });
  });

  it('a closed port: connection refused', async () => {
    const port = await freePort();
    await assert.rejects(introspectDatabase(`postgres://app:${encodeURIComponent(WRONG)}@127.0.0.1:${port}/app`), (e: Error) => {
      assert.strictEqual(e.message, `database 127.0.0.1:${port}/app: connection refused (is the server running, and on this port?)`);
      return true;
    });
  });

  it('sslmode=require against a server without SSL: says so; sslmode=prefer falls back to a plain connection', async () => {
    await assert.rejects(introspectDatabase(`${server.url}?sslmode=require`), /database 127\.0\.0\.1:\d+\/app: The server does not support SSL connections/);
    const { catalog } = await introspectDatabase(`${server.url}?sslmode=prefer`);
    assert.ok(catalog.schemas.get('public')!.relations.has('customers'));
  });

  it('the workspace falls back to the migrations with one warning, and logs no password', async () => {
    const logs: string[] = [];
    const ws = await Workspace.open({ root: project({ databaseUrl: wrongUrl() }), env: {}, log: (m) => logs.push(m) });
    const status = ws.status();
    assert.strictEqual(status.source, 'migrations');
    assert.strictEqual(status.failed, true);
    assert.match(status.warning!, /^database 127\.0\.0\.1:\d+\/app: password authentication failed for user "app"; using the migration files alone$/);
    assert.ok(!leaks(logs.join('\n'), WRONG), logs.join('\n'));
    assert.deepStrictEqual(ws.check(path.join(ws.options.root, 'q.sql'), 'select totl from orders;\n').map((p) => p.code), ['42703']);
  });

  it('a server that stops mid-session: the next refresh says so and the migrations carry on', async () => {
    const root = project({ databaseUrl: server.url });
    const ws = await Workspace.open({ root, env: {} });
    assert.deepStrictEqual(ws.status(), { source: 'database', tables: 2 });
    assert.deepStrictEqual(ws.check(path.join(root, 'q.sql'), 'select email from customers;\n'), []);
    await server.stop();
    await ws.refreshSchema();
    const status = ws.status();
    assert.strictEqual(status.source, 'migrations');
    assert.match(status.warning!, /^database 127\.0\.0\.1:\d+\/app: connection refused \(is the server running, and on this port\?\); using the migration files alone$/);
    assert.deepStrictEqual(ws.check(path.join(root, 'q.sql'), 'select email from customers;\n').map((p) => p.code), ['42P01']);
    assert.deepStrictEqual(ws.check(path.join(root, 'q.sql'), 'select total from orders;\n'), []);
  });

  describe('seen from an editor (the bundled server over stdio)', () => {
    let lsp: ServerProcess;
    const statuses = new Map<string, StatusParams>();
    const folder = projects.make;
    let wrong: string, closed: string, live: string, prisma: string, plain: string;

    /** Asks the server to read every folder's schema again; the statuses arrive before the answer. */
    async function refresh(): Promise<void> {
      await lsp.connection.sendRequest(REFRESH_SCHEMA_REQUEST);
    }
    const statusOf = (root: string) => statuses.get(uriOf(root));
    const codes = async (file: string, text: string, version = 1) => {
      const mark = version === 1 ? lsp.open(file, text) : lsp.change(file, version, [{ text }]);
      return (await lsp.diagnostics(file, { after: mark, where: (p) => p.version === version })).diagnostics.map((d) => String(d.code));
    };

    before(async () => {
      // The tests above stopped it mid-session.
      await server.start();
      wrong = folder({ ...orders, '.schemasense.json': JSON.stringify({ databaseUrl: wrongUrl() }) });
      closed = folder({ ...orders, '.env': `DATABASE_URL=postgres://app:${encodeURIComponent(WRONG)}@127.0.0.1:${await freePort()}/app\n` });
      live = folder({ ...orders, '.schemasense.json': JSON.stringify({ databaseUrl: server.url }) });
      prisma = folder({ 'prisma/schema.prisma': fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/prisma/sample-project/schema.prisma'), 'utf8') });
      plain = folder({ 'queries/report.sql': 'SELECT `id` FROM t;\n' });
      lsp = await ServerProcess.start({
        folders: [wrong, closed, live, prisma, plain],
        capabilities: { workspace: { configuration: true } },
        // What VS Code sends for untouched settings: none of it may hide .schemasense.json.
        settings: { migrations: null, schemaSource: 'auto', databaseUrl: '', prisma: null, schemas: [], include: [], exclude: [] },
      });
      lsp.connection.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => void statuses.set(s.folder, s));
      await refresh();
    });
    after(async () => lsp?.stop());

    it('sends each folder its status: the source and its tables, or why a source failed (password masked)', () => {
      assert.deepStrictEqual(statusOf(live), { folder: uriOf(live), source: 'database', tables: 2 });
      assert.deepStrictEqual(statusOf(prisma), { folder: uriOf(prisma), source: 'prisma', tables: 5 });
      assert.deepStrictEqual(statusOf(plain), { folder: uriOf(plain), source: 'migrations', tables: 0 });
      const w = statusOf(wrong)!;
      assert.deepStrictEqual([w.source, w.tables, w.failed], ['migrations', 1, true]);
      assert.match(w.warning!, /^database 127\.0\.0\.1:\d+\/app: password authentication failed for user "app"; using the migration files alone$/);
      assert.match(statusOf(closed)!.warning!, /^database 127\.0\.0\.1:\d+\/app: connection refused \(is the server running, and on this port\?\); using the migration files alone$/);
    });

    it('keeps checking every folder against the source it has, and leaves a folder without PostgreSQL alone', async () => {
      assert.deepStrictEqual(await codes(path.join(wrong, 'q.sql'), 'select totl from orders;\n'), ['42703']);
      assert.deepStrictEqual(await codes(path.join(closed, 'q.sql'), 'select totl from orders;\n'), ['42703']);
      assert.deepStrictEqual(await codes(path.join(live, 'q.sql'), 'select email from customers;\n'), []);
      assert.deepStrictEqual(await codes(path.join(prisma, 'q.sql'), 'select emial from customers;\n'), ['42703']);
      assert.deepStrictEqual(await codes(path.join(plain, 'queries', 'report.sql'), 'SELECT `id` FROM t;\n'), []);
    });

    it('a server that stops mid-session: the refresh says so, and the folder carries on with its migrations', async () => {
      await server.stop();
      await refresh();
      const s = statusOf(live)!;
      assert.deepStrictEqual([s.source, s.tables, s.failed], ['migrations', 1, true]);
      assert.match(s.warning!, /connection refused/);
      assert.deepStrictEqual(await codes(path.join(live, 'q.sql'), 'select email from customers;\n', 2), ['42P01']);
      await server.start();
      await refresh();
      assert.deepStrictEqual(statusOf(live), { folder: uriOf(live), source: 'database', tables: 2 });
    });

    it('never shows the password: not in a status, a log line or stderr', () => {
      const seen = [...statuses.values()].map((s) => JSON.stringify(s)).join('\n') + lsp.logs.join('\n') + lsp.stderr.join('');
      for (const secret of [WRONG, server.password]) assert.ok(!leaks(seen, secret), `the password ${secret} leaked`);
      assert.ok(lsp.alive());
    });
  });
});
