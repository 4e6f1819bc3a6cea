import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  ADD_EXPIRY,
  ADD_EXPIRY_BROKEN,
  API_KEYS_COLUMNS,
  assertSubqueryFix,
  BROKEN_ERROR,
  EXTRA_JOIN_FIX,
  FILE_015,
  FILE_016,
  fixHistory,
  HINT,
  SUBQUERY_FIX,
} from '../../e2e/support/sampleScenario';

/**
 * The editor scenarios of test/e2e through the VS Code API, inside VS Code's extension host, on the copy
 * of examples/sample-project VS Code opened. What only the screen shows (the status bar, notifications)
 * is left to test/e2e. Each test puts back the files it changed.
 */
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const uriOf = (rel: string) => vscode.Uri.joinPath(folder(), rel);

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
const errors = (uri: vscode.Uri, source?: string) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error && (!source || d.source === source));

async function open(rel: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf(rel)));
}

async function unknownColumn(doc: vscode.TextDocument): Promise<vscode.Diagnostic> {
  return until('42703 on ak.customer_id', () => errors(doc.uri, 'schemasense').find((d) => codeOf(d) === '42703'));
}

describe('SchemaSense through the VS Code API', () => {
  const originals = new Map<string, string | undefined>();
  /** Remembers a file as it is, for afterEach to put back; returns its path. */
  const keep = (rel: string): string => {
    const file = uriOf(rel).fsPath;
    if (!originals.has(file)) originals.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
    return file;
  };

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [file, text] of originals) (text === undefined ? fs.rmSync(file, { force: true }) : fs.writeFileSync(file, text));
    originals.clear();
  });

  it('1. reports 42703 on ak.customer_id in 015 with the foreign-key hint', async () => {
    const { document } = await open(FILE_015);
    const d = await unknownColumn(document);
    assert.strictEqual(document.getText(d.range), 'ak.customer_id');
    assert.match(d.message, /column ak\.customer_id does not exist/);
    assert.ok(d.message.includes(HINT), d.message);
  });

  it('2. offers the join-through fixes; the subquery fix clears the error and the file saves clean', async () => {
    const editor = await open(FILE_015);
    const before = editor.document.getText();
    keep(FILE_015);
    const d = await unknownColumn(editor.document);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    for (const title of [SUBQUERY_FIX, EXTRA_JOIN_FIX]) assert.ok(titles.includes(title), `quick fixes: ${JSON.stringify(titles)}`);
    const fix = actions.find((a) => a.title === SUBQUERY_FIX)!;
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await until('the error to go', () => (errors(editor.document.uri).length === 0 ? true : undefined), 30_000);
    assert.ok(await editor.document.save());
    assertSubqueryFix(before, fs.readFileSync(editor.document.uri.fsPath, 'utf8'));
    // Saving checks the file again, and verifies it in the embedded Postgres: no error may come back.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      assert.deepStrictEqual(errors(editor.document.uri).map((e) => `${e.source}(${codeOf(e)}) ${e.message}`), []);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('3. completes the columns of api_keys after `ak.`', async () => {
    const editor = await open(FILE_015);
    await unknownColumn(editor.document);
    const line = editor.document.lineAt(9); // COUNT(DISTINCT ak.id) AS api_key_count
    await editor.edit((e) => e.insert(line.range.end, ',\n    ak.'));
    const at = editor.document.lineAt(10).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at, '.');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepStrictEqual([...labels].sort(), API_KEYS_COLUMNS);
  });

  it('4a. Run Migration applies a correct migration to the embedded database and resolves when done', async () => {
    keep(FILE_015);
    fixHistory(folder().fsPath);
    fs.writeFileSync(keep(FILE_016), ADD_EXPIRY);
    const { document } = await open(FILE_016);
    // The command's promise is the run: it settles when the migration has run, not when its message is read.
    await Promise.race([
      vscode.commands.executeCommand('schemasense.runMigration'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Run Migration did not finish within 60 s')), 60_000)),
    ]);
    assert.deepStrictEqual(errors(document.uri).map((e) => `${e.source}(${codeOf(e)}) ${e.message}`), []);
  });

  it("4b. Run Migration of a failing migration leaves Postgres's error as a `postgres` diagnostic", async () => {
    keep(FILE_015);
    fixHistory(folder().fsPath);
    fs.writeFileSync(keep(FILE_016), ADD_EXPIRY_BROKEN);
    const { document } = await open(FILE_016);
    vscode.commands.executeCommand('schemasense.runMigration').then(undefined, () => undefined);
    const d = await until('a postgres diagnostic', () => errors(document.uri, 'postgres')[0], 60_000);
    assert.strictEqual(codeOf(d), '42883');
    assert.match(d.message, BROKEN_ERROR);
  });
});
