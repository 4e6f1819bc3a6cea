import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverMigrations } from '../../server/src/sources/migrations/discover';

/** A temporary folder holding these files (paths relative to it, `/`-separated). */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-discover-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('migration discovery', () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = project(files);
    roots.push(root);
    return root;
  };
  const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('finds migrations/*.sql in order, one level deep, without down files', async () => {
    const root = make({
      'migrations/10_c.sql': '',
      'migrations/2_b.sql': '',
      'migrations/001_a.sql': '',
      'migrations/003_x.down.sql': '',
      'migrations/notes.md': '',
      'migrations/tenant/0001-x.sql': '',
      'node_modules/pkg/migrations/001_a.sql': '',
      '.git/migrations/001_a.sql': '',
    });
    const found = await discoverMigrations(root);
    assert.deepStrictEqual(rel(root, found.files), ['migrations/001_a.sql', 'migrations/2_b.sql', 'migrations/10_c.sql']);
    assert.deepStrictEqual(rel(root, found.folders), ['migrations']);
  });

  it("finds Prisma's layout and skips dot-folders inside it", async () => {
    const root = make({
      'prisma/schema.prisma': '',
      'prisma/migrations/migration_lock.toml': '',
      'prisma/migrations/20230103000000_b/migration.sql': '',
      'prisma/migrations/20230102000000_a/migration.sql': '',
      'prisma/migrations/.tmp/migration.sql': '',
    });
    const found = await discoverMigrations(root);
    assert.deepStrictEqual(rel(root, found.files), [
      'prisma/migrations/20230102000000_a/migration.sql',
      'prisma/migrations/20230103000000_b/migration.sql',
    ]);
  });

  it('finds db/, database/, supabase/ and Flyway folders, and merges them by key', async () => {
    const root = make({
      'supabase/migrations/20230530034630_init.sql': '',
      'db/migrations/20220101000000_early.sql': '',
      'database/migrations/2024_01_01_000000_late.sql': '',
      'src/main/resources/db/migration/V1__flyway.sql': '',
      'sql/V2__flyway_too.sql': '',
      'sql/adhoc_query.sql': '',
    });
    const found = await discoverMigrations(root);
    assert.deepStrictEqual(rel(root, found.files), [
      'src/main/resources/db/migration/V1__flyway.sql',
      'sql/V2__flyway_too.sql',
      'database/migrations/2024_01_01_000000_late.sql',
      'db/migrations/20220101000000_early.sql',
      'supabase/migrations/20230530034630_init.sql',
    ]);
  });

  it('takes a configured folder alone, with its subfolders ordered by version', async () => {
    const root = make({
      'migrations/001_other.sql': '',
      'schema/versioned/v1.10/b.sql': '',
      'schema/versioned/v1.9/a.sql': '',
      'schema/versioned/v1.0/schema.sql': '',
      'schema/versioned/manifest.json': '',
    });
    const found = await discoverMigrations(root, 'schema/versioned');
    assert.deepStrictEqual(rel(root, found.files), [
      'schema/versioned/v1.0/schema.sql',
      'schema/versioned/v1.9/a.sql',
      'schema/versioned/v1.10/b.sql',
    ]);
    const absolute = await discoverMigrations(root, path.join(root, 'migrations'));
    assert.deepStrictEqual(rel(root, absolute.files), ['migrations/001_other.sql']);
  });

  it('finds nothing in a project without migrations, and throws for a missing folder', async () => {
    const root = make({ 'src/app.ts': '' });
    assert.deepStrictEqual(await discoverMigrations(root), { files: [], folders: [] });
    await assert.rejects(discoverMigrations(root, 'nope'), /cannot read migration folder .*nope/);
    await assert.rejects(discoverMigrations(path.join(root, 'missing')), /cannot read folder/);
  });
});
