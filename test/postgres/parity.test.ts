/**
 * Parity with PostgreSQL: every case of test/fixtures/parity/*.sql is run on a real server (which checks the
 * annotation itself) and through the analysis (which must report what Postgres reports).
 * Add cases by editing the data files only; the format is described in test/fixtures/parity/README.md.
 */
import * as assert from 'assert';
import type { Client } from 'pg';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog, type Problem } from '../../server/src/analysis';
import { codePointToUtf16 } from '../../server/src/analysis/parser/byteOffsets';
import { createDatabase, pgError, startPostgres, type TestDatabase } from '../support/postgres';
import { loadParityFiles, type ParityCase, type ParityFile } from './parityFormat';

const MIN_CASES = 150;
const files = loadParityFiles();

interface PgOutcome {
  code: string; // 'ok' or a SQLSTATE
  message?: string;
  /** Where Postgres placed the error: 1-based, in characters of the case's text. */
  position?: number;
}

function indent(sql: string): string {
  return sql
    .split('\n')
    .map((l) => '      ' + l)
    .join('\n');
}

function describeProblem(text: string, p: Problem): string {
  return `${p.code} ${p.severity} "${p.message}" at ${p.span.start}..${p.span.end} \`${text.slice(p.span.start, p.span.end)}\``;
}

function where(c: ParityCase): string {
  return `${c.file}:${c.line} case "${c.name}"`;
}

describe('parity with PostgreSQL (test/fixtures/parity)', function () {
  it(`has at least ${MIN_CASES} cases`, function () {
    const total = files.reduce((n, f) => n + f.cases.length, 0);
    assert.ok(files.length >= 3, `expected several parity files, found ${files.length}`);
    assert.ok(total >= MIN_CASES, `expected at least ${MIN_CASES} parity cases, found ${total}`);
    const counts = files.map((f) => `${f.file.replace(/^.*\//, '')}: ${f.cases.length}`).join(', ');
    console.log(`      ${total} parity cases (${counts})`);
  });

  for (const pf of files) describeFile(pf);
});

function describeFile(pf: ParityFile): void {
  describe(pf.file, function () {
    // What PostgreSQL said of each case: its code is held against the annotation, then its words and place
    // against the analysis.
    const outcomes = new Map<string, PgOutcome>();
    describe('PostgreSQL gives the annotated SQLSTATE', function () {
      let version = 0;

      before(async function () {
        this.timeout(180_000);
        version = (await startPostgres()).version;
        const db: TestDatabase = await createDatabase(`parity_${pf.file.replace(/^.*\//, '').replace(/\.sql$/, '')}`);
        const client: Client = await db.connect();
        client.on('notice', () => undefined);
        try {
          await client.query("SET statement_timeout = '20s'");
          try {
            await client.query(pf.schema);
          } catch (e) {
            throw new Error(`the "-- schema" section of ${pf.file} fails on PostgreSQL: ${(e as Error).message}`);
          }
          await client.query('BEGIN');
          for (const c of pf.cases) {
            await client.query('SAVEPOINT parity_case');
            try {
              await client.query(c.sql);
              outcomes.set(c.name, { code: 'ok' });
            } catch (e) {
              const pe = pgError(e);
              if (!pe) throw e;
              outcomes.set(c.name, { code: pe.code, message: pe.message, position: pe.position });
            }
            await client.query('ROLLBACK TO SAVEPOINT parity_case');
          }
          await client.query('ROLLBACK');
        } finally {
          await client.end();
          await db.drop();
        }
      });

      for (const c of pf.cases) {
        it(c.name, function () {
          const got = outcomes.get(c.name);
          assert.ok(got, `${where(c)} was not run on PostgreSQL`);
          if (got.code !== c.expect) {
            assert.fail(
              `${where(c)}: the annotation says ${c.expect} but PostgreSQL ${version} says ${got.code}` +
                (got.message ? ` (${got.message})` : '') +
                `\n    statement:\n${indent(c.sql)}`,
            );
          }
        });
      }
    });

    describe('the analysis reports what PostgreSQL reports', function () {
      let base: Catalog;
      let schemaProblems: Problem[] = [];

      before(async function () {
        await loadParser();
        const r = analyzeDocument(pf.schema, emptyCatalog(), pf.file);
        base = r.catalogAfter;
        schemaProblems = r.problems.filter((p) => p.severity === 'error');
      });

      it('(schema section: no error)', function () {
        if (schemaProblems.length) {
          assert.fail(
            `the "-- schema" section of ${pf.file} is valid on PostgreSQL, yet the analysis reports:\n` +
              schemaProblems.map((p) => '    ' + describeProblem(pf.schema, p)).join('\n'),
          );
        }
      });

      for (const c of pf.cases) {
        it(c.name, function () {
          const { problems } = analyzeDocument(c.sql, base, c.file);
          const errors = problems.filter((p) => p.severity === 'error');
          const reported = errors.length ? errors.map((p) => '\n      ' + describeProblem(c.sql, p)).join('') : ' (no error)';
          const report = `${where(c)}\n    expected (verified on PostgreSQL): ${c.expect}\n    analysis reported:${reported}\n    statement:\n${indent(c.sql)}`;
          if (c.expect === 'ok') {
            if (errors.length) assert.fail(`false error\n    ${report}`);
          } else {
            const wrong = errors.filter((p) => p.code !== c.expect);
            if (!errors.some((p) => p.code === c.expect)) assert.fail(`missed ${c.expect}\n    ${report}`);
            if (wrong.length) assert.fail(`error with another code than ${c.expect}\n    ${report}`);
            // Postgres's own words, where it puts them (the analysis may report more than the first error).
            const pg = outcomes.get(c.name);
            if (pg?.code !== c.expect || pg.message === undefined) return;
            const at = pg.position === undefined ? undefined : codePointToUtf16(c.sql, pg.position - 1);
            const said = `PostgreSQL says "${pg.message}"` + (at === undefined ? ' (no position)' : ` at ${at} \`${c.sql.slice(at, at + 20)}\``);
            if (!errors.some((p) => p.code === c.expect && p.message === pg.message)) assert.fail(`other words than Postgres's: ${said}\n    ${report}`);
            if (at !== undefined && !errors.some((p) => p.code === c.expect && p.message === pg.message && p.span.start === at)) {
              assert.fail(`placed elsewhere than Postgres places it: ${said}\n    ${report}`);
            }
          }
        });
      }
    });
  });
}
