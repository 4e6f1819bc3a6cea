import { fileURLToPath } from 'url';
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { copyFixture, edit, fixtureProject, ServerProcess, textAt } from './serverProcess';

/**
 * The bundled language server (dist/server.js, built by `npm run build`) over stdio, on a temp copy of
 * test/lsp/fixtures/project (database/migrations/001..003.sql).
 */
describe('language server over stdio', function () {
  this.timeout(30_000);
  let root: string;
  let migrations: string;
  let server: ServerProcess;

  before(async () => {
    root = copyFixture();
    migrations = path.join(root, 'database', 'migrations');
    server = await ServerProcess.start({ folders: [root] });
  });

  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  // The name and syntax checks (the fixture's foreign keys also get the foreign-key-without-index note).
  const named = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => !d.codeDescription);
  const codes = (p: PublishDiagnosticsParams) => named(p).map((d) => d.code);
  const withVersion = (v: number) => (p: PublishDiagnosticsParams) => p.version === v;

  it('logs the folder it loaded', async () => {
    const deadline = Date.now() + 10_000;
    while (!server.logs.some((l) => l.includes(root) && /3 migration files/.test(l)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(
      server.logs.some((l) => l.includes(root) && /3 migration files, 3 tables, 1 view in \d+ ms/.test(l)),
      server.logs.join('\n'),
    );
  });

  it('reports a syntax error on its token, clears it when fixed, and clears on close', async () => {
    const file = path.join(root, 'scratch.sql');
    const broken = 'select 1;\nselec id from customers;\n';
    const opened = server.open(file, broken, 1);
    const first = await server.diagnostics(file, { after: opened });
    assert.strictEqual(first.version, 1);
    assert.deepStrictEqual(codes(first), ['42601']);
    const d = first.diagnostics[0];
    assert.strictEqual(d.source, 'schemasense');
    assert.strictEqual(d.message, 'syntax error at or near "selec"');
    assert.deepStrictEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.strictEqual(textAt(broken, d.range), 'selec');

    const at = broken.indexOf('selec ') + 'selec'.length;
    const fixed = server.change(file, 2, [edit(broken, at, at, 't')]);
    const second = await server.diagnostics(file, { after: fixed, where: withVersion(2) });
    assert.deepStrictEqual(second.diagnostics, []);

    const closed = server.close(file);
    const third = await server.diagnostics(file, { after: closed });
    assert.deepStrictEqual(third.diagnostics, []);
  });

  it('publishes only for the latest version when edits come fast', async () => {
    const file = path.join(root, 'typing.sql');
    let text = '';
    const opened = server.open(file, text, 1);
    const target = 'select id, email fro customers;';
    for (let i = 0; i < target.length; i++) {
      server.change(file, i + 2, [edit(text, text.length, text.length, target[i])]);
      text += target[i];
    }
    const last = target.length + 1;
    const final = await server.diagnostics(file, { after: opened, where: withVersion(last) });
    assert.deepStrictEqual(codes(final), ['42601']);
    assert.strictEqual(textAt(text, final.diagnostics[0].range), 'customers');
    // Debounced: not one publication per keystroke, and never an older version after a newer one.
    const versions = server.published(file, opened).map((p) => p.version ?? 0);
    assert.ok(versions.length < 5, `published versions ${versions.join(',')}`);
    assert.deepStrictEqual([...versions].sort((a, b) => a - b), versions);
    server.close(file);
  });

  it('converts UTF-16 offsets after non-ASCII text and CRLF line ends', async () => {
    const file = path.join(root, 'unicode.sql');
    const text = "select 'é😀'\r\n  as x;\r\nselect '😀', nope from customers;\r\n";
    const opened = server.open(file, text, 1);
    const got = await server.diagnostics(file, { after: opened });
    assert.deepStrictEqual(codes(got), ['42703']);
    assert.deepStrictEqual(got.diagnostics[0].range, { start: { line: 2, character: 13 }, end: { line: 2, character: 17 } });
    assert.strictEqual(textAt(text, got.diagnostics[0].range), 'nope');
    server.close(file);
  });

  // libpg_query's error cursor counts code points; the diagnostic must still land on the token.
  it('places a syntax error after a character outside the BMP on its token', async () => {
    const file = path.join(root, 'astral.sql');
    const text = "select '😀😀' frm t;";
    const opened = server.open(file, text, 1);
    const got = await server.diagnostics(file, { after: opened });
    assert.deepStrictEqual(codes(got), ['42601']);
    assert.strictEqual(got.diagnostics[0].message, 'syntax error at or near "t"');
    assert.strictEqual(textAt(text, got.diagnostics[0].range), 't');
    server.close(file);
  });

  it("appends Postgres's hint to the message", async () => {
    const file = path.join(root, 'hint.sql');
    const text = 'select emial from customers;';
    const opened = server.open(file, text, 1);
    const got = await server.diagnostics(file, { after: opened });
    assert.deepStrictEqual(codes(got), ['42703']);
    assert.match(String(got.diagnostics[0].message), /^column "emial" does not exist\nHint: .*email/);
    assert.strictEqual(textAt(text, got.diagnostics[0].range), 'emial');
    server.close(file);
  });

  it('checks untitled documents and files outside every folder', async () => {
    const untitled = 'untitled:Untitled-1';
    const a = server.open(untitled, 'selec 1;');
    assert.deepStrictEqual(codes(await server.diagnostics(untitled, { after: a })), ['42601']);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-outside-'));
    try {
      const file = path.join(outside, 'loose.sql');
      fs.writeFileSync(file, 'select 1;');
      const b = server.open(file, 'select 1;\ncreate tabl x ();');
      const got = await server.diagnostics(file, { after: b });
      assert.deepStrictEqual(codes(got), ['42601']);
      server.close(file);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      server.close(untitled);
    }
  });

  it('speaks node IPC too, as the VS Code client starts it', async () => {
    const ipc = await ServerProcess.start({ folders: [root], transport: 'ipc' });
    try {
      const file = path.join(root, 'ipc.sql');
      const opened = ipc.open(file, 'selec 1;');
      assert.deepStrictEqual(codes(await ipc.diagnostics(file, { after: opened })), ['42601']);
    } finally {
      await ipc.stop();
    }
  });

  describe('schema-aware errors', () => {
    it('reports an unknown column and clears it once the fix is typed', async () => {
      const file = path.join(migrations, '003_account_keys.sql');
      const disk = fs.readFileSync(file, 'utf8');
      const opened = server.open(file, disk, 1);
      assert.deepStrictEqual(codes(await server.diagnostics(file, { after: opened })), []);

      const wrong = disk.replace('a.customer_id', 'ak.customer_id');
      const start = disk.indexOf('a.customer_id');
      const typo = server.change(file, 2, [edit(disk, start + 1, start + 1, 'k')]);
      const bad = await server.diagnostics(file, { after: typo, where: withVersion(2) });
      assert.deepStrictEqual(codes(bad), ['42703']);
      assert.strictEqual(String(named(bad)[0].message).split('\n')[0], 'column ak.customer_id does not exist');
      assert.strictEqual(textAt(wrong, named(bad)[0].range), 'ak.customer_id');

      const fix = server.change(file, 3, [edit(wrong, start + 1, start + 2, '')]);
      const good = await server.diagnostics(file, { after: fix, where: withVersion(3) });
      assert.deepStrictEqual(codes(good), []);
      server.close(file);
    });

    it('reports a migration safety rule with its id as the code and its docs page as codeDescription', async () => {
      const file = path.join(migrations, '003_account_keys.sql');
      const opened = server.open(file, fs.readFileSync(file, 'utf8'), 1);
      const got = await server.diagnostics(file, { after: opened, where: (p) => p.diagnostics.length > 0 });
      const rule = got.diagnostics.find((d) => d.code === 'foreign-key-without-index');
      assert.ok(rule, JSON.stringify(got.diagnostics));
      assert.strictEqual(rule.source, 'schemasense');
      assert.strictEqual(rule.severity, 3);
      const href = rule.codeDescription!.href;
      assert.match(href, /^file:.*\/docs\/rules\/foreign-key-without-index\.md$/);
      assert.ok(fs.existsSync(fileURLToPath(href)), href);
      server.close(file);
    });

    it('re-checks an open later migration when an earlier one changes', async () => {
      const later = path.join(migrations, '003_account_keys.sql');
      const earlier = path.join(migrations, '002_accounts.sql');
      const laterText = fs.readFileSync(later, 'utf8');
      const earlierText = fs.readFileSync(earlier, 'utf8');
      const a = server.open(later, laterText, 1);
      assert.deepStrictEqual(codes(await server.diagnostics(later, { after: a })), []);
      const b = server.open(earlier, earlierText, 1);
      await server.diagnostics(earlier, { after: b });

      // Rename accounts.kind to category in 002: the view in 003 now reads a missing column.
      const at = earlierText.indexOf('kind');
      const renamed = server.change(earlier, 2, [edit(earlierText, at, at + 'kind'.length, 'category')]);
      const broken = await server.diagnostics(later, { after: renamed, where: (p) => codes(p).length > 0 });
      assert.deepStrictEqual(codes(broken), ['42703']);
      assert.strictEqual(textAt(laterText, named(broken)[0].range), 'a.kind');

      // Closing 002 without saving: 003 sees the file on disk again.
      const closed = server.close(earlier);
      const healed = await server.diagnostics(later, { after: closed, where: (p) => codes(p).length === 0 });
      assert.deepStrictEqual(codes(healed), []);
      server.close(later);
    });

    it('reloads the history when a migration file is created on disk', async () => {
      const file = path.join(root, 'queries', 'report.sql');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const text = 'select id, total from invoices;';
      const a = server.open(file, text, 1);
      assert.deepStrictEqual(codes(await server.diagnostics(file, { after: a })), ['42P01']);

      const created = path.join(migrations, '004_invoices.sql');
      fs.writeFileSync(created, 'create table invoices (id bigint primary key, total numeric not null);\n');
      const changed = server.filesChanged([{ file: created, type: 1 }]);
      const healed = await server.diagnostics(file, { after: changed });
      assert.deepStrictEqual(healed.diagnostics, []);
      server.close(file);
    });
  });
});

describe('language server with several folders and VS Code-like capabilities', function () {
  this.timeout(30_000);
  const vscodeLike = {
    workspace: {
      workspaceFolders: true,
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
    },
  };
  let shop: string;
  let orders: string;
  let server: ServerProcess;

  beforeEach(async () => {
    shop = copyFixture();
    orders = copyFixture(path.join(path.dirname(fixtureProject), 'other'));
    server = await ServerProcess.start({ folders: [shop, orders], capabilities: vscodeLike });
  });

  afterEach(async () => {
    await server?.stop();
    for (const dir of [shop, orders]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

  it('checks each file against its own folder, and registers for settings and file changes', async () => {
    const inShop = path.join(shop, 'q.sql');
    const inOrders = path.join(orders, 'q.sql');
    const a = server.open(inShop, 'select total from orders;');
    const b = server.open(inOrders, 'select total from orders;');
    assert.deepStrictEqual(codes(await server.diagnostics(inShop, { after: a })), ['42P01']);
    assert.deepStrictEqual(codes(await server.diagnostics(inOrders, { after: b })), []);
    assert.deepStrictEqual(server.registrations.map((r) => r.method).sort(), [
      'workspace/didChangeConfiguration',
      'workspace/didChangeWatchedFiles',
    ]);
  });

  it('follows folders being removed from the workspace', async () => {
    const inOrders = path.join(orders, 'queries', 'q.sql');
    fs.mkdirSync(path.dirname(inOrders));
    const a = server.open(inOrders, 'select total from orders;');
    assert.deepStrictEqual(codes(await server.diagnostics(inOrders, { after: a })), []);
    const mark = server.mark();
    server.foldersChanged([], [orders]);
    // Now outside every folder: checked against its own directory, which has no migrations.
    assert.deepStrictEqual(codes(await server.diagnostics(inOrders, { after: mark })), ['42P01']);
  });

  it('reads schemasense.migrations from the settings, and again when they change', async () => {
    fs.renameSync(path.join(orders, 'migrations'), path.join(orders, 'schema'));
    server.settings = { migrations: 'schema' };
    const changed = server.settingsChanged();
    const file = path.join(orders, 'q.sql');
    server.open(file, 'select total from orders;');
    assert.deepStrictEqual(codes(await server.diagnostics(file, { after: changed })), []);
    assert.ok(server.logs.some((l) => l.includes(orders) && l.includes('(migrations: schema)')), server.logs.join('\n'));
  });
});
