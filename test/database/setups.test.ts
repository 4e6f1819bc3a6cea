/**
 * The four setups of "Where the schema comes from" on examples/sample-project, where 015 joins api_keys
 * on a customer_id it does not have: (a) the migrations alone, (b) schema.prisma alone, (c) a database at
 * migration 014 under the migrations, (d) schema.prisma ahead of the migrations. Each reports the same
 * 42703 with the same foreign-key hint, no error once 015 is fixed, and no false error in the files the
 * base already contains.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isRuleId, type Problem } from '../../server/src/analysis';
import { Workspace } from '../../server/src/project/workspace';
import { createDatabase, withClient, type TestDatabase } from '../support/postgres';

const REPO = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(REPO, 'examples', 'sample-project');
const PRISMA = path.join(REPO, 'test', 'fixtures', 'prisma');
const MIGRATIONS = 'database/migrations';
const BUGGY = '015_add_credits_to_customer_stats.sql';

const buggy = fs.readFileSync(path.join(SAMPLE, MIGRATIONS, BUGGY), 'utf8');
const fixed = buggy.replace('ON c.id = ak.customer_id', 'ON ak.api_client_id = ac.id');
const HINT = 'api_keys has no customer_id; it reaches customers through api_clients (api_keys.api_client_id → api_clients.id → api_clients.customer_id)';

/** The name problems (the migration safety rules' warnings are theirs to test, in test/rules). */
function describeProblems(text: string, problems: Problem[]): string[] {
  return problems.filter((p) => !isRuleId(p.code)).map((p) => `${p.code} ${p.message} [${text.slice(p.span.start, p.span.end)}] ${p.hint ?? ''}`);
}
const EXPECTED = [`42703 column ak.customer_id does not exist [ak.customer_id] ${HINT}`];

describe('where the schema comes from: the four setups on examples/sample-project', function () {
  this.timeout(60_000);
  const roots: string[] = [];
  let db: TestDatabase;

  /** A temp project: the sample's migrations (all, some, or none), plus `extra` files. */
  function project(migrations: 'all' | 'none' | string[], extra: Record<string, string> = {}): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-setup-'));
    roots.push(root);
    const from = path.join(SAMPLE, MIGRATIONS);
    fs.mkdirSync(path.join(root, MIGRATIONS), { recursive: true });
    for (const f of fs.readdirSync(from)) {
      if (migrations === 'all' || (Array.isArray(migrations) && migrations.some((m) => f.startsWith(m))) || f === BUGGY) {
        fs.copyFileSync(path.join(from, f), path.join(root, MIGRATIONS, f));
      }
    }
    for (const [rel, text] of Object.entries(extra)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }
  const prismaFixture = (name: string) => fs.readFileSync(path.join(PRISMA, name, 'schema.prisma'), 'utf8');

  before(async () => {
    // The database of setup (c): the sample project at migration 014.
    db = await createDatabase('sample_at_014');
    await withClient(db, async (c) => {
      for (const f of fs.readdirSync(path.join(SAMPLE, MIGRATIONS)).sort()) {
        if (f !== BUGGY) await c.query(fs.readFileSync(path.join(SAMPLE, MIGRATIONS, f), 'utf8'));
      }
    });
  });
  after(async () => {
    roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true }));
    await db?.drop();
  });

  /** Opens the project (no DATABASE_URL from this process) and checks 015, buggy and fixed, and every other migration. */
  async function checkSetup(root: string, source: string, env: NodeJS.ProcessEnv = {}): Promise<Workspace> {
    const ws = await Workspace.open({ root, env });
    assert.strictEqual(ws.status().source, source, JSON.stringify(ws.status()));
    assert.strictEqual(ws.status().warning, undefined);
    const file = path.join(root, MIGRATIONS, BUGGY);
    assert.deepStrictEqual(describeProblems(buggy, ws.check(file, buggy)), EXPECTED);
    assert.deepStrictEqual(describeProblems(fixed, ws.check(file, fixed)), []);
    for (const other of ws.migrationFiles().filter((f) => f !== file)) {
      const text = fs.readFileSync(other, 'utf8');
      assert.deepStrictEqual(describeProblems(text, ws.check(other, text)), [], path.basename(other));
    }
    return ws;
  }

  it('(a) the migrations alone', async () => {
    await checkSetup(project('all'), 'migrations');
  });

  it('(b) schema.prisma alone (Prisma 5/6 style), with 015 the only migration', async () => {
    const ws = await checkSetup(project('none', { 'prisma/schema.prisma': prismaFixture('sample-project') }), 'prisma');
    assert.deepStrictEqual(ws.migrationFiles().map((f) => path.basename(f)), [BUGGY]);
  });

  it('(c) a database at migration 014 under the migrations (DATABASE_URL in .env)', async () => {
    const ws = await checkSetup(project('all', { '.env': `DATABASE_URL="${db.url}"\n` }), 'database');
    assert.strictEqual(ws.status().tables, 5);
  });

  it('(d) schema.prisma ahead of the migrations (Prisma 7 style): its new columns are known, 015 still fails', async () => {
    const root = project('all', { 'prisma/schema.prisma': prismaFixture('sample-project-ahead') });
    const ws = await checkSetup(root, 'prisma');
    const query = 'select c.tax_id, k.label from customers c join api_clients ac on ac.customer_id = c.id join api_keys k on k.api_client_id = ac.id;\n';
    assert.deepStrictEqual(ws.check(path.join(root, 'queries', 'report.sql'), query), []);
    // The migration that adds what schema.prisma already has adds it once; what it does not have is still reported.
    const next = path.join(root, MIGRATIONS, '016_add_tax_id.sql');
    const text = 'ALTER TABLE customers ADD COLUMN tax_id text;\nCREATE VIEW customer_tax AS SELECT id, tax_id, vat_id FROM customers;\n';
    fs.writeFileSync(next, text);
    await ws.reload();
    assert.deepStrictEqual(describeProblems(text, ws.check(next, text)), ['42703 column "vat_id" does not exist [vat_id] Perhaps you meant tax_id.']);
  });

  it('excuses a replayed file what the database already changed, and still reports the file being written', async () => {
    // The history was squashed: 001–006 are gone, so nothing replayed creates token_hash before 007 renames it.
    const root = project(['007', '008', '009', '010', '011', '012', '013', '014'], { '.schemasense.json': JSON.stringify({ databaseUrl: db.url }) });
    const ws = await Workspace.open({ root, env: {} });
    assert.strictEqual(ws.status().source, 'database');
    const rename = path.join(root, MIGRATIONS, '007_rename_api_keys_token_hash.sql');
    assert.deepStrictEqual(ws.check(rename, fs.readFileSync(rename, 'utf8')), []);
    const file = path.join(root, MIGRATIONS, BUGGY);
    assert.deepStrictEqual(describeProblems(buggy, ws.check(file, buggy)), EXPECTED);
    // Without a base the squashed history is wrong indeed: api_keys was never created.
    const alone = await Workspace.open({ root, env: {}, config: { schemaSource: 'migrations' } });
    assert.deepStrictEqual(alone.check(rename, fs.readFileSync(rename, 'utf8')).map((p) => p.message), [
      'relation "api_keys" does not exist',
      'relation "api_keys" does not exist',
      'relation "api_keys" does not exist',
    ]);
  });

  it("knows the files a database ran from its migration history table, by name", async () => {
    const history = await createDatabase('sample_history');
    try {
      await withClient(history, async (c) => {
        for (const f of fs.readdirSync(path.join(SAMPLE, MIGRATIONS)).sort()) if (f !== BUGGY) await c.query(fs.readFileSync(path.join(SAMPLE, MIGRATIONS, f), 'utf8'));
        // dbmate's table: one row per applied version.
        await c.query("create table schema_migrations (version varchar primary key); insert into schema_migrations values ('007'), ('008');");
      });
      // 008 dropped a column the squashed history never created: nothing but the history says 008 ran.
      const drop = 'ALTER TABLE api_keys DROP COLUMN legacy_token;\n';
      const root = project(['007'], { [`${MIGRATIONS}/008_drop_legacy_token.sql`]: drop, '.schemasense.json': JSON.stringify({ databaseUrl: history.url }) });
      const ws = await Workspace.open({ root, env: {} });
      assert.deepStrictEqual(ws.check(path.join(root, MIGRATIONS, '008_drop_legacy_token.sql'), drop), []);
      // The same file, not recorded as run, is reported.
      await withClient(history, (c) => c.query("delete from schema_migrations where version = '008'"));
      await ws.refreshSchema();
      assert.deepStrictEqual(describeProblems(drop, ws.check(path.join(root, MIGRATIONS, '008_drop_legacy_token.sql'), drop)), [
        '42703 column "legacy_token" of relation "api_keys" does not exist [legacy_token] ',
      ]);
      const file = path.join(root, MIGRATIONS, BUGGY);
      assert.deepStrictEqual(describeProblems(buggy, ws.check(file, buggy)), EXPECTED);
    } finally {
      await history.drop();
    }
  });
});
