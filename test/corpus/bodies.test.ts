/**
 * The PL/pgSQL bodies, triggers and views of real histories: ../shared/corpus (the Supabase ones are full of
 * PL/pgSQL) and the real-history corpus (.test-tmp/histories, when it was built: see histories.test.ts).
 * Every file ran on PostgreSQL 15 and their functions and triggers run in those projects, so no body or
 * trigger warning may remain once the whole history is known (runtime problems confirmed against the
 * catalog after it, as the workspace does), and no view-dependency error (2BP01, 0A000) is reported.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, confirmLater, emptyCatalog, loadParser, type Catalog, type Problem } from '../../server/src/analysis';
import { forwardText } from '../../server/src/sources/migrations/sections';
import { repoRoot } from '../postgres/parityFormat';

const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');
const HISTORIES = process.env.SCHEMASENSE_HISTORIES ?? path.join(repoRoot(), '.test-tmp', 'histories');

const folders = (root: string): string[] =>
  fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : [];

/** A problem of a body, a trigger or a view dependency. */
const isBodyProblem = (p: Problem) => p.stillWrongIn !== undefined || /raises this when/.test(p.hint ?? '') || p.code === '2BP01' || p.code === '0A000';

/** The body problems of a history (files in order) that remain at its end, as `file:line: code message`. */
function bodyFindings(files: { rel: string; text: string }[]): string[] {
  let catalog: Catalog = emptyCatalog();
  const found: { rel: string; text: string; problems: Problem[] }[] = [];
  for (const { rel, text } of files) {
    const analysis = analyzeDocument(text, catalog, rel);
    catalog = analysis.catalogAfter;
    found.push({ rel, text, problems: analysis.problems.filter(isBodyProblem) });
  }
  return found.flatMap(({ rel, text, problems }) =>
    confirmLater(problems, [catalog]).map((p) => `${rel}:${text.slice(0, p.span.start).split('\n').length}: ${p.code} ${p.message} \`${text.slice(p.span.start, p.span.end)}\``),
  );
}

function assertNone(project: string, lines: string[]): void {
  if (lines.length) assert.fail(`${lines.length} body warning(s) in ${project}:\n` + lines.map((l) => '    ' + l).join('\n'));
}

describe('corpus: no warning from PL/pgSQL bodies, triggers and view dependencies', function () {
  before(async function () {
    await loadParser();
  });

  it('has projects with PL/pgSQL bodies', function () {
    const texts = folders(CORPUS).flatMap((p) => fs.readdirSync(path.join(CORPUS, p)).filter((f) => /\.sql$/.test(f)).map((f) => fs.readFileSync(path.join(CORPUS, p, f), 'utf8')));
    const count = texts.reduce((n, t) => n + (t.match(/language\s+'?plpgsql/gi)?.length ?? 0), 0);
    console.log(`      ${count} PL/pgSQL functions and DO blocks in shared/corpus`);
    assert.ok(count > 20, `expected the corpus to hold PL/pgSQL bodies, found ${count}`);
  });

  for (const project of folders(CORPUS)) {
    it(project, function () {
      this.timeout(120_000);
      const files = fs.readdirSync(path.join(CORPUS, project)).filter((f) => /^\d+.*\.sql$/.test(f)).sort();
      assertNone(project, bodyFindings(files.map((rel) => ({ rel, text: fs.readFileSync(path.join(CORPUS, project, rel), 'utf8') }))));
    });
  }

  const histories = folders(HISTORIES).filter((d) => fs.existsSync(path.join(HISTORIES, d, 'schemasense-history.json')));
  if (!histories.length) it('the real-history corpus (absent: node scripts/histories-corpus.js builds it)');
  for (const project of histories) {
    it(`real history: ${project}`, function () {
      this.timeout(300_000);
      const { order } = JSON.parse(fs.readFileSync(path.join(HISTORIES, project, 'schemasense-history.json'), 'utf8')) as { order: string[] };
      assertNone(project, bodyFindings(order.map((rel) => ({ rel, text: forwardText(fs.readFileSync(path.join(HISTORIES, project, rel), 'utf8')) }))));
    });
  }
});
