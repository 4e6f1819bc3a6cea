/**
 * schema.prisma → catalog, checked against the database Prisma Migrate would create from it: each fixture's
 * expected.sql (written by hand from Prisma's naming rules) is applied to a real PostgreSQL and read back,
 * and replayed through the analysis core; all three must agree.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';
import { introspectDatabase } from '../../server/src/sources/database/introspect';
import { readPrismaSchema } from '../../server/src/sources/prisma';
import { createDatabase, withClient } from '../support/postgres';
import { catalogFacts, type CatalogFacts } from './catalogFacts';

const PRISMA_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/prisma');

/** Facts of the objects Migrate makes: tables, views and sequences (not the `public` of every database). */
function relevant(facts: CatalogFacts): CatalogFacts {
  return { relations: facts.relations, enums: facts.enums };
}

for (const fixture of ['mappings', 'multi-schema']) {
  describe(`Prisma schema test/fixtures/prisma/${fixture}`, function () {
    this.timeout(60_000);
    const dir = path.join(PRISMA_FIXTURES, fixture);
    const expectedSql = fs.readFileSync(path.join(dir, 'expected.sql'), 'utf8');

    it('parses without problems', async () => {
      const prisma = await readPrismaSchema(dir, 'schema.prisma', {});
      assert.ok(prisma);
      assert.deepStrictEqual(prisma.problems, []);
      assert.strictEqual(prisma.provider, 'postgresql');
    });

    it('maps to the tables, columns, types, keys and enums that expected.sql creates on PostgreSQL', async () => {
      const prisma = (await readPrismaSchema(dir, 'schema.prisma', {}))!;
      const db = await createDatabase(`prisma_${fixture}`);
      try {
        await withClient(db, (c) => c.query(expectedSql));
        const actual = await introspectDatabase(db.url);
        assert.deepStrictEqual(relevant(catalogFacts(prisma.catalog)), relevant(catalogFacts(actual.catalog)));
      } finally {
        await db.drop();
      }
    });

    it('maps to the tables and columns the analysis core builds from expected.sql', async () => {
      await loadParser();
      const prisma = (await readPrismaSchema(dir, 'schema.prisma', {}))!;
      const replay = analyzeDocument(expectedSql, emptyCatalog(), 'expected.sql');
      assert.deepStrictEqual(replay.problems, []);
      // Names, nullability, primary and foreign keys; the core spells some types differently from format_type
      // and does not record unique indexes, which the PostgreSQL comparison above covers.
      const facts = (c: typeof replay.catalogAfter) => {
        const all = catalogFacts(c, { types: false, defaults: false });
        for (const r of Object.values(all.relations)) {
          r.uniqueKeys = [];
          if (r.kind === 'view') r.columns = r.columns.map((col) => col.split(' ')[0]);
        }
        return all.relations;
      };
      assert.deepStrictEqual(facts(prisma.catalog), facts(replay.catalogAfter));
    });
  });
}
