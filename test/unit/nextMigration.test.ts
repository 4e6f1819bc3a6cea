import * as assert from 'assert';
import * as path from 'path';
import { nextMigration } from '../../server/src/sources/migrations/nextMigration';
import { orderMigrations } from '../../server/src/sources/migrations/order';

/**
 * The next migration's files as each tool names and lays them out; every name is also checked to sort after the
 * history by the ordering the workspace itself uses (sources/migrations/order.ts).
 */
describe('nextMigration: the file after the last one, as its tool names it', () => {
  const now = new Date('2026-12-01T11:30:05Z');
  const sql = { name: 'rename_users', up: 'ALTER TABLE users RENAME TO users_new;', down: 'ALTER TABLE users_new RENAME TO users;' };
  const root = '/p';
  const next = (history: string[], lastText = '') => {
    const files = nextMigration(history.map((f) => path.join(root, f)), lastText, sql, now)!;
    // The new file runs last.
    const ordered = orderMigrations([...history.map((f) => path.join(root, f)), files[0].file], root);
    assert.strictEqual(ordered[ordered.length - 1], files[0].file, `${files[0].file} sorts last`);
    return files.map((f) => `${path.relative(root, f.file)}: ${f.text}`);
  };

  it('counts on a plain number, keeping its width and separator', () => {
    assert.deepStrictEqual(next(['db/001_a.sql', 'db/015_b.sql']), ['db/016_rename_users.sql: ALTER TABLE users RENAME TO users_new;\n']);
    assert.deepStrictEqual(next(['m/9-a.sql']), ['m/10-rename_users.sql: ALTER TABLE users RENAME TO users_new;\n']);
  });

  it('a timestamped history (Supabase, Rails) gets the current UTC time', () => {
    assert.deepStrictEqual(next(['supabase/migrations/20240101000000_init.sql']), ['supabase/migrations/20261201113005_rename_users.sql: ALTER TABLE users RENAME TO users_new;\n']);
  });

  it('dbmate and goose keep their sections, with the down statement', () => {
    assert.deepStrictEqual(next(['db/migrations/20240101000000_init.sql'], '-- migrate:up\ncreate table users (id int);\n-- migrate:down\n'), [
      'db/migrations/20261201113005_rename_users.sql: -- migrate:up\nALTER TABLE users RENAME TO users_new;\n\n-- migrate:down\nALTER TABLE users_new RENAME TO users;\n',
    ]);
    assert.deepStrictEqual(next(['migrations/00002_b.sql'], '-- +goose Up\ncreate table users (id int);\n'), [
      'migrations/00003_rename_users.sql: -- +goose Up\nALTER TABLE users RENAME TO users_new;\n\n-- +goose Down\nALTER TABLE users_new RENAME TO users;\n',
    ]);
  });

  it('golang-migrate / sqlx: an up and a down file', () => {
    assert.deepStrictEqual(next(['migrations/000001_init.up.sql', 'migrations/000001_init.down.sql', 'migrations/000002_b.up.sql'].filter((f) => !f.includes('down'))), [
      'migrations/000003_rename_users.up.sql: ALTER TABLE users RENAME TO users_new;\n',
      'migrations/000003_rename_users.down.sql: ALTER TABLE users_new RENAME TO users;\n',
    ]);
  });

  it('Prisma and diesel: a new folder named by the time', () => {
    assert.deepStrictEqual(next(['prisma/migrations/20240101000000_init/migration.sql']), ['prisma/migrations/20261201113005_rename_users/migration.sql: ALTER TABLE users RENAME TO users_new;\n']);
    assert.deepStrictEqual(next(['migrations/2024-01-01-000000_init/up.sql']), [
      'migrations/2026-12-01-113005_rename_users/up.sql: ALTER TABLE users RENAME TO users_new;\n',
      'migrations/2026-12-01-113005_rename_users/down.sql: ALTER TABLE users_new RENAME TO users;\n',
    ]);
  });

  it('Flyway: the next version', () => {
    assert.deepStrictEqual(next(['sql/V1__init.sql', 'sql/V2__b.sql']), ['sql/V3__rename_users.sql: ALTER TABLE users RENAME TO users_new;\n']);
    assert.deepStrictEqual(next(['sql/V1_9__b.sql']), ['sql/V1_10__rename_users.sql: ALTER TABLE users RENAME TO users_new;\n']);
  });

  it('a history named in the future is followed, not preceded', () => {
    assert.deepStrictEqual(next(['supabase/migrations/20990101000000_late.sql']), ['supabase/migrations/20990101000001_rename_users.sql: ALTER TABLE users RENAME TO users_new;\n']);
  });

  it('no history: no file', () => {
    assert.strictEqual(nextMigration([], '', sql, now), undefined);
  });
});
