import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Problem } from '../../server/src/analysis';
import { Workspace } from '../../server/src/project/workspace';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-workspace-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** `code message` of each problem, with the text it covers: what a reader checks. */
function describeProblems(text: string, problems: Problem[]): string[] {
  return problems.map((p) => `${p.code} ${p.message} [${text.slice(p.span.start, p.span.end)}]`);
}

describe('Workspace', () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  const init = 'create table customers (id int primary key, name text);\n';
  const query = 'select ak.customer_id from customers ak;\n';

  it('finds the history and checks each file against the files before it', async () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_query.sql': query, 'migrations/003_typo.sql': 'select 1;\nselec 2;\n' });
    const logs: string[] = [];
    const ws = await Workspace.open({ root, log: (m) => logs.push(m) });
    const file = (n: string) => path.join(root, 'migrations', n);
    assert.deepStrictEqual(ws.migrationFiles(), [file('001_init.sql'), file('002_query.sql'), file('003_typo.sql')]);
    assert.ok(ws.isMigration(file('002_query.sql')));
    assert.ok(logs.some((l) => /^3 migration file\(s\) in migrations$/.test(l)), logs.join('\n'));
    assert.deepStrictEqual(describeProblems('select 1;\nselec 2;\n', ws.check(file('003_typo.sql'), 'select 1;\nselec 2;\n')), [
      '42601 syntax error at or near "selec" [selec]',
    ]);
    assert.deepStrictEqual(describeProblems(query, ws.check(file('002_query.sql'), query)), [
      '42703 column ak.customer_id does not exist [ak.customer_id]',
    ]);
  });

  it('counts tables and views of the whole history', async () => {
    const root = make({
      'migrations/001_init.sql': init + 'create table orders (id int, customer_id int);\n',
      'migrations/002_view.sql': 'create view customer_names as select name from customers;\n',
    });
    const summary = (await Workspace.open({ root })).summary();
    assert.strictEqual(summary.migrationFiles, 2);
    assert.strictEqual(summary.tables, 2);
    assert.strictEqual(summary.views, 1);
    assert.ok(summary.millis >= 0);
  });

  it("lets an open document's text change what later migrations see, and go back to disk", async () => {
    const root = make({ 'migrations/001_init.sql': init, 'migrations/002_query.sql': query });
    const ws = await Workspace.open({ root });
    const first = path.join(root, 'migrations/001_init.sql');
    const second = path.join(root, 'migrations/002_query.sql');
    assert.deepStrictEqual(ws.check(second, query).map((p) => p.code), ['42703']);

    ws.setOverlay(first, 'create table customers (id int primary key, name text, customer_id int);\n');
    assert.deepStrictEqual(ws.check(second, query), []);
    // A file outside the history sees the overlay too.
    assert.deepStrictEqual(ws.check(path.join(root, 'queries/report.sql'), query), []);

    ws.setOverlay(first, undefined);
    assert.deepStrictEqual(ws.check(second, query).map((p) => p.code), ['42703']);
  });

  it('replays only what an edit changed, with the result of a full replay', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) files[`migrations/${String(i).padStart(3, '0')}_t${i}.sql`] = `create table t${i} (id int);\n`;
    files['migrations/013_query.sql'] = 'select t5.extra from t5;\nselect id from t12;\n';
    const root = make(files);
    const logs: string[] = [];
    const ws = await Workspace.open({ root, log: (m) => logs.push(m) });
    const fifth = path.join(root, 'migrations/005_t5.sql');
    const last = path.join(root, 'migrations/013_query.sql');
    const lastText = files['migrations/013_query.sql'];
    assert.deepStrictEqual(ws.check(last, lastText).map((p) => p.code), ['42703']);

    logs.length = 0;
    // Typing in 005 re-analyses 005 only.
    for (const text of ['create table t5 (id int, e', 'create table t5 (id int, ex int);', 'create table t5 (id int, extra int);\n']) {
      ws.setOverlay(fifth, text);
      ws.check(fifth, text);
    }
    assert.deepStrictEqual(logs, []);
    // Then 013 replays 005..012 once.
    assert.deepStrictEqual(ws.check(last, lastText), []);
    assert.strictEqual(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], /^replayed 8 migration file\(s\) in \d+ ms$/);

    // Same answer as a workspace that reads the edited file from disk.
    fs.writeFileSync(fifth, 'create table t5 (id int, extra int);\n');
    const fresh = await Workspace.open({ root });
    assert.deepStrictEqual(fresh.check(last, lastText), ws.check(last, lastText));
  });

  it('picks up files created and deleted on disk on reload', async () => {
    const root = make({ 'migrations/001_init.sql': init });
    const ws = await Workspace.open({ root });
    const added = path.join(root, 'migrations/002_more.sql');
    fs.writeFileSync(added, 'create table orders (id int);\n');
    await ws.reload();
    assert.strictEqual(ws.summary().migrationFiles, 2);
    assert.strictEqual(ws.summary().tables, 2);
    fs.rmSync(added);
    await ws.reload();
    assert.strictEqual(ws.summary().tables, 1);
  });

  it('checks a down migration against the catalog after its up migration', async () => {
    const root = make({
      'migrations/000001_customers.up.sql': init,
      'migrations/000001_customers.down.sql': 'select id from customers;\ndrop table customers;\n',
      'migrations/000002_drop.up.sql': 'drop table customers;\n',
    });
    const ws = await Workspace.open({ root });
    assert.strictEqual(ws.migrationFiles().length, 2);
    const down = path.join(root, 'migrations/000001_customers.down.sql');
    assert.deepStrictEqual(ws.check(down, 'select id from customers;\n'), []);
    // Any other file sees the whole history, where the table is gone.
    assert.deepStrictEqual(ws.check(path.join(root, 'q.sql'), 'select id from customers;\n').map((p) => p.code), ['42P01']);
  });

  it("applies only the up part of a dbmate file to later migrations, and checks the whole file", async () => {
    const dbmate = '-- migrate:up\n' + init + '\n-- migrate:down\ndrop table customers;\nselec;\n';
    const root = make({ 'db/migrations/20240101000000_init.sql': dbmate, 'db/migrations/20240102000000_q.sql': 'select name from customers;\n' });
    const ws = await Workspace.open({ root });
    const [first, second] = ws.migrationFiles();
    assert.deepStrictEqual(ws.check(second, 'select name from customers;\n'), []);
    assert.deepStrictEqual(ws.check(first, dbmate).map((p) => p.code), ['42601']);
  });

  it('reads the migration folder from .schemasense.json, and throws for an unreadable one', async () => {
    const root = make({ '.schemasense.json': '{ "migrations": "schema/tenant" }', 'schema/tenant/0001-init.sql': init, 'migrations/001_x.sql': '' });
    const ws = await Workspace.open({ root });
    assert.deepStrictEqual(ws.migrationFiles(), [path.join(root, 'schema/tenant/0001-init.sql')]);
    await assert.rejects(Workspace.open({ root, migrations: 'missing' }), /cannot read migration folder/);
    const broken = make({ '.schemasense.json': '{ migrations: ' });
    await assert.rejects(Workspace.open({ root: broken }), /\.schemasense\.json is not valid JSON/);
  });
});
