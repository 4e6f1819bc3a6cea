/**
 * The incremental analysis on a generated history, against a fresh one: a migration of views, functions,
 * triggers, DDL and DML over a generated catalog (the benchmark's workload, smaller), edited where an edit
 * changes what later statements see — a column name in an ADD COLUMN, a name in a view, a function body, an
 * index name, a whole statement deleted or repeated. Each edit is analysed from the one before (as while
 * typing) and compared with a fresh analysis of the same text: statements, problems, the session before every
 * statement, completion and hover at sample positions, and the safety rules' findings (which reuse their
 * findings per statement across edits). This is where an edit's effect is replayed over many later
 * statements (analysis/sessionDelta.ts) instead of analysing them again.
 */
import * as assert from 'assert';
import { analyzeDocument, emptyCatalog, loadParser, type Catalog, type DocumentAnalysis } from '../../server/src/analysis';
import { checkRules } from '../../server/src/analysis/rules/engine';
import { generateCatalog } from '../../bench/workloads/catalog';
import { MigrationWriter } from '../../bench/workloads/migration';
import { dependentEdit, Random } from './edits';
import { compare } from './differential';

const FILE = '/m/002_generated.sql';
const rulesOf = (a: DocumentAnalysis) => JSON.stringify(checkRules(a, { file: FILE }).map((p) => [p.code, p.span.start, p.span.end, p.message]));

describe('incremental analysis on a generated history equals a fresh analysis', function () {
  this.timeout(600_000);
  let base: Catalog;
  let initial: string;
  before(async () => {
    await loadParser();
    const catalog = generateCatalog(40, 20261201);
    base = analyzeDocument(catalog.sql, emptyCatalog(), '/m/001_schema.sql').catalogAfter;
    initial = new MigrationWriter(catalog, 11).file(700);
  });

  it('150 edits of DDL that later statements depend on: no mismatch, rules included', () => {
    const rng = new Random(7);
    let text = initial;
    let previous = analyzeDocument(text, base, FILE);
    let changedProblems = 0;
    for (let step = 0; step < 150; step++) {
      text = dependentEdit(text, rng);
      const incremental = analyzeDocument(text, base, FILE, previous);
      const fresh = analyzeDocument(text, base, FILE);
      const diff = compare(incremental, fresh, 2);
      assert.strictEqual(diff, undefined, `step ${step}: ${diff?.what}\nincremental: ${diff?.incremental.slice(0, 400)}\nfresh: ${diff?.fresh.slice(0, 400)}`);
      assert.strictEqual(rulesOf(incremental), rulesOf(fresh), `step ${step}: rule findings`);
      if (incremental.problems.length !== previous.problems.length) changedProblems++;
      previous = incremental;
    }
    // The edits must reach something: a harness whose edits never change a problem proves little.
    assert.ok(changedProblems >= 10, `only ${changedProblems} edits changed the problems`);
  });
});
