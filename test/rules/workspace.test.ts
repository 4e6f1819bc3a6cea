/**
 * The rules in a workspace: "existing" from the database's migration history (a migration it has not run is
 * pending, so its tables are new), `.schemasense.json`'s "rules", and a file's no-transaction marker.
 */
import * as assert from 'assert';
import * as path from 'path';
import { Workspace } from '../../server/src/project/workspace';
import { createDatabase, withClient, type TestDatabase } from '../support/postgres';
import { tempProjects } from '../database/tempProjects';

const M = 'db/migrations';
const FILES = {
  [`${M}/001_t.sql`]: 'create table t (id int primary key, a int);\n',
  [`${M}/002_u.sql`]: 'create table u (id int primary key, a int);\n',
  [`${M}/003_indexes.sql`]: 'create index t_a on t (a);\ncreate index u_a on u (a);\n',
};
const third = path.join(M, '003_indexes.sql');

describe('rules in a workspace', function () {
  this.timeout(60_000);
  const projects = tempProjects('rules');
  let db: TestDatabase;
  before(async () => {
    db = await createDatabase('rules_applied');
    // The database ran 001 only (dbmate's history table says so).
    await withClient(db, (c) => c.query(`${FILES[`${M}/001_t.sql`]} insert into t values (1, 1); create table schema_migrations (version varchar primary key); insert into schema_migrations values ('001');`));
  });
  after(async () => {
    projects.cleanup();
    await db?.drop();
  });

  const findings = (ws: Workspace, root: string, text = FILES[`${M}/003_indexes.sql`]) =>
    ws.check(path.join(root, third), text).filter((p) => p.code === 'index-blocks-writes').map((p) => text.slice(p.span.start, text.indexOf(';', p.span.start)));

  it('without a database every earlier migration counts as applied', async () => {
    const root = projects.make({ ...FILES });
    const ws = await Workspace.open({ root, env: {}, config: { schemaSource: 'migrations' } });
    assert.deepStrictEqual(findings(ws, root), ['create index t_a on t (a)', 'create index u_a on u (a)']);
  });

  it('with a database, a table of a migration it has not run is new', async () => {
    const root = projects.make({ ...FILES, '.schemasense.json': JSON.stringify({ databaseUrl: db.url }) });
    const ws = await Workspace.open({ root, env: {} });
    assert.strictEqual(ws.status().source, 'database');
    assert.deepStrictEqual(findings(ws, root), ['create index t_a on t (a)']);
  });

  it('"rules" in .schemasense.json turns a rule off; a suppression comment silences one statement', async () => {
    const off = projects.make({ ...FILES, '.schemasense.json': JSON.stringify({ rules: { 'index-blocks-writes': 'off' } }) });
    assert.deepStrictEqual(findings(await Workspace.open({ root: off, env: {} }), off), []);
    const root = projects.make({ ...FILES });
    const ws = await Workspace.open({ root, env: {} });
    const text = '-- schemasense-ignore index-blocks-writes: t is small\ncreate index t_a on t (a);\ncreate index u_a on u (a);\n';
    assert.deepStrictEqual(findings(ws, root, text), ['create index u_a on u (a)']);
  });

  it('a no-transaction marker lets CONCURRENTLY be; without one it is 25001 in a transaction', async () => {
    const root = projects.make({ ...FILES });
    const ws = await Workspace.open({ root, env: {} });
    const text = 'create index concurrently t_a on t (a);\ncreate index concurrently u_a on u (a);\n';
    const codes = (t: string) => ws.check(path.join(root, third), t).map((p) => p.code);
    assert.deepStrictEqual(codes(text), ['concurrently-in-transaction', 'concurrently-in-transaction']);
    assert.deepStrictEqual(codes('-- +goose NO TRANSACTION\n' + text), []);
  });
});
