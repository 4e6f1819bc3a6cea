/**
 * A workspace folder is loaded (its history replayed) once when the editor opens it. VS Code's client sends
 * `workspace/didChangeConfiguration` as soon as the server registers for it; the server reopened every
 * folder on it, so "Loaded workspace folder" was logged twice and the history replayed twice on every open.
 * A configuration change that does change a folder's options still reopens it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyFixture, repoRoot, ServerProcess } from './serverProcess';

const SAMPLE = path.join(repoRoot, 'examples', 'sample-project');

describe('language server: loading a workspace folder', function () {
  this.timeout(60_000);
  let root: string;
  let server: ServerProcess;
  const loaded = () => server.logs.filter((l) => l.startsWith(`SchemaSense: Loaded workspace folder ${root}`));

  before(async () => {
    root = copyFixture(SAMPLE);
    server = await ServerProcess.start({
      folders: [root],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      settings: {},
    });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('loads once on open, also after the client sends its first configuration change, and again when an option changes', async () => {
    const file = path.join(root, 'database/migrations/015_add_credits_to_customer_stats.sql');
    const text = fs.readFileSync(file, 'utf8');
    await server.diagnostics(file, { after: server.open(file, text) });
    // What VS Code's client sends right after the registration: nothing changed.
    server.settingsChanged();
    await new Promise((r) => setTimeout(r, 500));
    // Then a change that does matter: the migration folder named explicitly.
    server.settings = { migrations: 'database/migrations' };
    server.settingsChanged();
    const deadline = Date.now() + 30_000;
    while (loaded().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Let anything else queued behind the changes finish: an edit's check waits for the folder's workspace.
    const lines = text.split('\n').length;
    await server.diagnostics(file, { after: server.change(file, 2, [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: '\n' }]) });
    assert.deepStrictEqual(
      loaded().map((l) => l.replace(/ in \d+ ms/, '')),
      [
        `SchemaSense: Loaded workspace folder ${root}: 15 migration files, 5 tables, 1 view; schema from migrations`,
        `SchemaSense: Loaded workspace folder ${root} (migrations: database/migrations): 15 migration files, 5 tables, 1 view; schema from migrations`,
      ],
    );
  });
});
