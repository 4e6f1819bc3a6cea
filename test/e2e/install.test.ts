import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { listExtensions } from './support/codeServer';
import { describeEditor } from './support/session';
import { repoRoot } from './support/tools';
import { packagedVsix } from './support/vsix';

/**
 * The .vsix from `npm run package`, installed into a clean code-server with every route to the internet
 * closed (see support/codeServer.ts): what it ships, and when VS Code activates it.
 */
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

async function waitForLog(file: string, pattern: RegExp, timeout: number): Promise<string> {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${pattern} did not appear in ${file} within ${timeout} ms:\n${text}`);
}

describeEditor('The packaged extension', (editor) => {
  it('installs offline, ships only the bundles, grammar and wasm, and is small', () => {
    assert.match(editor.server.installOutput, /Extension '.*\.vsix' was successfully installed/);
    assert.deepStrictEqual(listExtensions(editor.server.extensionsDir, editor.server.userDataDir), [`${extensionId}@${manifest.version}`]);

    const files = filesUnder(path.join(editor.server.extensionsDir, `${extensionId}-${manifest.version}`));
    // dist/ holds what the extension loads at run time, and the CLI's bundle and its V8 code cache.
    const loaded = fs.readdirSync(path.join(repoRoot, 'dist')).filter((f) => f !== 'cli.js' && f !== 'cli.js.cache' && !f.endsWith('.map')).map((f) => `dist/${f}`);
    // The getting-started walkthrough's pictures.
    const media = (manifest.contributes.walkthroughs as { steps: { media: { image?: string } }[] }[]).flatMap((w) => w.steps.flatMap((s) => s.media.image ?? []));
    const missing = ['package.json', 'syntaxes/postgresql.tmLanguage.json', ...loaded, ...media].filter((f) => !files.includes(f));
    assert.deepStrictEqual(missing, [], 'files the extension loads are missing from the .vsix (see .vscodeignore)');
    const stray = files.filter((f) => /(^|\/)node_modules\/|\.map$|\.ts$|^(client|server|test|out|scripts|examples|bench)\//.test(f));
    assert.deepStrictEqual(stray, [], 'sources, maps or node_modules in the .vsix');
    const size = fs.statSync(packagedVsix()).size;
    assert.ok(size < 15 * 1024 * 1024, `the .vsix is ${(size / 1024 / 1024).toFixed(1)} MB`);
  });

  it('activates when a SQL file opens, not before', async () => {
    const wb = editor.workbench;
    const hostLog = editor.hostLog;
    // Startup is over once the eager and onStartupFinished extensions have run.
    await waitForLog(hostLog, /Eager extensions activated/, 60_000);
    await wb.page.waitForTimeout(3_000);
    await wb.screenshot('no-sql-file-open');
    const activation = new RegExp(`_doActivateExtension ${extensionId.replace('.', '\\.')}\\b.*`);
    assert.doesNotMatch(fs.readFileSync(hostLog, 'utf8'), activation, 'activated before any SQL file was opened');

    await wb.openFile('database/migrations/001_create_customers.sql');
    const log = await waitForLog(hostLog, activation, 60_000);
    assert.match(log.match(activation)![0], /activationEvent: 'onLanguage:sql'/);
    // The client started the language server: its output channel fills.
    const channel = path.join(path.dirname(hostLog), extensionId, 'SchemaSense.log');
    await waitForLog(channel, /\S/, 60_000);
    await wb.screenshot('sql-file-open');
    assert.doesNotMatch(fs.readFileSync(hostLog, 'utf8'), new RegExp(`Activating extension '?${extensionId.replace('.', '\\.')}'? failed`));
  });

  it('offers the getting-started walkthrough: open a migration, see a squiggle, fix it, run it, see the schema', async () => {
    const wb = editor.workbench;
    await wb.runCommand('Welcome: Open Walkthrough...');
    const title = 'Get started with SchemaSense';
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
    const steps = wb.page.locator('.getting-started-step .step-title');
    await steps.first().waitFor({ timeout: 30_000 });
    const titles = await steps.allInnerTexts();
    await wb.screenshot('walkthrough');
    assert.deepStrictEqual(
      titles.map((t) => t.trim()),
      ['Open a migration file', 'See a squiggle', 'Fix it', 'Run it', 'See the schema'],
    );
  });

  it('highlights SQL files with its PostgreSQL grammar (a function body is PL/pgSQL, not a string)', async () => {
    const wb = editor.workbench;
    const file = 'database/migrations/009_add_updated_at_trigger.sql';
    await wb.openFile(file);
    // The cursor inside RETURN by line and column: a click could land a line off once a code lens appears above.
    const lines = fs.readFileSync(path.join(repoRoot, 'examples', 'sample-project', file), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('RETURN NEW;'));
    await wb.goToLine(line + 1, lines[line].indexOf('RETURN') + 3);
    await wb.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const inspector = wb.page.locator('.token-inspect-widget');
    await inspector.waitFor();
    // The widget says "Loading..." until the tokens at the cursor are known.
    let scopes = await inspector.innerText();
    for (let i = 0; i < 40 && /Loading/.test(scopes); i++) {
      await wb.page.waitForTimeout(250);
      scopes = await inspector.innerText();
    }
    await wb.screenshot('token-scopes');
    for (const scope of ['source.sql.postgresql', 'meta.embedded.block.plpgsql', 'keyword.control.plpgsql']) {
      assert.ok(scopes.includes(scope), `${scope} is not among the scopes of RETURN:\n${scopes}`);
    }
  });
});
