import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { ServerProcess, uriOf } from './serverProcess';

/**
 * Completion opens where people type: the server asks the editor to ask on a space too, and answers a
 * space only where a name comes next (after FROM, JOIN, INTO, UPDATE, ON); elsewhere a space gets an empty
 * list, so nothing pops up after every word. `alias.` before the FROM clause offers the alias's columns.
 */
describe('completion opens by itself after FROM, JOIN, INTO, UPDATE and ON (stdio)', function () {
  this.timeout(30_000);
  let root: string;
  let server: ServerProcess;
  const doc = () => path.join(root, 'migrations', '002_work.sql');

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-triggers-'));
    fs.mkdirSync(path.join(root, 'migrations'));
    fs.writeFileSync(
      path.join(root, 'migrations', '001_init.sql'),
      'create table teams (id int primary key, name text);\ncreate table projects (id int primary key, team_id int references teams (id), title text);\n',
    );
    fs.writeFileSync(doc(), '');
    server = await ServerProcess.start({ folders: [root] });
  });
  after(async () => {
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  let version = 1;
  async function typedSpace(marked: string): Promise<string[]> {
    const offset = marked.indexOf('|');
    const text = marked.replace('|', '');
    server.open(doc(), text, version++);
    const list = await server.connection.sendRequest<CompletionList | null>('textDocument/completion', {
      textDocument: { uri: uriOf(doc()) },
      position: { line: 0, character: offset },
      context: { triggerKind: 2, triggerCharacter: ' ' },
    });
    server.close(doc());
    return (list?.items ?? []).filter((i) => i.kind !== 14).map((i) => i.label).sort();
  }

  it('the server registers a space as a trigger character', () => {
    assert.deepStrictEqual(server.initializeResult?.capabilities.completionProvider?.triggerCharacters, ['.', '(', ' ']);
  });

  it('a space after FROM, JOIN, INTO and UPDATE lists the relations; after JOIN … ON the join conditions first', async () => {
    assert.deepStrictEqual(await typedSpace('select * from |'), ['projects', 'teams']);
    assert.deepStrictEqual(await typedSpace('insert into |'), ['projects', 'teams']);
    assert.deepStrictEqual(await typedSpace('update |'), ['projects', 'teams']);
    assert.ok((await typedSpace('select * from teams t join |')).includes('projects p ON p.team_id = t.id'));
    assert.ok((await typedSpace('select * from teams t join projects p on |')).includes('p.team_id = t.id'));
  });

  it('a space anywhere else opens nothing', async () => {
    assert.deepStrictEqual(await typedSpace('select |'), []);
    assert.deepStrictEqual(await typedSpace('select t.id |'), []);
    assert.deepStrictEqual(await typedSpace('alter table teams add column |'), []);
  });
});
