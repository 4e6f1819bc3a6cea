import * as assert from 'assert';
import { isMigrationFileName, orderMigrations } from '../../server/src/sources/migrations/order';
import { forwardText } from '../../server/src/sources/migrations/sections';

/** Orders a shuffled copy, so that the input order cannot be the answer. */
function order(expected: string[], root?: string, extra: string[] = []): string[] {
  const shuffled = [...expected, ...extra].reverse();
  shuffled.push(shuffled.shift()!);
  return orderMigrations(shuffled, root);
}

describe('migration order', () => {
  it('orders numeric prefixes as numbers, not as text', () => {
    const expected = ['m/001_a.sql', 'm/2_y.sql', 'm/10_b.sql', 'm/15_x.sql', 'm/100_z.sql'];
    assert.deepStrictEqual(order(expected), expected);
  });

  it('orders supabase/storage names, where 00010 comes after 0009', () => {
    const expected = [
      'migrations/tenant/0001-initialmigration.sql',
      'migrations/tenant/0009-fix-search-function.sql',
      'migrations/tenant/00010-search-files-search-function.sql',
      'migrations/tenant/0011-add-trigger-to-auto-update-updated_at-column.sql',
    ];
    assert.deepStrictEqual(order(expected), expected);
  });

  it('orders timestamps (Supabase, dbmate, Laravel) and keeps unversioned files last', () => {
    const expected = [
      'supabase/migrations/20230530034630_init.sql',
      'supabase/migrations/20230601000000_add_prices.sql',
      'supabase/migrations/20240101120000_policies.sql',
      'supabase/migrations/seed.sql',
    ];
    assert.deepStrictEqual(order(expected), expected);
    const laravel = [
      'database/migrations/2014_10_12_000000_create_users_table.sql',
      'database/migrations/2014_10_12_100000_create_password_resets_table.sql',
      'database/migrations/2019_08_19_000000_create_failed_jobs_table.sql',
    ];
    assert.deepStrictEqual(order(laravel), laravel);
  });

  it('orders equal versions by the rest of the name', () => {
    const expected = ['m/01_a.sql', 'm/1_b.sql', 'm/001_c.sql', 'm/2_a.sql'];
    assert.deepStrictEqual(order(expected), expected);
  });

  it("orders golang-migrate's .up.sql files and leaves out .down.sql", () => {
    const expected = [
      'migrations/00_init_auth_schema.up.sql',
      'migrations/000001_users.up.sql',
      'migrations/000002_posts.up.sql',
      'migrations/000010_tags.up.sql',
      'migrations/20210710035447_alter_users.up.sql',
    ];
    const downs = ['migrations/000001_users.down.sql', 'migrations/000010_tags.down.sql'];
    assert.deepStrictEqual(order(expected, undefined, downs), expected);
  });

  it("orders Prisma's migration folders by folder name", () => {
    const expected = [
      'prisma/migrations/01_init/migration.sql',
      'prisma/migrations/02_report_schema_session_data/migration.sql',
      'prisma/migrations/10_add_distinct_id/migration.sql',
      'prisma/migrations/20230102000000_b/migration.sql',
      'prisma/migrations/20230103000000_a/migration.sql',
    ];
    assert.deepStrictEqual(order(expected, undefined, ['prisma/migrations/migration_lock.toml']), expected);
    // Also relative to the migration folder, and with Windows separators.
    assert.deepStrictEqual(order(expected, 'prisma/migrations'), expected);
    const windows = expected.map((p) => 'C:\\app\\' + p.replace(/\//g, '\\'));
    assert.deepStrictEqual(order(windows, 'C:\\app\\prisma\\migrations'), windows);
  });

  it('orders Flyway versions part by part, repeatables after them, undo migrations out', () => {
    const expected = [
      'db/migration/V1__init.sql',
      'db/migration/V1_1__users.sql',
      'db/migration/V1.2__orders.sql',
      'db/migration/V1.10__items.sql',
      'db/migration/V2__more.sql',
      'db/migration/V10__last.sql',
      'db/migration/R__a_functions.sql',
      'db/migration/R__views.sql',
    ];
    assert.deepStrictEqual(order(expected, undefined, ['db/migration/U2__more.sql', 'db/migration/U1.2__orders.sql']), expected);
  });

  it('orders version folders by version, then the files in them (relative to the migration folder)', () => {
    const root = 'schema/versioned';
    const expected = [
      `${root}/v1.0/schema.sql`,
      `${root}/v1.5/cluster_membership.sql`,
      `${root}/v1.5/event.sql`,
      `${root}/v1.9/history_tasks_table.sql`,
      `${root}/v1.10/task_queue_user_data.sql`,
      `${root}/v1.19/current_chasm_executions.sql`,
    ];
    assert.deepStrictEqual(order(expected, root), expected);
  });

  it('keeps only .sql files that run forward', () => {
    assert.strictEqual(isMigrationFileName('001_a.sql'), true);
    assert.strictEqual(isMigrationFileName('001_a.SQL'), true);
    assert.strictEqual(isMigrationFileName('001_a.up.sql'), true);
    assert.strictEqual(isMigrationFileName('001_a.down.sql'), false);
    assert.strictEqual(isMigrationFileName('U3__x.sql'), false);
    assert.strictEqual(isMigrationFileName('update_users.sql'), true);
    assert.strictEqual(isMigrationFileName('migration_lock.toml'), false);
  });
});

describe('forward text of dbmate and goose files', () => {
  it('blanks the down section and keeps offsets and lines', () => {
    const text = '-- migrate:up\ncreate table a (id int);\n\n-- migrate:down\ndrop table a;\n';
    const forward = forwardText(text);
    assert.strictEqual(forward.length, text.length);
    assert.strictEqual(forward, '-- migrate:up\ncreate table a (id int);\n\n' + ' '.repeat(15) + '\n' + ' '.repeat(13) + '\n');
  });

  it('knows goose markers and leaves other files alone', () => {
    const goose = '-- +goose Up\ncreate table a (id int);\r\n-- +goose Down\r\ndrop table a;';
    assert.strictEqual(forwardText(goose), '-- +goose Up\ncreate table a (id int);\r\n' + ' '.repeat(14) + '\r\n' + ' '.repeat(13));
    const plain = 'create table a (id int); -- migrate:down is only a marker at the start of a line\n';
    assert.strictEqual(forwardText(plain), plain);
  });
});
