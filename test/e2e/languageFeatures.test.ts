import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as libpg from '@libpg-query/parser';
import { BAD_JOIN, FILE_015, MIGRATIONS } from './support/sampleScenario';
import { describeEditor } from './support/session';
import type { Workbench } from './support/workbench';

/**
 * The language features as a user meets them in VS Code (code-server + chromium, the packaged extension) on
 * a copy of examples/sample-project: the outline (Ctrl+Shift+O), Format Document, and Shift+F12.
 */

const tree = (text: string) => JSON.stringify(libpg.parseSync(text), (k, v) => (k === 'location' || k === 'stmt_location' || k === 'stmt_len' ? undefined : v));

/** The rows of the open quick input (symbol picker) or references tree, as text. */
async function rows(wb: Workbench, selector: string, timeout = 15_000): Promise<string[]> {
  await wb.page.locator(selector).first().waitFor({ timeout });
  return wb.page.locator(selector).allInnerTexts();
}

/** Retries `action` until `selector` shows rows that `wanted` accepts (the last rows seen, else). */
async function untilRows(wb: Workbench, action: () => Promise<void>, selector: string, wanted: (rows: string[]) => boolean): Promise<string[]> {
  let seen: string[] = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    await action();
    seen = await rows(wb, selector, 10_000).catch(() => []);
    if (wanted(seen)) return seen;
    await wb.page.keyboard.press('Escape');
    await wb.page.waitForTimeout(2_000);
  }
  return seen;
}

describeEditor('Language features in VS Code', (editor) => {
  before(async () => {
    await libpg.loadModule();
  });

  it('the outline (Ctrl+Shift+O) of 015 shows the view it replaces', async () => {
    const wb = editor.workbench;
    await wb.openFile(FILE_015);
    // The squiggle says the server has analysed the file.
    await wb.waitForSquiggleUnder(BAD_JOIN, 'ak.customer_id');
    await wb.clickText('CREATE OR REPLACE VIEW customer_stats AS', 'customer_stats');
    const isView = (list: string[]) => list.some((s) => /^customer_stats\b/.test(s.trim()));
    const symbols = await untilRows(wb, () => wb.page.keyboard.press('Control+Shift+O'), '.quick-input-list .monaco-list-row', isView);
    await wb.screenshot('outline');
    assert.ok(isView(symbols), JSON.stringify(symbols));
  });

  it('Format Document changes the layout of 015, not its meaning, and keeps its comment', async () => {
    const wb = editor.workbench;
    const file = path.join(editor.folder, FILE_015);
    const before = fs.readFileSync(file, 'utf8');
    await wb.openFile(FILE_015);
    await wb.waitForSquiggleUnder(BAD_JOIN, 'ak.customer_id');
    await wb.clickText('CREATE OR REPLACE VIEW customer_stats AS', 'customer_stats');
    let after = before;
    for (let attempt = 1; after === before && attempt <= 5; attempt++) {
      await wb.page.keyboard.press('Control+Shift+I'); // Format Document
      await wb.page.waitForTimeout(1_500);
      await wb.page.keyboard.press('Control+S');
      await wb.page.waitForTimeout(500);
      after = fs.readFileSync(file, 'utf8');
    }
    await wb.screenshot('formatted');
    assert.notStrictEqual(after, before, 'the layout changed');
    assert.strictEqual(tree(after), tree(before), 'the same parse tree');
    assert.deepStrictEqual(after.match(/--.*$/gm), before.match(/--.*$/gm), 'the comment is kept');
  });

  it('Shift+F12 on a column of 001 lists its uses in later migrations', async () => {
    const wb = editor.workbench;
    await wb.openFile(`${MIGRATIONS}/001_create_customers.sql`);
    const line = 'email       text        NOT NULL,';
    const references = await untilRows(
      wb,
      async () => {
        await wb.clickText(line, 'email');
        await wb.page.keyboard.press('Shift+F12');
      },
      '.peekview-widget .ref-tree .monaco-list-row',
      (list) => list.join('\n').includes('015_add_credits_to_customer_stats.sql'),
    );
    await wb.screenshot('references');
    const text = references.join('\n');
    for (const name of ['001_create_customers.sql', '010_create_customer_stats_view.sql', '015_add_credits_to_customer_stats.sql']) {
      assert.ok(text.includes(name), `${name} in ${JSON.stringify(references)}`);
    }
  });
});
