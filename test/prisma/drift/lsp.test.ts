/**
 * Drift over stdio (the bundled server): warnings on the open schema.prisma (a `prisma` document, which
 * gets nothing else: no completion, no hover) and on the migration that dropped what it declares, updated
 * as schema.prisma is typed; the quick fix creates the missing migration folder with Prisma's SQL.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { ServerProcess, uriOf } from '../../lsp/serverProcess';
import { INIT, SCHEMA } from './cases';

describe('Prisma drift in the language server', function () {
  this.timeout(60_000);
  let root: string;
  let lsp: ServerProcess;
  const schemaFile = () => path.join(root, 'prisma', 'schema.prisma');
  const dropFile = () => path.join(root, 'prisma', 'migrations', '20240102000000_drop_bio', 'migration.sql');
  const drop = 'ALTER TABLE "profiles" DROP COLUMN "bio";\n';

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-lsp-drift-'));
    for (const [rel, text] of [
      ['prisma/schema.prisma', SCHEMA],
      ['prisma/migrations/20240101000000_init/migration.sql', INIT],
      ['prisma/migrations/20240102000000_drop_bio/migration.sql', drop],
    ]) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    lsp = await ServerProcess.start({ folders: [root] });
  });
  after(async () => {
    await lsp?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('warns on schema.prisma and on the migration statement, and follows schema.prisma as it is typed', async () => {
    const opened = lsp.open(schemaFile(), SCHEMA, 1, 'prisma');
    const onSchema = await lsp.diagnostics(schemaFile(), { after: opened });
    assert.deepStrictEqual(
      onSchema.diagnostics.map((d) => [d.range.start.line, d.code, d.source, d.severity, d.message]),
      [[19, 'prisma-drift', 'schemasense', 2, 'no migration leaves column `profiles.bio`; the next `prisma migrate dev` will add it']],
    );
    const migration = lsp.open(dropFile(), drop);
    const onMigration = await lsp.diagnostics(dropFile(), { after: migration });
    // (The safety rules' drop-column warning is there too; only the drift is of interest here.)
    const drifts = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.filter((d) => d.code === 'prisma-drift');
    assert.deepStrictEqual(drifts(onMigration).map((d) => [(d as { range: { start: { line: number } } }).range.start.line, d.code, (d as { message: string }).message]), [
      [0, 'prisma-drift', 'schema.prisma still has `Profile.bio` → column `profiles.bio`: this statement drops or renames it; the next `prisma migrate dev` will add it again'],
    ]);

    // Removing the field from the open schema.prisma ends the drift in both documents.
    const edited = SCHEMA.replace('  bio    String?\n', '');
    const changed = lsp.change(schemaFile(), 2, [{ text: edited }]);
    assert.deepStrictEqual((await lsp.diagnostics(schemaFile(), { after: changed })).diagnostics, []);
    assert.deepStrictEqual(drifts(await lsp.diagnostics(dropFile(), { after: changed, where: (p) => drifts(p).length === 0 })), []);
    const back = lsp.change(schemaFile(), 3, [{ text: SCHEMA }]);
    assert.strictEqual((await lsp.diagnostics(schemaFile(), { after: back })).diagnostics.length, 1);
  });

  it('answers no completion and no hover in schema.prisma', async () => {
    const position = { line: 11, character: 4 };
    const completion = await lsp.connection.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(schemaFile()) }, position });
    const items = Array.isArray(completion) ? completion : ((completion as { items?: unknown[] } | null)?.items ?? []);
    assert.deepStrictEqual(items, []);
    assert.strictEqual(await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(schemaFile()) }, position }), null);
  });

  it('offers a quick fix that creates the migration folder with what prisma migrate dev would write', async () => {
    const { diagnostics } = await lsp.diagnostics(schemaFile(), { where: (p) => p.diagnostics.length === 1 });
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(schemaFile()) },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.strictEqual(actions.length, 1);
    assert.match(actions[0].title, /^Write the migration prisma migrate dev would write \(\d{14}_add_profiles_bio\/migration\.sql\)$/);
    const [create, write] = actions[0].edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    assert.strictEqual(create.kind, 'create');
    assert.match(create.uri, new RegExp(`^${uriOf(path.join(root, 'prisma', 'migrations')).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d{14}_add_profiles_bio/migration\\.sql$`));
    assert.strictEqual(write.textDocument.uri, create.uri);
    assert.strictEqual((write.edits[0] as { newText: string }).newText, '-- AlterTable\nALTER TABLE "profiles" ADD COLUMN     "bio" TEXT;\n');
  });
});
