/**
 * The bundled server over stdio on a Prisma project: it watches schema.prisma, `.env` and
 * `.schemasense.json` besides the SQL files, and a change of schema.prisma re-reads the schema.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STATUS_NOTIFICATION, WATCHED_FILES, type StatusParams } from '../../server/src/lsp/protocol';
import { ServerProcess, uriOf } from '../lsp/serverProcess';

const schema = `datasource db {\n  provider = "postgresql"\n}\nmodel Customer {\n  id    Int    @id\n  email String\n  @@map("customers")\n}\n`;

describe('language server on a Prisma project', function () {
  this.timeout(60_000);
  let root: string;
  let lsp: ServerProcess;
  const statuses: StatusParams[] = [];

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-lsp-prisma-'));
    fs.mkdirSync(path.join(root, 'prisma'));
    fs.writeFileSync(path.join(root, 'prisma', 'schema.prisma'), schema);
    lsp = await ServerProcess.start({ folders: [root], capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    lsp.connection.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => void statuses.push(s));
  });
  after(async () => {
    await lsp?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('registers a watcher for SQL files and the schema inputs', async () => {
    const deadline = Date.now() + 10_000;
    while (!lsp.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const watchers = lsp.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions as { watchers: { globPattern: string }[] };
    assert.deepStrictEqual(watchers.watchers, [{ globPattern: WATCHED_FILES }]);
  });

  it('re-reads schema.prisma when it changes on disk, and tells the status bar', async () => {
    const file = path.join(root, 'report.sql');
    const text = 'select email, tax_id from customers;\n';
    const opened = lsp.open(file, text);
    const before = await lsp.diagnostics(file, { after: opened });
    assert.deepStrictEqual(before.diagnostics.map((d) => d.message), ['column "tax_id" does not exist']);

    fs.writeFileSync(path.join(root, 'prisma', 'schema.prisma'), schema.replace('email String', 'email String\n  taxId String? @map("tax_id")'));
    const changed = lsp.filesChanged([{ file: path.join(root, 'prisma', 'schema.prisma'), type: 2 }]);
    const after = await lsp.diagnostics(file, { after: changed, where: (p) => p.diagnostics.length === 0 });
    assert.deepStrictEqual(after.diagnostics, []);
    assert.deepStrictEqual(statuses[statuses.length - 1], { folder: uriOf(root), source: 'prisma', tables: 1 });
  });
});
