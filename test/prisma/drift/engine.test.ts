/**
 * The drift check against Prisma's own schema engine (@prisma/schema-engine-wasm, test/support/prismaEngine.ts)
 * on a real PostgreSQL, for every pair of cases.ts: the engine applies INIT and the case's migrations to a
 * fresh database (as `migrate dev` replays them on its shadow database), then diffs that database to
 * schema.prisma. The SQL it writes must be the SQL `prismaMigrationSql` writes, statement for statement and
 * in order, but for the Warnings comment (which `migrate dev` puts in the file and `diff` does not) and the
 * renames (the engine drops and adds; we rename, and with renames taken back as a drop and an add we write
 * what it writes). An empty engine diff is exactly no drift: so what we only note (CHECK constraints, partial
 * and expression indexes) is what the engine keeps.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadParser } from '../../../server/src/analysis';
import { prismaMigrationSql, type Drift } from '../../../server/src/analysis/drift';
import { createDatabase } from '../../support/postgres';
import { prismaEngine } from '../../support/prismaEngine';
import { tempProjects } from '../../database/tempProjects';
import { CASES, INIT, runCase } from './cases';

/** Our migration without its leading Warnings comment. */
const withoutWarnings = (sql: string) => sql.replace(/^\/\*\n {2}Warnings:\n[\s\S]*?\n\*\/\n/, '');

/** A rename as Prisma Migrate writes it: the old column dropped, the new one added. */
const unrenamed = (drifts: readonly Drift[]): Drift[] =>
  drifts.flatMap((d): Drift[] =>
    d.kind === 'column renamed'
      ? [
          { kind: 'column missing', schema: d.schema, table: d.table, declared: d.declared },
          { kind: 'column extra', schema: d.schema, table: d.table, migrated: d.migrated },
        ]
      : [d],
  );

describe("Prisma drift against Prisma's schema engine", function () {
  this.timeout(120_000);
  const projects = tempProjects('prisma-engine');
  before(() => loadParser());
  after(() => projects.cleanup());

  for (const c of CASES) {
    it(`${c.name}: the engine writes the migration we write`, async () => {
      const files: Record<string, string> = { 'prisma/schema.prisma': c.schema, 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n' };
      [INIT, ...c.migrations].forEach((text, i) => (files[`prisma/migrations/2026010100000${i}_m${i}/migration.sql`] = text));
      const root = projects.make(files);
      const db = await createDatabase('engine_drift');
      const engine = await prismaEngine(db.url);
      try {
        assert.strictEqual((await engine.applyMigrations(path.join(root, 'prisma/migrations'))).appliedMigrationNames.length, c.migrations.length + 1);
        const theirs = await engine.diffDatabaseToSchema(path.join(root, 'prisma/schema.prisma'));
        const { drifts, declared } = runCase(c.schema, c.migrations);
        assert.strictEqual(withoutWarnings(prismaMigrationSql(unrenamed(drifts), declared)), theirs);
        if (drifts.some((d) => d.kind === 'column renamed')) assert.match(prismaMigrationSql(drifts, declared), /RENAME COLUMN/);
        assert.strictEqual(theirs === '-- This is an empty migration.\n', drifts.length === 0);
      } finally {
        await engine.close();
        await db.drop();
      }
    });
  }

  it('has a case of each thing the engine keeps and we only note', () => {
    const kept = CASES.flatMap((c) => runCase(c.schema, c.migrations).notes.map((n) => n.object.kind));
    assert.deepStrictEqual([...new Set(kept)].sort(), ['check constraint', 'expression index', 'partial index']);
    assert.ok(fs.existsSync(require.resolve('@prisma/schema-engine-wasm')));
  });
});

describe("test/fixtures/prisma's expected.sql against Prisma's schema engine", function () {
  this.timeout(120_000);
  const projects = tempProjects('prisma-engine-fixture');
  after(() => projects.cleanup());
  const fixtures = path.resolve(__dirname, '../../../../test/fixtures/prisma');
  for (const fixture of fs.readdirSync(fixtures).filter((f) => fs.existsSync(path.join(fixtures, f, 'expected.sql')))) {
    it(`${fixture}: expected.sql is what the engine writes from an empty database`, async () => {
      const db = await createDatabase('engine_fixture');
      const engine = await prismaEngine(db.url);
      try {
        // Prisma 7's engine takes the URL from prisma.config.ts, not from the schema: the `url` line is blanked.
        const schema = projects.make({ 'schema.prisma': fs.readFileSync(path.join(fixtures, fixture, 'schema.prisma'), 'utf8').replace(/^([ \t]*url[ \t]*=.*)$/m, '') });
        const theirs = await engine.diffDatabaseToSchema(path.join(schema, 'schema.prisma'));
        // The file's opening comment paragraph (what it is) is ours, not the engine's, and so is the view a
        // `view` block declares (Migrate creates no views: the fixture adds it for the mapping test).
        const expected = fs
          .readFileSync(path.join(fixtures, fixture, 'expected.sql'), 'utf8')
          .replace(/^(?:-- (?![A-Z][a-zA-Z]+\n).*\n)+\n/, '')
          .replace(/\n-- The `view` block's view\.\n[^]*$/, '');
        assert.strictEqual(expected, theirs);
      } finally {
        await engine.close();
        await db.drop();
      }
    });
  }
});
