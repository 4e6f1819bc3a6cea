/**
 * The on-save verification through the bundled language server over stdio: `textDocument/didSave` of a
 * migration brings Postgres's own error as a diagnostic with source `postgres`, at the operator; it is gone
 * once the text changes, and a correct file gets none. `schemasense.verifyOnSave: false` and an untrusted
 * workspace turn it off.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ServerProcess, uriOf } from '../lsp/serverProcess';
import { ensureBundles, project } from '../run/cliProcess';
import { testCache } from '../run/support';

const init = 'CREATE TABLE accounts (id uuid PRIMARY KEY, name text NOT NULL);\nCREATE TABLE events (id bigint PRIMARY KEY, account_id integer NOT NULL, at timestamptz);\n';
const badJoin = 'CREATE VIEW account_events AS\nSELECT a.name, e.at\nFROM events e\nJOIN accounts a ON a.id = e.account_id;\n';
const goodJoin = badJoin.replace('a.id = e.account_id', 'a.id::text = e.account_id::text');

const postgres = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d: Diagnostic) => d.source === 'postgres');

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('verify on save (language server)', function () {
  this.timeout(120_000);
  let root: string;
  let file: string;
  const servers: ServerProcess[] = [];
  const start = async (settings: Record<string, unknown>, initializationOptions?: unknown) => {
    const server = await ServerProcess.start({ folders: [root], capabilities: { workspace: { configuration: true } }, settings, initializationOptions });
    servers.push(server);
    return server;
  };
  const save = (server: ServerProcess) => void server.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
  const verified = (server: ServerProcess, from: number) => server.logs.slice(from).find((l) => /verified 002_view\.sql/.test(l));
  const verifying = (server: ServerProcess) => server.logs.find((l) => /verifying 002_view\.sql/.test(l));

  before(() => {
    ensureBundles();
    process.env.SCHEMASENSE_CACHE_DIR = testCache;
    root = project({ 'migrations/001_init.sql': init, 'migrations/002_view.sql': badJoin });
    file = path.join(root, 'migrations/002_view.sql');
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows `operator does not exist: uuid = integer` from Postgres at the operator, until the text changes', async () => {
    const server = await start({});
    await server.diagnostics(file, { after: server.open(file, badJoin) });
    const mark = server.mark();
    save(server);
    await waitFor('the verification to start', () => verifying(server), 5000);
    const published = await server.diagnostics(file, { after: mark, where: (p) => postgres(p).length > 0, timeoutMs: 60_000 });
    const [d] = postgres(published);
    assert.strictEqual(d.code, '42883');
    assert.strictEqual(String(d.message).split('\n')[0], 'operator does not exist: uuid = integer');
    assert.deepStrictEqual(d.range, { start: { line: 3, character: 24 }, end: { line: 3, character: 25 } });
    assert.deepStrictEqual(published.diagnostics.filter((x) => x.source !== 'postgres'), [], 'static analysis sees nothing wrong');

    // The fix: Postgres's diagnostic goes with the text it was raised on, and the saved fix is clean.
    const edited = server.change(file, 2, [{ text: goodJoin }]);
    const after = await server.diagnostics(file, { after: edited });
    assert.deepStrictEqual(postgres(after), []);
    const logs = server.logs.length;
    save(server);
    assert.match(await waitFor('the verification', () => verified(server, logs)), /no error/);
    assert.ok(server.published(file, edited).every((p) => postgres(p).length === 0));
  });

  it('does nothing with schemasense.verifyOnSave off, or in an untrusted workspace', async () => {
    for (const server of [await start({ verifyOnSave: false }), await start({}, { workspaceTrusted: false })]) {
      await server.diagnostics(file, { after: server.open(file, badJoin) });
      save(server);
      await server.ping();
      // A verification announces itself as soon as the save is seen (the settings read takes one round trip).
      await new Promise((r) => setTimeout(r, 1000));
      assert.strictEqual(verifying(server), undefined);
    }
  });
});
