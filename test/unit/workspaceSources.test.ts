/**
 * Workspace: where the base schema comes from (settings, `.schemasense.json`, `.env`, schema.prisma), how it
 * and the migrations layer, and which SQL files are analysed. Database cases are in test/database.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readProjectConfig } from '../../server/src/project/config';
import { changesSchema, Workspace } from '../../server/src/project/workspace';
import { tempProjects } from '../database/tempProjects';

const customers = `datasource db {\n  provider = "postgresql"\n}\nmodel Customer {\n  id    Int    @id\n  email String\n  plan  String\n  @@map("customers")\n}\n`;

describe('Workspace sources and layering', () => {
  const projects = tempProjects('sources');
  const make = projects.make;
  after(projects.cleanup);
  const codes = (ws: Workspace, root: string, sql: string) => ws.check(path.join(root, 'q.sql'), sql).map((p) => `${p.code} ${p.message}`);

  it('reads every key of .schemasense.json, with or without the schemasense. prefix, and rejects wrong values', async () => {
    const root = make({
      '.schemasense.json': JSON.stringify({ 'schemasense.schemaSource': 'prisma', prisma: 'db/schema.prisma', schemas: ['app'], include: ['sql/**'], exclude: [], databaseUrl: ' ' }),
    });
    assert.deepStrictEqual(await readProjectConfig(root), { schemaSource: 'prisma', prisma: 'db/schema.prisma', schemas: ['app'], include: ['sql/**'] });
    const bad = make({ '.schemasense.json': '{ "schemaSource": "mysql" }' });
    await assert.rejects(readProjectConfig(bad), /"schemaSource" must be one of auto, migrations, prisma, database/);
    const badList = make({ '.schemasense.json': '{ "include": "sql/**" }' });
    await assert.rejects(readProjectConfig(badList), /"include" must be a list of globs/);
  });

  it('layers the migrations on schema.prisma: a name exists if either has it', async () => {
    const root = make({
      'prisma/schema.prisma': customers,
      // The history re-creates customers without plan, drops email, and makes orders.
      'migrations/001_customers.sql': 'create table customers (id int primary key, email text);\n',
      'migrations/002_drop_email.sql': 'alter table customers drop column email;\ncreate table orders (id int, customer_id int references customers (id));\n',
    });
    const ws = await Workspace.open({ root, env: {} });
    assert.deepStrictEqual(ws.status(), { source: 'prisma', tables: 2 });
    assert.deepStrictEqual(codes(ws, root, 'select c.id, c.email, c.plan, o.id from customers c join orders o on o.customer_id = c.id;\n'), []);
    assert.deepStrictEqual(codes(ws, root, 'select c.nope from customers c;\nselect * from nowhere;\n'), [
      '42703 column c.nope does not exist',
      '42P01 relation "nowhere" does not exist',
    ]);
    // No false error in the history either: 001 "creates" a table schema.prisma already has.
    for (const f of ws.migrationFiles()) assert.deepStrictEqual(ws.check(f, fs.readFileSync(f, 'utf8')).filter((p) => p.severity === 'error'), [], f);
  });

  it('reads schema.prisma again on refreshSchema, and the settings that choose the base on reload', async () => {
    const root = make({ 'prisma/schema.prisma': customers });
    const ws = await Workspace.open({ root, env: {} });
    assert.deepStrictEqual(codes(ws, root, 'select tax_id from customers;\n'), ['42703 column "tax_id" does not exist']);
    fs.writeFileSync(path.join(root, 'prisma/schema.prisma'), customers.replace('plan  String', 'plan  String\n  taxId String? @map("tax_id")'));
    await ws.refreshSchema();
    assert.deepStrictEqual(codes(ws, root, 'select tax_id from customers;\n'), []);
    assert.ok(changesSchema(path.join(root, 'prisma/schema.prisma')) && changesSchema(path.join(root, '.env')) && !changesSchema(path.join(root, 'q.sql')));

    fs.writeFileSync(path.join(root, '.schemasense.json'), '{ "schemaSource": "migrations" }');
    await ws.reload();
    assert.deepStrictEqual(ws.status(), { source: 'migrations', tables: 0 });
    assert.deepStrictEqual(codes(ws, root, 'select 1 from customers;\n'), ['42P01 relation "customers" does not exist']);
  });

  it('lets settings win over .schemasense.json, and says why a forced source is missing', async () => {
    const root = make({ 'prisma/schema.prisma': customers, '.schemasense.json': '{ "schemaSource": "migrations" }' });
    assert.strictEqual((await Workspace.open({ root, env: {} })).status().source, 'migrations');
    assert.strictEqual((await Workspace.open({ root, env: {}, config: { schemaSource: 'prisma' } })).status().source, 'prisma');
    const empty = make({ 'migrations/001.sql': 'select 1;\n' });
    const forced = await Workspace.open({ root: empty, env: {}, config: { schemaSource: 'database' } });
    assert.deepStrictEqual(forced.status(), {
      source: 'migrations',
      tables: 0,
      failed: true,
      failure: 'schemaSource is "database" but no database URL is set (schemasense.databaseUrl or DATABASE_URL)',
      warning: 'schemaSource is "database" but no database URL is set (schemasense.databaseUrl or DATABASE_URL)',
    });
  });

  it('reports the problems of a broken schema.prisma once, and uses the rest', async () => {
    const root = make({ 'prisma/schema.prisma': customers + 'model Broken {\n  id Int @id\n  x  Strin\n}\n' });
    const logs: string[] = [];
    const ws = await Workspace.open({ root, env: {}, log: (m) => logs.push(m) });
    assert.deepStrictEqual(ws.status(), { source: 'prisma', tables: 2, warning: 'prisma/schema.prisma has 1 problem(s) (see the output)' });
    assert.strictEqual(logs.filter((l) => /Type "Strin" is neither a built-in type/.test(l)).length, 1, logs.join('\n'));
    assert.deepStrictEqual(codes(ws, root, 'select email from customers;\nselect id from "Broken";\n'), []);
  });

  it('ignores a schema.prisma of another database, and a DATABASE_URL that is not PostgreSQL', async () => {
    const root = make({ 'prisma/schema.prisma': customers.replace('postgresql', 'mysql'), '.env': 'DATABASE_URL="mysql://u:p@localhost/db"\n' });
    const ws = await Workspace.open({ root, env: {} });
    assert.deepStrictEqual(ws.status(), { source: 'migrations', tables: 0 });
    assert.strictEqual(ws.isAnalysed(path.join(root, 'q.sql')), false);
  });

  it('analyses the SQL files of a folder with a PostgreSQL signal, or those include names, never those exclude names', async () => {
    const none = await Workspace.open({ root: make({ 'queries/a.sql': '' }), env: {} });
    assert.strictEqual(none.isAnalysed(path.join(none.options.root, 'queries/a.sql')), false);
    const signals: Record<string, string>[] = [{ 'migrations/001.sql': '' }, { 'supabase/config.toml': '' }, { 'prisma/schema.prisma': customers }, { '.env': 'DATABASE_URL=postgresql://localhost:1/x\n' }];
    for (const signal of signals) {
      const ws = await Workspace.open({ root: make(signal), env: {}, connectTimeoutMs: 500 });
      assert.strictEqual(ws.isAnalysed(path.join(ws.options.root, 'queries/a.sql')), true, JSON.stringify(signal));
    }
    const root = make({ 'migrations/001.sql': '', '.schemasense.json': JSON.stringify({ exclude: ['legacy/**'] }) });
    const ws = await Workspace.open({ root, env: {} });
    assert.strictEqual(ws.isAnalysed(path.join(root, 'legacy/old.sql')), false);
    assert.strictEqual(ws.isAnalysed(path.join(root, 'new/a.sql')), true);
    const included = await Workspace.open({ root: make({ 'a.sql': '' }), env: {}, config: { include: ['db/**/*.{sql,psql}'], exclude: ['db/tmp/**'] } });
    const at = (rel: string) => included.isAnalysed(path.join(included.options.root, rel));
    assert.deepStrictEqual([at('db/x/a.sql'), at('db/b.psql'), at('db/tmp/c.sql'), at('a.sql')], [true, true, false, false]);
  });
});
