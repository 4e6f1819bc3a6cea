import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Client } from 'pg';
import { main } from '../../server/src/cli/main';
import { applyEdits } from '../../server/src/features/fixes';
import { repoRoot } from '../postgres/parityFormat';
import { createDatabase, type TestDatabase } from '../support/postgres';
import { checkFile, JOIN_CASES } from './fixCases';

const ROOT = path.join(repoRoot(), 'test', 'fixtures', 'fixes', 'near-misses');
const QUERY = path.join(ROOT, 'query.sql');
const SCHEMA = fs.readFileSync(path.join(ROOT, 'migrations', '001_schema.sql'), 'utf8');
const SEED = fs.readFileSync(path.join(ROOT, 'seed.sql'), 'utf8');

/** The two rewrites of issue 13 that repeated every row: teams → projects and users → orders are one-to-many. */
const ONE_TO_MANY = [
  {
    text: 'select t.title from public.teams t;\n',
    titles: ['Join teams through projects (subquery, one row per project)'],
    rewritten: 'select t.title from (select t.*, p.title from public.projects p right join public.teams t on t.id = p.team_id) t;\n',
    rows: 'SELECT id FROM teams',
  },
  {
    text: 'SELECT u."total_cents" FROM "users" u;\n',
    titles: ['Join users through orders (subquery, one row per order)'],
    rewritten: 'SELECT u."total_cents" FROM (SELECT u.*, o."total_cents" FROM "orders" o RIGHT JOIN "users" u ON u."id" = o."user_id") u;\n',
    rows: 'SELECT id FROM users',
  },
];

/**
 * Join-path rewrites classified by the keys along the path: one-to-many ones are offered with a title that
 * says what they do and are never preferred or applied by `check --fix`, which says it left them; every
 * rewrite writes names as the statement does (schema-qualified, quoted).
 */
describe('quick fixes: cardinality of join-path rewrites', function () {
  this.timeout(60_000);

  for (const c of ONE_TO_MANY) {
    it(`offers, not preferred, the one-to-many rewrite of ${c.text.trim()}`, async () => {
      const { fixes } = await checkFile(ROOT, QUERY, c.text);
      assert.deepStrictEqual(fixes.map((f) => [f.title, !!f.isPreferred, f.leftBecause]), c.titles.map((t) => [t, false, 'one-to-many']));
      assert.strictEqual(applyEdits(c.text, fixes[0].edits), c.rewritten);
    });
  }

  it('prefers no rewrite along a one-to-many path in any fixture', async () => {
    for (const c of JOIN_CASES) {
      const { fixes } = await checkFile(c.root, c.migrations[c.migrations.length - 1]);
      for (const f of fixes.filter((x) => x.isPreferred)) assert.ok(!/one row per/.test(f.title), `${c.name}: ${f.title} is preferred`);
      for (const f of fixes.filter((x) => /one row per/.test(x.title))) assert.strictEqual(f.leftBecause, 'one-to-many');
    }
  });

  it('check --fix applies none of them and says it left them', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-cardinality-'));
    try {
      fs.cpSync(path.join(ROOT, 'migrations'), path.join(root, 'migrations'), { recursive: true });
      const file = path.join(root, 'migrations', '002_query.sql');
      const text = ONE_TO_MANY.map((c) => c.text).join('');
      fs.writeFileSync(file, text);
      let stderr = '';
      const status = await main(['check', '--fix'], { cwd: root, out: () => undefined, err: (t) => void (stderr += t) });
      assert.strictEqual(status, 1);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), text);
      assert.strictEqual(
        stderr,
        [
          'left migrations/002_query.sql:1:8: 42703 Join teams through projects (subquery, one row per project): one-to-many',
          'left migrations/002_query.sql:2:8: 42703 Join users through orders (subquery, one row per order): one-to-many',
          '',
        ].join('\n'),
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  describe('on PostgreSQL', () => {
    let db: TestDatabase;
    let client: Client;
    before(async () => {
      db = await createDatabase('fixes_cardinality');
      client = await db.connect();
      await client.query(SCHEMA);
      await client.query(SEED);
    });
    after(async () => {
      await client?.end();
      await db?.drop();
    });

    for (const c of ONE_TO_MANY) {
      it(`the rewrite of ${c.text.trim()} runs but returns other rows than the relation has: why it is not preferred`, async () => {
        const rewritten = await client.query(c.rewritten);
        const own = await client.query(c.rows);
        assert.notStrictEqual(rewritten.rowCount, own.rowCount);
      });
    }
  });
});
