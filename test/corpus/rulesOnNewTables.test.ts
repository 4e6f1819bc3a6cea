/**
 * The noise a file-at-a-time linter makes on real histories: CREATE INDEX, ADD COLUMN, ADD CONSTRAINT, ALTER
 * COLUMN on a table created earlier in the same file are harmless (the table is new and empty, invisible to
 * other sessions until COMMIT). Every such statement of ../shared/corpus must get no lock, scan or rewrite
 * finding from the migration safety rules.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, emptyCatalog, loadParser, ruleFindings, type Catalog } from '../../server/src/analysis';
import { lookupRelation } from '../../server/src/analysis/catalog/lookup';
import { repoRoot } from '../postgres/parityFormat';

const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');
/** The rules about locks, scans and rewrites: silent on new tables by design. */
const LOCK_RULES = new Set([
  'index-blocks-writes', 'drop-index-blocks-table', 'add-column-not-null-without-default', 'add-column-rewrite', 'alter-column-type-rewrite',
  'set-not-null-scan', 'constraint-without-not-valid', 'unique-constraint-builds-index', 'validate-in-same-transaction',
  'drop-column', 'drop-table', 'truncate-table', 'rename-column', 'rename-table',
]);

describe('corpus: no safety warning on tables created in the same file', function () {
  before(loadParser);

  it('flags none of the statements a naive linter flags only because it cannot see the table is new', function () {
    this.timeout(300_000);
    assert.ok(fs.existsSync(CORPUS), CORPUS);
    let naive = 0;
    const noise: string[] = [];
    for (const project of fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort()) {
      let catalog: Catalog = emptyCatalog();
      const files = fs.readdirSync(path.join(CORPUS, project)).filter((f) => /^\d+.*\.sql$/.test(f)).sort();
      for (const f of files) {
        const file = path.join(CORPUS, project, f);
        const analysis = analyzeDocument(fs.readFileSync(file, 'utf8'), catalog, file);
        const findings = ruleFindings(analysis, { file });
        analysis.parsed.statements.forEach((s, i) => {
          const node = s.node;
          const [kind] = Object.keys(node ?? {});
          const rv = kind === 'IndexStmt' || kind === 'AlterTableStmt' ? node![kind].relation : undefined;
          if (!rv?.relname) return;
          const session = analysis.sessionBefore(i);
          const found = lookupRelation(session.catalog, session.searchPath, rv.schemaname, rv.relname);
          if (found.kind !== 'found' || found.relation.origin?.file !== file) return;
          naive++;
          for (const x of findings) if (x.statement === i && LOCK_RULES.has(x.rule.id)) noise.push(`${project}/${f}:${s.line + 1}: ${x.rule.id}`);
        });
        catalog = analysis.catalogAfter;
      }
    }
    console.log(`      ${naive} statements on tables created in their own file; ${noise.length} safety warnings on them`);
    assert.ok(naive > 50, `the corpus has such statements (${naive})`);
    assert.deepStrictEqual(noise, []);
  });
});
