/**
 * schema.prisma against its migrations, one pair per kind of drift (cases.ts): what is reported, where
 * (the schema.prisma line, the migration statement) and in which words, and the migration that ends it.
 * The migration written is replayed after the others through the core (no drift may remain) and run on a
 * real PostgreSQL, whose catalog must then match schema.prisma's.
 */
import * as assert from 'assert';
import { loadParser } from '../../../server/src/analysis';
import { compareCatalogs, prismaMigrationSql, type ReplayedMigration } from '../../../server/src/analysis/drift';
import type { Problem } from '../../../server/src/analysis';
import { introspectDatabase } from '../../../server/src/sources/database/introspect';
import { createDatabase, withClient } from '../../support/postgres';
import { CASES, INIT, SCHEMA_FILE, driftLabel, migrationFile, runCase } from './cases';

/** Each problem as `file:line: message` (schema.prisma's 1-based line, or the migration's number and 0-based line). */
function shown(schema: string, history: ReplayedMigration[], problems: readonly { file: string; problem: Problem }[]): string[] {
  const lineOf = (file: string, offset: number) => {
    const text = file === SCHEMA_FILE ? schema : history.find((h) => h.file === file)!.analysis.parsed.text;
    return text.slice(0, offset).split('\n').length;
  };
  const where = (file: string) => (file === SCHEMA_FILE ? 'schema.prisma' : String([...Array(history.length).keys()].find((i) => migrationFile(i) === file)));
  return problems.map((p) => `${where(p.file)}:${p.file === SCHEMA_FILE ? lineOf(p.file, p.problem.span.start) : lineOf(p.file, p.problem.span.start) - 1}: ${p.problem.message}`);
}

describe('Prisma drift: schema.prisma against the migrations', function () {
  this.timeout(60_000);
  before(() => loadParser());

  for (const c of CASES) {
    describe(c.name, () => {
      it('reports each drift', () => {
        assert.deepStrictEqual(runCase(c.schema, c.migrations).drifts.map(driftLabel), c.drifts);
      });

      it('puts it on the schema.prisma line and the migration statement, in words', () => {
        const { problems, history } = runCase(c.schema, c.migrations);
        assert.deepStrictEqual(shown(c.schema, history, problems), c.problems);
        for (const p of problems) assert.strictEqual(p.problem.severity, 'warning');
      });

      it('notes what schema.prisma cannot declare and Migrate keeps, on the statement that made it', () => {
        const { notes, history } = runCase(c.schema, c.migrations);
        assert.deepStrictEqual(shown(c.schema, history, notes), c.notes ?? []);
        for (const n of notes) assert.strictEqual(n.problem.severity, 'information');
      });

      it('writes the migration that ends it, as Prisma would', () => {
        const { drifts, declared } = runCase(c.schema, c.migrations);
        const sql = prismaMigrationSql(drifts, declared);
        for (const line of c.sql) assert.ok(sql.split('\n').includes(line), `missing line ${JSON.stringify(line)} in:\n${sql}`);
      });

      it('leaves no drift once that migration is replayed after the others', () => {
        const { drifts, declared } = runCase(c.schema, c.migrations);
        const sql = prismaMigrationSql(drifts, declared);
        const after = runCase(c.schema, [...c.migrations, sql]);
        assert.deepStrictEqual(after.drifts.map(driftLabel), []);
      });

      it('PostgreSQL accepts the migrations and the one written, and ends with the tables schema.prisma declares', async () => {
        const { drifts, declared } = runCase(c.schema, c.migrations);
        const sql = prismaMigrationSql(drifts, declared);
        const db = await createDatabase('drift');
        try {
          await withClient(db, async (client) => {
            for (const text of [INIT, ...c.migrations]) await client.query(text);
            await client.query(sql);
          });
          const { catalog } = await introspectDatabase(db.url);
          // The introspection reads no index list: indexes are compared by the replay above.
          assert.deepStrictEqual(compareCatalogs(declared, catalog).map(driftLabel), []);
        } finally {
          await db.drop();
        }
      });
    });
  }

});
