/**
 * Format Document on real migration histories (../shared/corpus, and the sample project): every file is
 * formatted, the edits applied, and the result checked with the real parser and scanner, independently of
 * the formatter's own check: the same parse tree (locations aside) and the same comments. The statements the
 * formatter refuses are counted and listed, and the list is pinned, so a change of the formatter shows.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as libpg from '@libpg-query/parser';
import { analyzeDocument, emptyCatalog, loadParser } from '../../server/src/analysis';
import { formatDocument } from '../../server/src/features';
import { findLiterals } from '../../server/src/analysis/parser/literals';
import { repoRoot } from '../postgres/parityFormat';

const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');
const SAMPLE = path.join(repoRoot(), 'examples', 'sample-project', 'database', 'migrations');

/** Statements left as written, as `project/file:line why`: none today. */
const REFUSED: string[] = [];

function corpusFiles(): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  if (fs.existsSync(CORPUS)) {
    for (const project of fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()).sort()) {
      for (const f of fs.readdirSync(path.join(CORPUS, project)).filter((f) => /^\d+.*\.sql$/.test(f)).sort()) out.push({ name: `${project}/${f}`, file: path.join(CORPUS, project, f) });
    }
  }
  for (const f of fs.readdirSync(SAMPLE).sort()) out.push({ name: `sample-project/${f}`, file: path.join(SAMPLE, f) });
  return out;
}

const tree = (text: string) => JSON.stringify(libpg.parseSync(text), (k, v) => (k === 'location' || k === 'stmt_location' || k === 'stmt_len' ? undefined : v));
/**
 * Comments as the real scanner sees them (SQL_COMMENT and C_COMMENT tokens), trimmed; where the scanner
 * cannot hand its tokens over (a very long body), by the project's own quoting rules.
 */
function comments(text: string): string[] {
  try {
    return (libpg.scanSync(text).tokens as { tokenName: string; text: string }[]).filter((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT').map((t) => t.text.trim());
  } catch {
    return findLiterals(text).literals.filter((l) => l.comment).map((l) => text.slice(l.start, l.end).trim());
  }
}

describe('formatting round trip on the real-history corpus', function () {
  this.timeout(300_000);
  before(async () => {
    await loadParser();
    await libpg.loadModule();
  });

  it('every file keeps its parse tree and its comments; the refused statements are the pinned list', () => {
    const files = corpusFiles();
    assert.ok(files.length > 100, `corpus: ${files.length} files`);
    const refused: string[] = [];
    let changed = 0;
    let statements = 0;
    for (const { name, file } of files) {
      const text = fs.readFileSync(file, 'utf8');
      const analysis = analyzeDocument(text, emptyCatalog(), file);
      statements += analysis.parsed.statements.length;
      const result = formatDocument(analysis, { keywordCase: 'upper', tabSize: 2, insertSpaces: true });
      for (const r of result.refused) refused.push(`${name}:${text.slice(0, r.span.start).split('\n').length} ${r.why}`);
      const formatted = [...result.edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
      if (formatted !== text) changed++;
      assert.strictEqual(tree(formatted), tree(text), `${name}: the formatted file parses differently`);
      assert.deepStrictEqual(comments(formatted), comments(text), `${name}: comments changed`);
    }
    console.log(`      ${files.length} files, ${statements} statements: ${changed} files reformatted, ${refused.length} statements refused${refused.length ? ':\n        ' + refused.join('\n        ') : ''}`);
    assert.deepStrictEqual(refused, REFUSED);
  });
});
