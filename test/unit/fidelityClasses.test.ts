/**
 * Defect classes 4, 5 and 6 of issue 12: what migration tools do around the SQL (goose's statement markers,
 * their own history tables, the order they apply files in), over sources/migrations and through a Workspace.
 * The SQL classes are parity data (test/fixtures/parity/fidelity-classes.sql) and session tests
 * (test/postgres/fidelitySessions.test.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';
import { orderMigrations } from '../../server/src/sources/migrations/order';
import { forwardText, gooseStatements } from '../../server/src/sources/migrations/sections';
import { migrationTools, withToolTables } from '../../server/src/sources/migrations/tools';
import { discoverMigrations } from '../../server/src/sources/migrations/discover';
import { Workspace } from '../../server/src/project/workspace';
import { tempProjects } from '../support/tempProject';

const GOOSE = `-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql
-- +goose StatementEnd
CREATE TABLE notes (id int, updated_at timestamptz);

-- +goose Down
-- +goose StatementBegin
DROP FUNCTION touch()
-- +goose StatementEnd
DROP TABLE notes;
`;

describe('fidelity classes: migration tools (issue 12, classes 4-6)', () => {
  const project = tempProjects('schemasense-fidelity-');
  before(loadParser);

  describe('class 4: goose StatementBegin ... StatementEnd', () => {
    it('ends the statement at StatementEnd, keeping every offset', () => {
      const text = gooseStatements(GOOSE);
      assert.strictEqual(text.length, GOOSE.length);
      assert.strictEqual(text.split('\n').length, GOOSE.split('\n').length);
      const statements = analyzeDocument(text, emptyCatalog()).parsed.statements.map((s) => s.text.split(/\s+/).slice(0, 2).join(' '));
      assert.deepStrictEqual(statements, ['CREATE FUNCTION', 'CREATE TABLE', 'DROP FUNCTION', 'DROP TABLE']);
    });

    it('reports no syntax error on the file, forward part or whole', () => {
      assert.deepStrictEqual(analyzeDocument(forwardText(GOOSE), emptyCatalog()).problems, []);
      const forward = analyzeDocument(forwardText(GOOSE), emptyCatalog());
      assert.deepStrictEqual(analyzeDocument(gooseStatements(GOOSE), forward.catalogAfter).problems, []);
    });

    it('through a workspace: the file and the ones after it', async () => {
      const root = project({
        'migrations/00001_notes.sql': GOOSE,
        'migrations/00002_use.sql': '-- +goose Up\nSELECT updated_at FROM notes;\nSELECT nope FROM notes;\n',
      });
      const ws = await Workspace.open({ root });
      const file = (n: string) => path.join(root, 'migrations', n);
      assert.deepStrictEqual(ws.check(file('00001_notes.sql'), GOOSE), []);
      const use = fs.readFileSync(file('00002_use.sql'), 'utf8');
      assert.deepStrictEqual(ws.check(file('00002_use.sql'), use).map((p) => p.code), ['42703']);
    });
  });

  describe("class 5: the tools' own history tables", () => {
    it('recognises each tool from its files', () => {
      const text = (t: string) => () => t;
      assert.deepStrictEqual(migrationTools(['m/20240101_init/migration.sql'], text('')), ['prisma']);
      assert.deepStrictEqual(migrationTools(['m/2024-01-01-000000_init/up.sql'], text('')), ['diesel']);
      assert.deepStrictEqual(migrationTools(['m/0001_init.up.sql'], text('')), ['golang-migrate', 'sqlx']);
      assert.deepStrictEqual(migrationTools(['m/20240101_init.sql'], text('-- migrate:up\nselect 1;\n')), ['dbmate']);
      assert.deepStrictEqual(migrationTools(['m/00001_init.sql'], text('-- +goose Up\nselect 1;\n')), ['goose']);
      assert.deepStrictEqual(migrationTools(['m/V1__init.sql'], text('')), ['flyway']);
      assert.deepStrictEqual(migrationTools(['m/001_init.sql'], text('select 1;')), []);
    });

    it('gives each table the columns its tool creates', () => {
      const catalog = withToolTables(emptyCatalog(), ['golang-migrate', 'prisma']);
      const check = (sql: string) => analyzeDocument(sql, catalog).problems.map((p) => p.code);
      assert.deepStrictEqual(check('SELECT version, dirty FROM schema_migrations;'), []);
      assert.deepStrictEqual(check('SELECT migration_name, finished_at FROM _prisma_migrations;'), []);
      assert.deepStrictEqual(check('SELECT nope FROM schema_migrations;'), ['42703']);
      assert.deepStrictEqual(check('SELECT * FROM flyway_schema_history;'), ['42P01']);
    });

    it('through a workspace: ALTER TABLE schema_migrations in a golang-migrate history, not in another', async () => {
      const sql = 'ALTER TABLE schema_migrations ADD COLUMN applied_at timestamptz;\nSELECT version, applied_at FROM schema_migrations;\n';
      const golang = project({ 'migrations/000001_init.up.sql': 'CREATE TABLE a (id int);\n', 'migrations/000001_init.down.sql': 'DROP TABLE a;\n', 'migrations/000002_meta.up.sql': sql });
      const ws = await Workspace.open({ root: golang });
      assert.deepStrictEqual(ws.check(path.join(golang, 'migrations', '000002_meta.up.sql'), sql), []);
      const plain = project({ 'migrations/001_init.sql': 'CREATE TABLE a (id int);\n', 'migrations/002_meta.sql': sql });
      const other = await Workspace.open({ root: plain });
      assert.deepStrictEqual(other.check(path.join(plain, 'migrations', '002_meta.sql'), sql).map((p) => p.code), ['42P01', '42P01']);
    });
  });

  describe('class 6: each tool orders its files by its own rule', () => {
    it("Prisma orders its folders as strings, whatever the width of their numbers", () => {
      const paths = ['p/20241231_a/migration.sql', 'p/202310122339_b/migration.sql', 'p/20231012_c/migration.sql'];
      // As strings: '2' < '_', so 202310122339_b comes before 20231012_c (as numbers it would come last).
      assert.deepStrictEqual(orderMigrations(paths, 'p'), ['p/202310122339_b/migration.sql', 'p/20231012_c/migration.sql', 'p/20241231_a/migration.sql']);
    });

    it('diesel orders its folders as strings and never runs down.sql', () => {
      const paths = ['d/2024-12-31-000000_a/up.sql', 'd/2024-12-31-000000_a/down.sql', 'd/00000000000000_diesel_initial_setup/up.sql', 'd/2023-10-12-233900_b/up.sql'];
      assert.deepStrictEqual(orderMigrations(paths, 'd'), ['d/00000000000000_diesel_initial_setup/up.sql', 'd/2023-10-12-233900_b/up.sql', 'd/2024-12-31-000000_a/up.sql']);
    });

    it('golang-migrate still orders versions as numbers', () => {
      assert.deepStrictEqual(orderMigrations(['g/10_b.up.sql', 'g/9_a.up.sql'], 'g'), ['g/9_a.up.sql', 'g/10_b.up.sql']);
    });

    it("through discovery and a workspace: a diesel project's history, in its order", async () => {
      const root = project({
        'migrations/2024-12-31-000000_add/up.sql': 'ALTER TABLE users ADD COLUMN email text;\n',
        'migrations/2024-12-31-000000_add/down.sql': 'ALTER TABLE users DROP COLUMN email;\n',
        'migrations/2023-10-12-233900_users/up.sql': 'CREATE TABLE users (id int);\n',
        'migrations/2023-10-12-233900_users/down.sql': 'DROP TABLE users;\n',
      });
      const found = await discoverMigrations(root);
      assert.deepStrictEqual(found.files.map((f) => path.relative(root, f)), [
        path.join('migrations', '2023-10-12-233900_users', 'up.sql'),
        path.join('migrations', '2024-12-31-000000_add', 'up.sql'),
      ]);
      const ws = await Workspace.open({ root });
      const up = path.join(root, 'migrations', '2024-12-31-000000_add', 'up.sql');
      assert.deepStrictEqual(ws.check(up, fs.readFileSync(up, 'utf8')), []);
      const down = path.join(root, 'migrations', '2024-12-31-000000_add', 'down.sql');
      assert.deepStrictEqual(ws.check(down, fs.readFileSync(down, 'utf8')), []);
      const sql = 'SELECT version, run_on FROM __diesel_schema_migrations;\n';
      assert.deepStrictEqual(ws.check(path.join(root, 'query.sql'), sql), []);
    });
  });
});
