/**
 * The drift check agrees with itself on what Prisma Migrate writes: for every fixture schema of
 * test/fixtures/prisma that has its expected.sql (what `prisma migrate diff --from-empty` writes for it),
 * that SQL as the only migration reports no drift; and the migration the drift check writes from an empty
 * history, replayed through the core, reports none either.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser } from '../../../server/src/analysis';
import { compareCatalogs, prismaMigrationSql } from '../../../server/src/analysis/drift';
import { readPrismaSchema } from '../../../server/src/sources/prisma';
import { driftLabel } from './cases';

const PRISMA_FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/prisma');
const fixtures = fs.readdirSync(PRISMA_FIXTURES).filter((f) => fs.existsSync(path.join(PRISMA_FIXTURES, f, 'expected.sql')));

describe('Prisma drift on the fixtures of test/fixtures/prisma', function () {
  this.timeout(60_000);
  before(() => loadParser());

  it('has fixtures with an expected.sql', () => assert.ok(fixtures.length >= 2, fixtures.join(', ')));

  for (const fixture of fixtures) {
    const dir = path.join(PRISMA_FIXTURES, fixture);
    it(`${fixture}: expected.sql as the only migration reports no drift`, async () => {
      const prisma = (await readPrismaSchema(dir, 'schema.prisma', {}))!;
      const replay = analyzeDocument(fs.readFileSync(path.join(dir, 'expected.sql'), 'utf8'), emptyCatalog(), 'expected.sql');
      assert.deepStrictEqual(replay.problems, []);
      assert.deepStrictEqual(compareCatalogs(prisma.catalog, replay.catalogAfter).map(driftLabel), []);
    });

    it(`${fixture}: the migration written from no migrations at all leaves no drift`, async () => {
      const prisma = (await readPrismaSchema(dir, 'schema.prisma', {}))!;
      const drifts = compareCatalogs(prisma.catalog, emptyCatalog());
      assert.ok(drifts.some((d) => d.kind === 'table missing'));
      const sql = prismaMigrationSql(drifts, prisma.catalog);
      const replay = analyzeDocument(sql, emptyCatalog(), 'migration.sql');
      assert.deepStrictEqual(replay.problems, []);
      assert.deepStrictEqual(compareCatalogs(prisma.catalog, replay.catalogAfter).map(driftLabel), []);
    });
  }
});
