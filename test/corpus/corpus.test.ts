/**
 * Real migration histories (/work/shared/corpus, i.e. `../shared/corpus` next to the repository): every file
 * applied on PostgreSQL 15 without error, so any error the analysis reports on them is a false positive.
 * Each project's numbered files are analysed in order, each against the catalog the previous one left.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog, type Problem } from '../../server/src/analysis';
import { repoRoot } from '../postgres/parityFormat';

const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');

/** Files Postgres itself rejects in the history (see the corpus README); errors there are expected. */
const KNOWN_FAILING: Array<{ project: string; file: RegExp }> = [
  { project: 'supabase-storage', file: /^0047__.*iceberg-table-metadata\.sql$/ },
];

function projects(): string[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
}

function migrationFiles(project: string): string[] {
  return fs
    .readdirSync(path.join(CORPUS, project))
    .filter((f) => !f.startsWith('.') && f !== 'LICENSE' && /^\d+.*\.sql$/.test(f))
    .sort();
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

describe('corpus: real migration histories report no error', function () {
  before(async function () {
    await loadParser();
  });

  it('has the corpus folder', function () {
    assert.ok(
      fs.existsSync(CORPUS),
      `corpus folder missing: ${CORPUS} (expected /work/shared/corpus next to the repository, i.e. ../shared/corpus)`,
    );
    assert.ok(projects().length > 0, `no project folder in ${CORPUS}`);
  });

  for (const project of projects()) {
    it(project, function () {
      this.timeout(120_000);
      const files = migrationFiles(project);
      assert.ok(files.length > 0, `${project}: no numbered *.sql file`);
      let catalog: Catalog = emptyCatalog();
      let statements = 0;
      const falsePositives: string[] = [];
      let expectedErrors = 0;
      for (const f of files) {
        const rel = `${project}/${f}`;
        const text = fs.readFileSync(path.join(CORPUS, project, f), 'utf8');
        let result: ReturnType<typeof analyzeDocument>;
        try {
          result = analyzeDocument(text, catalog, path.join(CORPUS, project, f));
        } catch (e) {
          assert.fail(`analyzeDocument threw on ${rel}: ${(e as Error).stack ?? String(e)}`);
        }
        statements += result.parsed.statements.length;
        catalog = result.catalogAfter;
        const errors = result.problems.filter((p: Problem) => p.severity === 'error');
        if (KNOWN_FAILING.some((k) => k.project === project && k.file.test(f))) {
          expectedErrors += errors.length;
          continue;
        }
        for (const p of errors) falsePositives.push(`${rel}:${lineOf(text, p.span.start)}: ${p.code} ${p.message}`);
      }
      console.log(
        `      ${project}: ${files.length} files, ${statements} statements analysed` +
          (expectedErrors ? ` (${expectedErrors} expected error(s) in a file Postgres rejects too)` : ''),
      );
      if (falsePositives.length) {
        assert.fail(`${falsePositives.length} false positive(s) in ${project}:\n` + falsePositives.map((l) => '    ' + l).join('\n'));
      }
    });
  }
});
