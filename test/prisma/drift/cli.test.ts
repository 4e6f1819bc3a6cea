/**
 * `schemasense prisma diff` (the migration, on stdout, no database) and the drift warnings of
 * `schemasense check`, on a Prisma project on disk, through the CLI's `main`.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../server/src/cli/main';
import { INIT, SCHEMA } from './cases';

async function schemasense(cwd: string, ...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { cwd, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

describe('schemasense prisma diff, and drift in schemasense check', function () {
  this.timeout(60_000);
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-prisma-diff-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('prisma/schema.prisma', SCHEMA.replace('  bio    String?\n', '  bio    String?\n  website String?\n'));
    write('prisma/migrations/20240101000000_init/migration.sql', INIT);
    write('prisma/migrations/20240102000000_rename/migration.sql', 'ALTER TABLE "profiles" RENAME COLUMN "bio" TO "about";\n');
    write('prisma/migrations/migration_lock.toml', 'provider = "postgresql"\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints the migration that ends the drift, with the rename instead of a drop and an add', async () => {
    const r = await schemasense(root, 'prisma', 'diff');
    assert.strictEqual(r.stderr, '');
    assert.strictEqual(r.status, 0);
    assert.strictEqual(
      r.stdout,
      '-- RenameColumn\nALTER TABLE "profiles" RENAME COLUMN "about" TO "bio";\n\n-- AlterTable\nALTER TABLE "profiles" ADD COLUMN     "website" TEXT;\n',
    );
    assert.strictEqual((await schemasense(root, 'prisma', 'diff', '--exit-code')).status, 1);
  });

  it('warns in check, on schema.prisma and on the migration statement, without failing', async () => {
    const r = await schemasense(root, 'check');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(
      r.stdout.split('\n').filter((line) => line.includes(' prisma-drift ')).join('\n'),
      [
        'prisma/migrations/20240102000000_rename/migration.sql:1:1: warning prisma-drift schema.prisma still has `Profile.bio` → column `profiles.bio`: this statement renames or drops it (the migrations leave `about` of the same type); the next `prisma migrate dev` would drop `about` and add `bio`, losing its data',
        'prisma/schema.prisma:20:3: warning prisma-drift the migrations have `profiles.about` where schema.prisma declares `profiles.bio` (both text): a rename? the next `prisma migrate dev` would drop `about` and add `bio`, losing its data',
        'prisma/schema.prisma:21:3: warning prisma-drift no migration leaves column `profiles.website`; the next `prisma migrate dev` will add it',
      ].join('\n'),
    );
  });

  it('expects no foreign keys under relationMode = "prisma" (Migrate writes none)', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-prisma-relation-mode-'));
    try {
      fs.mkdirSync(path.join(other, 'prisma', 'migrations', '01_init'), { recursive: true });
      fs.writeFileSync(path.join(other, 'prisma', 'schema.prisma'), SCHEMA.replace('  provider = "postgresql"\n', '  provider     = "postgresql"\n  relationMode = "prisma"\n'));
      fs.writeFileSync(path.join(other, 'prisma', 'migrations', '01_init', 'migration.sql'), INIT.split('-- AddForeignKey')[0]);
      const r = await schemasense(other, 'prisma', 'diff', '--exit-code');
      assert.deepStrictEqual([r.status, r.stdout, r.stderr], [0, '-- This is an empty migration.\n', '']);
      fs.writeFileSync(path.join(other, 'prisma', 'schema.prisma'), SCHEMA);
      assert.match((await schemasense(other, 'prisma', 'diff')).stdout, /ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('exits 2 without schema.prisma, and on an unknown subcommand', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-prisma-none-'));
    try {
      const r = await schemasense(empty, 'prisma', 'diff');
      assert.strictEqual(r.status, 2);
      assert.match(r.stderr, /no schema\.prisma found/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    const bad = await schemasense(root, 'prisma', 'push');
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /unknown command 'push'/);
  });
});
