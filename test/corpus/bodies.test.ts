/**
 * The PL/pgSQL bodies of the real histories in ../shared/corpus (the Supabase ones are full of them): every
 * file ran on PostgreSQL 15, and their functions and triggers run in those projects, so no body warning
 * may remain once the whole history is known (runtime problems confirmed against the catalog after it, as
 * the workspace does).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog, type Problem } from '../../server/src/analysis';
import { confirmLater } from '../../server/src/analysis/diagnostics/runtime';
import { repoRoot } from '../postgres/parityFormat';

const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');

const projects = (): string[] =>
  fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : [];

/** A problem of a body or a trigger: found only when the code runs. */
const isRuntime = (p: Problem) => p.stillWrongIn !== undefined || /raises this when/.test(p.hint ?? '');

describe('corpus: no warning from PL/pgSQL bodies', function () {
  before(async function () {
    await loadParser();
  });

  it('has projects with PL/pgSQL bodies', function () {
    const bodies = projects().flatMap((p) => fs.readdirSync(path.join(CORPUS, p)).filter((f) => /\.sql$/.test(f)).map((f) => fs.readFileSync(path.join(CORPUS, p, f), 'utf8')));
    const count = bodies.reduce((n, t) => n + (t.match(/language\s+'?plpgsql/gi)?.length ?? 0), 0);
    console.log(`      ${count} PL/pgSQL functions and DO blocks in the corpus`);
    assert.ok(count > 20, `expected the corpus to hold PL/pgSQL bodies, found ${count}`);
  });

  for (const project of projects()) {
    it(project, function () {
      this.timeout(120_000);
      const files = fs.readdirSync(path.join(CORPUS, project)).filter((f) => /^\d+.*\.sql$/.test(f)).sort();
      let catalog: Catalog = emptyCatalog();
      const found: { file: string; text: string; problems: Problem[] }[] = [];
      for (const f of files) {
        const text = fs.readFileSync(path.join(CORPUS, project, f), 'utf8');
        const analysis = analyzeDocument(text, catalog, f);
        catalog = analysis.catalogAfter;
        found.push({ file: f, text, problems: analysis.problems.filter(isRuntime) });
      }
      const lines = found.flatMap(({ file, text, problems }) =>
        confirmLater(problems, [catalog]).map((p) => `${file}:${text.slice(0, p.span.start).split('\n').length}: ${p.code} ${p.message} \`${text.slice(p.span.start, p.span.end)}\``),
      );
      if (lines.length) assert.fail(`${lines.length} body warning(s) in ${project}:\n` + lines.map((l) => '    ' + l).join('\n'));
    });
  }
});
