import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  ADD_EXPIRY,
  ADD_EXPIRY_BROKEN,
  API_KEYS_COLUMNS,
  assertSubqueryFix,
  BAD_JOIN,
  BROKEN_ERROR,
  EXTRA_JOIN_FIX,
  FILE_015,
  FILE_016,
  fixHistory,
  HINT,
  MIGRATIONS,
  SUBQUERY_FIX,
} from './support/sampleScenario';
import { describeEditor } from './support/session';
import type { Notification, Workbench } from './support/workbench';

/**
 * What a user sees in VS Code (code-server + chromium) with the packaged extension, on a copy of
 * examples/sample-project. Screenshots of every step: .test-tmp/e2e/screenshots/; `npm run readme-images`
 * refreshes the README's pictures in docs/images from them.
 */

/** No squiggle and no error notification for `ms`: what "nothing went wrong" looks like on screen. */
async function staysClean(wb: Workbench, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    assert.deepStrictEqual(await wb.squiggleBoxes(), [], 'a squiggle appeared');
    const errors = (await wb.notifications()).filter((n) => n.severity === 'error');
    assert.deepStrictEqual(errors, [], 'an error notification appeared');
    await wb.page.waitForTimeout(500);
  }
}

async function changedFile(file: string, before: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  let text = before;
  while (text === before && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    text = fs.readFileSync(file, 'utf8');
  }
  return text;
}

/** Writes 016 (after a fixed history), opens it, runs F1 → Run Migration: the notification of the outcome. */
async function runMigration016(wb: Workbench, folder: string, text: string): Promise<Notification> {
  fixHistory(folder);
  fs.writeFileSync(path.join(folder, FILE_016), text);
  await wb.openFile(FILE_016);
  // The outcome of an earlier run may still be on screen (a slow machine keeps toasts longer): this run's is new.
  const earlier = new Set((await wb.notifications()).map((n) => n.message));
  await wb.runCommand('SchemaSense: Run Migration');
  // The run's own progress toast may be read before its bar turns active, and a toast before its text is
  // drawn: the outcome is a new toast with text that is not the progress title.
  return wb.waitForNotification((n) => !n.inProgress && n.message !== '' && !n.message.startsWith('SchemaSense: Run Migration') && !earlier.has(n.message));
}

describeEditor('SchemaSense in VS Code', (editor) => {
  it('1. underlines ak.customer_id in 015 and explains it on hover (42703, foreign-key hint)', async () => {
    const wb = editor.workbench;
    await wb.openFile(FILE_015);
    const text = await wb.waitForSquiggleUnder(BAD_JOIN, 'ak.customer_id');
    await wb.screenshot('squiggle');
    const hover = await wb.hover(text);
    await wb.screenshot('hover', 'squiggle-hover');
    assert.match(hover, /column ak\.customer_id does not exist/);
    assert.match(hover, /42703/);
    assert.ok(hover.includes(HINT), hover);
  });

  it('2. fixes the join through api_clients from the lightbulb; the fixed file saves clean', async () => {
    const wb = editor.workbench;
    const file = path.join(editor.folder, FILE_015);
    const before = fs.readFileSync(file, 'utf8');
    await wb.openFile(FILE_015);
    await wb.waitForSquiggleUnder(BAD_JOIN, 'ak.customer_id');
    await wb.clickText(BAD_JOIN, 'customer_id');
    const fixes = await wb.openQuickFixes();
    await wb.screenshot('lightbulb', 'quick-fix');
    for (const title of [SUBQUERY_FIX, EXTRA_JOIN_FIX]) assert.ok(fixes.includes(title), `quick fixes: ${JSON.stringify(fixes)}`);

    await wb.chooseQuickFix(SUBQUERY_FIX);
    await wb.waitForNoSquiggle(30_000);
    await wb.screenshot('fixed');
    await wb.save();
    assertSubqueryFix(before, await changedFile(file, before));
    // Saving checks the file again, and verifies it in the embedded Postgres.
    await staysClean(wb, 10_000);
    await wb.screenshot('saved');
  });

  it('3. completes the columns of api_keys after `ak.`', async () => {
    const wb = editor.workbench;
    await wb.openFile(FILE_015);
    await wb.waitForSquiggleUnder(BAD_JOIN, 'ak.customer_id');
    await wb.goToLine(10); // COUNT(DISTINCT ak.id) AS api_key_count
    await wb.page.keyboard.press('End');
    await wb.type(',\n');
    await wb.type('ak.');
    const labels = await wb.suggestions();
    await wb.screenshot('suggestions', 'completion');
    assert.deepStrictEqual([...labels].sort(), API_KEYS_COLUMNS);
  });

  it('4a. Run Migration applies a correct migration to the embedded database and reports the schema change', async () => {
    const wb = editor.workbench;
    const done = await runMigration016(wb, editor.folder, ADD_EXPIRY);
    await wb.screenshot('ran', 'run-migration');
    assert.notStrictEqual(done.severity, 'error', done.message);
    // The outcome names the schema changes the run made, on one line: what ran, how it ended, the earlier
    // files the embedded database lacked named as applied first, no cache path, Show Log.
    assert.match(done.message, /expires_at/);
    assert.match(done.message, /^SchemaSense: Applied 016_\S+\.sql to the embedded database in \d+ ms: .*; 001–015 were applied first \(the embedded database lacked them\)\.$/);
    assert.doesNotMatch(done.message, /\n|\/|hint/i);
    assert.ok(await wb.page.locator('.notifications-toasts .notification-toast .monaco-button', { hasText: 'Show Log' }).count(), 'no Show Log button');
    await staysClean(wb, 3_000);
  });

  it("4b. Run Migration of a failing migration shows Postgres's error and a `postgres` diagnostic", async () => {
    const wb = editor.workbench;
    const failed = await runMigration016(wb, editor.folder, ADD_EXPIRY_BROKEN);
    await wb.screenshot('failed');
    assert.strictEqual(failed.severity, 'error', failed.message);
    assert.match(failed.message, /42883/);
    assert.match(failed.message, BROKEN_ERROR);
    const squiggles = await wb.squiggleBoxes();
    assert.ok(squiggles.length > 0, 'no squiggle for the failed statement');
    const hover = await wb.hover(squiggles[0]);
    await wb.screenshot('postgres-diagnostic', 'run-migration-error');
    assert.match(hover, BROKEN_ERROR);
    assert.match(hover, /postgres\(42883\)/);
  });

  it('5. shows the schema source and the table count in the status bar', async () => {
    const wb = editor.workbench;
    await wb.openFile(`${MIGRATIONS}/001_create_customers.sql`);
    const item = wb.statusBarItem(/SchemaSense/).first();
    await item.waitFor({ timeout: 60_000 });
    // The item shows a loading state before the schema is known.
    const deadline = Date.now() + 30_000;
    let text = await item.innerText();
    while (Date.now() < deadline && !/tables?\b/.test(text)) {
      await wb.page.waitForTimeout(250);
      text = await item.innerText();
    }
    await wb.screenshot('status-bar');
    assert.match(text, /migrations/i);
    assert.match(text, /\b5 tables\b/);
  });
});

describeEditor('SchemaSense in VS Code while a person types', (editor) => {
  it('6. a statement typed with 400 ms pauses ends with the squiggles `schemasense check` reports', async () => {
    const wb = editor.workbench;
    const name = `${MIGRATIONS}/016_typed.sql`;
    fs.writeFileSync(path.join(editor.folder, name), '');
    await wb.openFile(name);
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.locator('.monaco-editor.focused').waitFor();
    const statement = 'select c.emial, c.plan from customers c where c.id = 1;';
    const pauses = new Set(['select ', 'select c.', 'select c.emial, c.plan from ', 'select c.emial, c.plan from customers c where ']);
    let typed = '';
    for (const ch of statement) {
      await wb.page.keyboard.type(ch);
      typed += ch;
      await wb.page.waitForTimeout(pauses.has(typed) ? 400 : 30);
      // The list opens by itself after FROM: the tables as of 016.
      if (typed.endsWith(' from ')) assert.ok((await wb.suggestions()).includes('customers'), 'no table list after FROM');
    }
    await wb.page.keyboard.press('Escape');
    await wb.waitForSquiggleUnder(statement, 'c.emial');
    // Quiet for a while: nothing else appears or stays.
    await wb.page.waitForTimeout(1500);
    await wb.screenshot('typed-with-pauses');
    const squiggles = await wb.squiggleBoxes();

    // The same text, checked from scratch by the CLI in another copy of the project.
    const copy = fs.mkdtempSync(path.join(path.dirname(editor.folder), 'check-'));
    fs.cpSync(editor.folder, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, name), statement);
    const run = require('child_process').spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'check', '--root', copy, '--format', 'json', name], { cwd: copy, encoding: 'utf8' });
    const out = JSON.parse(run.stdout) as unknown;
    const problems = (Array.isArray(out) ? out : (out as { problems: unknown[] }).problems) as { severity: string; code: string; range: { start: { character: number }; end: { character: number } } }[];
    const errors = problems.filter((p) => p.severity === 'error');
    assert.deepStrictEqual(errors.map((e) => [e.code, statement.slice(e.range.start.character, e.range.end.character)]), [['42703', 'c.emial']]);
    assert.strictEqual(squiggles.length, errors.length, `squiggles on screen: ${JSON.stringify(squiggles)}`);
  });
});
