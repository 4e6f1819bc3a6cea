/**
 * Cases for PL/pgSQL bodies, each confirmed on the real PostgreSQL of the suite: `sql` (tables, the
 * function, triggers, later migrations) must be accepted, then `run` (a call, a statement that fires the
 * trigger) gives `expect` (`ok` or a SQLSTATE). The analysis of `sql`, with its runtime problems confirmed
 * against the catalog after it (as the workspace does at the end of a history), must report a warning with
 * that SQLSTATE and PostgreSQL's message, and nothing for `ok`.
 */
import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser, type Problem } from '../../server/src/analysis';
import { confirmLater } from '../../server/src/analysis/diagnostics/runtime';
import { createDatabase, pgError, startPostgres } from '../support/postgres';

export interface BodyCase {
  name: string;
  sql: string;
  run: string;
  expect: string;
  /** PostgreSQL's message differs in a detail the analysis cannot know (a type name): compare codes only. */
  codeOnly?: boolean;
  /** `run` is itself checked (a DO block runs its body now): the analysis covers `sql` and `run`. */
  runIsChecked?: boolean;
}

export function describeBodyCases(title: string, cases: BodyCase[]): void {
  describe(title, function () {
    const outcomes = new Map<string, { code: string; message?: string }>();

    before(async function () {
      this.timeout(180_000);
      await loadParser();
      await startPostgres();
      const db = await createDatabase(`plpgsql_${title.replace(/\W+/g, '_').toLowerCase()}`.slice(0, 60));
      const client = await db.connect();
      client.on('notice', () => undefined);
      try {
        for (const c of cases) {
          await client.query('BEGIN');
          try {
            await client.query(c.sql);
          } catch (e) {
            outcomes.set(c.name, { code: 'rejected', message: (e as Error).message });
            await client.query('ROLLBACK');
            continue;
          }
          try {
            await client.query(c.run);
            outcomes.set(c.name, { code: 'ok' });
          } catch (e) {
            const pe = pgError(e);
            if (!pe) throw e;
            outcomes.set(c.name, { code: pe.code, message: pe.message });
          }
          await client.query('ROLLBACK');
        }
      } finally {
        await client.end();
        await db.drop();
      }
    });

    for (const c of cases) {
      it(`${c.name} (${c.expect})`, function () {
        const pg = outcomes.get(c.name);
        assert.ok(pg, 'not run on PostgreSQL');
        assert.notStrictEqual(pg.code, 'rejected', `PostgreSQL rejects the setup: ${pg.message}`);
        assert.strictEqual(pg.code, c.expect, `PostgreSQL says ${pg.code} (${pg.message ?? ''}), the case says ${c.expect}`);
        const warnings = bodyWarnings(c.runIsChecked ? `${c.sql}\n${c.run}` : c.sql);
        const shown = warnings.map((p) => `${p.code} ${p.message} at \`${c.sql.slice(p.span.start, p.span.end)}\``).join('; ') || 'nothing';
        if (c.expect === 'ok') {
          assert.strictEqual(warnings.length, 0, `PostgreSQL runs it, the analysis reports: ${shown}`);
          return;
        }
        assert.ok(warnings.length > 0, `PostgreSQL raises ${c.expect} (${pg.message}), the analysis reports nothing`);
        assert.ok(warnings.every((p) => p.code === c.expect), `PostgreSQL raises ${c.expect}, the analysis reports ${shown}`);
        if (!c.codeOnly) assert.ok(warnings.some((p) => p.message === pg.message), `PostgreSQL says "${pg.message}", the analysis ${shown}`);
      });
    }
  });
}

/** What the analysis reports of `sql`: no error (PostgreSQL accepts it), the warnings that remain at the end. */
export function bodyWarnings(sql: string): Problem[] {
  const analysis = analyzeDocument(sql, emptyCatalog(), 'case.sql');
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  assert.deepStrictEqual(errors.map((p) => `${p.code} ${p.message}`), [], 'PostgreSQL accepts the CREATE statements, the analysis reports errors');
  return confirmLater(analysis.problems, [analysis.catalogAfter]).filter((p) => p.severity === 'warning');
}
