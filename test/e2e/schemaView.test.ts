import * as assert from 'assert';
import type { Frame, Locator } from 'playwright-core';
import { FILE_015 } from './support/sampleScenario';
import { describeEditor } from './support/session';
import type { Workbench } from './support/workbench';

/**
 * The Schema view in the Explorer and the ER diagram webview, in code-server with the packaged extension, on a
 * copy of examples/sample-project: the view lists the sample's tables as of the active migration and follows
 * the active file; Show ER Diagram renders the SVG with the tables 015 names highlighted.
 */

const SLOW = 60_000;

/** The "SchemaSense Schema" pane of the Explorer, expanded. */
async function schemaPane(wb: Workbench): Promise<Locator> {
  const header = wb.page.locator('.pane-header', { hasText: 'SchemaSense Schema' });
  await header.waitFor({ timeout: SLOW });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return wb.page.locator('.pane', { has: header });
}

/** The labels of the pane's rows once they equal `expected` (the view asks the server, which replays the history). */
async function waitForRows(pane: Locator, expected: string[], timeout = SLOW): Promise<string[]> {
  const deadline = Date.now() + timeout;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await pane.locator('.monaco-list-row .label-name').allInnerTexts();
    if (JSON.stringify(rows) === JSON.stringify(expected)) return rows;
    await pane.page().waitForTimeout(250);
  }
  assert.deepStrictEqual(rows, expected);
  return rows;
}

/** Opens a file with Quick Open (Ctrl+P), for when the Explorer's folder tree is collapsed. */
async function quickOpen(wb: Workbench, name: string): Promise<void> {
  await wb.page.keyboard.press('Control+P');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await wb.page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().waitFor({ timeout: SLOW });
  await wb.page.keyboard.press('Enter');
  await wb.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: SLOW });
}

/** The webview frame that holds the ER diagram's SVG. */
async function diagramFrame(wb: Workbench, timeout = SLOW): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of wb.page.frames()) {
      if (await frame.locator('#canvas svg').count().catch(() => 0)) return frame;
    }
    await wb.page.waitForTimeout(250);
  }
  throw new Error('no webview with the ER diagram');
}

describeEditor('Schema view and ER diagram in VS Code', (editor) => {
  it('the Schema view lists the tables before the active migration and follows the active file', async () => {
    const wb = editor.workbench;
    await wb.openFile(FILE_015);
    // Room for the Schema view: the folder tree of the Explorer collapsed.
    const folders = wb.page.locator('.pane-header[aria-expanded="true"]').first();
    await folders.click();
    const pane = await schemaPane(wb);
    await waitForRows(pane, ['public', 'api_clients', 'api_keys', 'customer_stats', 'customers', 'invoices', 'usage_events']);
    const description = pane.locator('.pane-header .description');
    assert.match(await description.innerText(), /before 015_add_credits_to_customer_stats\.sql/);
    await wb.screenshot('schema-view-015', 'schema-view');
    // 003 is checked against 001 and 002: two tables.
    await quickOpen(wb, '003_create_api_keys.sql');
    await waitForRows(pane, ['public', 'api_clients', 'customers']);
    assert.match(await description.innerText(), /before 003_create_api_keys\.sql/);
    // After it, api_keys is there, added and expanded with its columns.
    await pane.locator('.pane-header').hover();
    await pane.locator('.pane-header .action-label[aria-label="Show the Schema After the Migration"]').click();
    const rows = await waitForRows(pane, ['public', 'api_clients', 'api_keys', 'id', 'api_client_id', 'prefix', 'token_hash', 'scopes', 'created_at', 'revoked_at', 'foreign keys', 'indexes', 'customers']);
    assert.ok(rows.includes('api_keys'));
    assert.match(await description.innerText(), /after 003_create_api_keys\.sql/);
    await wb.screenshot('schema-view-after-003');
    // Typing follows: the view asks again when the server has checked the edit (no editor switch).
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+End');
    await wb.type('ALTER TABLE customers ADD COLUMN vip boolean;\n');
    await waitForRows(pane, [
      'public', 'api_clients', 'api_keys', 'id', 'api_client_id', 'prefix', 'token_hash', 'scopes', 'created_at', 'revoked_at', 'foreign keys', 'indexes',
      'customers', 'id', 'email', 'name', 'created_at', 'updated_at', 'vip', 'indexes',
    ]);
    await wb.screenshot('schema-view-typed');
    // A click on a table opens its definition: CREATE TABLE customers in 001.
    await pane.locator('.monaco-list-row', { has: wb.page.locator('.label-name', { hasText: /^customers$/ }) }).first().click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: '001_create_customers.sql' }).waitFor({ timeout: SLOW });
  });

  it('Show ER Diagram draws the schema before 015 with the tables 015 names highlighted', async () => {
    const wb = editor.workbench;
    await wb.openFile(FILE_015);
    await wb.runCommand('SchemaSense: Show ER Diagram');
    const frame = await diagramFrame(wb);
    const tables = await frame.locator('#canvas g.table').evaluateAll((gs) =>
      gs.map((g) => [g.getAttribute('data-table'), g.querySelector('rect')?.getAttribute('fill')]),
    );
    assert.deepStrictEqual(
      tables.sort(),
      [
        ['public.api_clients', '#fff4d6'],
        ['public.api_keys', '#fff4d6'],
        ['public.customer_stats', '#fff4d6'],
        ['public.customers', '#fff4d6'],
        ['public.invoices', '#fff4d6'],
        ['public.usage_events', '#ffffff'],
      ],
    );
    assert.match(await frame.locator('#highlighted').innerText(), /highlighted: api_clients, api_keys, customer_stats, customers, invoices/);
    // An arrow per foreign key of the sample.
    assert.strictEqual(await frame.locator('#canvas polyline').count(), 4);
    // The picture gets the window: the side bar hidden (the diagram fits itself to its panel).
    await wb.page.keyboard.press('Control+B');
    // ... and its editor group maximized (Ctrl+K Ctrl+M on the webview's group).
    await wb.page.locator('.tabs-container .tab', { hasText: 'ER Diagram' }).click();
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+M');
    await wb.page.waitForTimeout(1000);
    await wb.screenshot('er-diagram', 'er-diagram');
    // Pick another migration in the webview: before 003 there are two tables.
    await frame.locator('#migration').selectOption({ label: '003_create_api_keys.sql' });
    const deadline = Date.now() + SLOW;
    let names: string[] = [];
    while (Date.now() < deadline) {
      const f = await diagramFrame(wb).catch(() => undefined);
      names = f ? await f.locator('#canvas g.table').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-table') ?? '')).catch(() => []) : [];
      if (names.length === 2) break;
      await wb.page.waitForTimeout(250);
    }
    assert.deepStrictEqual(names.sort(), ['public.api_clients', 'public.customers']);
    // A click on a box opens the table's definition: CREATE TABLE customers in 001.
    const f = await diagramFrame(wb);
    await f.locator('#canvas g.table[data-table="public.customers"] text').first().click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: '001_create_customers.sql' }).waitFor({ timeout: SLOW });
  });
});
