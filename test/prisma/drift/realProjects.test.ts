/**
 * Real Prisma projects at a commit, schema.prisma and migrations as the project has them: our drift (through
 * `schemasense prisma diff` and `check`) against Prisma's own schema engine, which replays the migrations on a
 * fresh PostgreSQL and diffs the result to schema.prisma (test/support/prismaEngine.ts). Each project comes from
 * a repository snapshot in /work/.mirror (SCHEMASENSE_MIRROR; the `search` tool's fetch brings them); nothing of
 * theirs is committed. Pending where the snapshot is absent.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../../server/src/cli/main';
import { createDatabase } from '../../support/postgres';
import { prismaEngine } from '../../support/prismaEngine';
import { tempProjects } from '../../database/tempProjects';

const MIRROR = process.env.SCHEMASENSE_MIRROR || '/work/.mirror';

const PROJECTS = [
  // shared/corpus/umami's commit: one drift, real (an @@index no migration creates).
  { name: 'umami', repository: 'umami-software/umami', dir: 'prisma', drift: 1, notes: 0 },
  // The real-history corpus's documenso (scripts/histories-corpus.js): no drift, two CHECK constraints kept.
  { name: 'documenso', repository: 'documenso/documenso', dir: 'packages/prisma', drift: 0, notes: 2 },
];

async function schemasense(cwd: string, ...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { cwd, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

describe('Prisma drift on real projects, against Prisma’s schema engine', function () {
  this.timeout(300_000);
  const projects = tempProjects('prisma-real');
  after(() => projects.cleanup());

  for (const p of PROJECTS) {
    const git = path.join(MIRROR, p.repository.replace('/', '+'), 'repo');
    it(`${p.name}: the drift we report is the engine's, and what we note it keeps`, async function () {
      if (!fs.existsSync(git)) this.skip();
      const show = (file: string) => execFileSync('git', ['-C', git, 'show', `HEAD:${file}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const listed = execFileSync('git', ['-C', git, 'ls-tree', '-r', '--name-only', 'HEAD', `${p.dir}/migrations`], { encoding: 'utf8' }).split('\n');
      const files: Record<string, string> = {};
      // Prisma 7's engine takes URLs from prisma.config.ts: the datasource's url lines are blanked (for us too).
      files['prisma/schema.prisma'] = show(`${p.dir}/schema.prisma`).replace(/^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=.*$/gm, '');
      for (const f of listed) if (/\/migration\.sql$|migration_lock\.toml$/.test(f)) files[`prisma/migrations/${f.slice(`${p.dir}/migrations/`.length)}`] = show(f);
      const root = projects.make(files);

      const db = await createDatabase(`real_${p.name}`);
      const engine = await prismaEngine(db.url);
      let theirs: string;
      try {
        const folders = Object.keys(files).filter((f) => f.endsWith('/migration.sql')).length;
        assert.strictEqual((await engine.applyMigrations(path.join(root, 'prisma/migrations'))).appliedMigrationNames.length, folders);
        theirs = await engine.diffDatabaseToSchema(path.join(root, 'prisma/schema.prisma'));
      } finally {
        await engine.close();
        await db.drop();
      }
      const ours = await schemasense(root, 'prisma', 'diff');
      assert.strictEqual(ours.status, 0, ours.stderr);
      assert.strictEqual(ours.stdout.replace(/^\/\*\n {2}Warnings:\n[\s\S]*?\n\*\/\n/, ''), theirs);
      const check = await schemasense(root, 'check');
      const count = (code: string) => check.stdout.split('\n').filter((l) => l.includes(` ${code} `)).length;
      assert.strictEqual(count('prisma-unmanaged'), p.notes, check.stdout);
      assert.ok(count('prisma-drift') >= p.drift, check.stdout);
      assert.strictEqual((theirs.match(/^-- [A-Z][a-zA-Z]+$/gm) ?? []).length, p.drift);
    });
  }
});
