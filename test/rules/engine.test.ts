import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, analyzeDocument, checkRules, emptyCatalog, loadParser, RULES } from '../../server/src/analysis';
import { parseProjectConfig } from '../../server/src/project/config';
import { findingsOf, formatSarif, formatJson } from '../../server/src/cli/format';
import { fileURLToPath } from 'url';
import { repoRoot } from '../postgres/parityFormat';
import { findingsIn, historyPath } from './support';

const T = 'create table t (id int primary key, a int);';

describe('rule engine', function () {
  before(loadParser);

  it('every rule has a unique kebab-case id and a docs page', function () {
    const ids = ALL_RULES.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(fs.existsSync(path.join(repoRoot(), 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`);
    }
  });

  it('reports problems with the rule id as code and the docs page', function () {
    const before = analyzeDocument(T, emptyCatalog(), historyPath(0)).catalogAfter;
    const analysis = analyzeDocument('create index t_a on t (a);', before, historyPath(1));
    const problems = checkRules(analysis, { file: historyPath(1) });
    assert.deepStrictEqual(problems.map((p) => [p.code, p.severity, p.docs]), [['index-blocks-writes', 'warning', 'docs/rules/index-blocks-writes.md']]);
    assert.strictEqual(analysis.parsed.text.slice(problems[0].span.start, problems[0].span.end), 'create index');
  });

  it('SARIF names each rule with its summary and its docs page as helpUri; JSON gives the id as code', function () {
    const before = analyzeDocument(T, emptyCatalog(), historyPath(0)).catalogAfter;
    const text = 'create index t_a on t (a);';
    const problems = checkRules(analyzeDocument(text, before, historyPath(1)), { file: historyPath(1) });
    const findings = findingsOf('002_m.sql', '002_m.sql', text, problems);
    const sarif = JSON.parse(formatSarif(findings));
    const rule = sarif.runs[0].tool.driver.rules[0];
    assert.strictEqual(rule.id, 'index-blocks-writes');
    assert.strictEqual(rule.shortDescription.text, RULES.find((r) => r.id === 'index-blocks-writes')!.summary);
    assert.ok(fs.existsSync(fileURLToPath(rule.helpUri)), rule.helpUri);
    assert.strictEqual(sarif.runs[0].results[0].level, 'warning');
    assert.deepStrictEqual(JSON.parse(formatJson(findings)).map((f: { code: string; severity: string }) => [f.code, f.severity]), [['index-blocks-writes', 'warning']]);
  });

  it('settings change a severity or turn a rule off', function () {
    const one = (settings: Record<string, 'error' | 'off'>) => findingsIn('index-blocks-writes', [T], 'create index t_a on t (a);', { settings });
    assert.strictEqual(one({ 'index-blocks-writes': 'error' })[0].severity, 'error');
    assert.strictEqual(one({ 'index-blocks-writes': 'off' }).length, 0);
  });

  it('-- schemasense-ignore suppresses the next statement only; -ignore-file the file', function () {
    const file = '-- schemasense-ignore index-blocks-writes: built at night\ncreate index t_a on t (a);\ncreate index t_b on t (a);\n';
    assert.strictEqual(findingsIn('index-blocks-writes', [T], file).length, 1);
    const whole = '-- schemasense-ignore-file index-blocks-writes: small table\ncreate index t_a on t (a);\ncreate index t_b on t (a);\n';
    assert.strictEqual(findingsIn('index-blocks-writes', [T], whole).length, 0);
    assert.strictEqual(findingsIn('unused-suppression', [T], whole).length, 0);
  });

  it('warns when a suppression suppresses nothing, or names an unknown rule', function () {
    const unused = findingsIn('unused-suppression', [T], '-- schemasense-ignore drop-column: not needed\ncreate index t_a on t (a);\n');
    assert.strictEqual(unused.length, 1);
    assert.match(unused[0].finding.message, /suppresses nothing/);
    const unknown = findingsIn('unused-suppression', [T], '-- schemasense-ignore no-such-rule\nselect 1;\n');
    assert.match(unknown[0].finding.message, /unknown rule "no-such-rule"/);
    // A rule turned off in the settings: its suppressions are not reported.
    assert.strictEqual(findingsIn('unused-suppression', [T], '-- schemasense-ignore drop-column\nselect 1;\n', { settings: { 'drop-column': 'off' } }).length, 0);
  });

  it('skips the down section of a file', function () {
    const file = 'select 1;\n-- migrate:down\ndrop table t;\n';
    const forward = file.replace(/-- migrate:down[\s\S]*/, (m) => m.replace(/[^\n]/g, ' '));
    assert.strictEqual(findingsIn('drop-table', [T], file, { forward }).length, 0);
    assert.strictEqual(findingsIn('drop-table', [T], file).length, 1);
  });

  it('reads "rules" from .schemasense.json and settings, refusing unknown ids and severities', function () {
    assert.deepStrictEqual(parseProjectConfig({ rules: { 'drop-column': 'off' } }, 'x').rules, { 'drop-column': 'off' });
    assert.deepStrictEqual(parseProjectConfig({ 'schemasense.rules': {} }, 'x').rules, undefined);
    assert.throws(() => parseProjectConfig({ rules: { nope: 'off' } }, 'x'), /unknown rule "nope"/);
    assert.throws(() => parseProjectConfig({ rules: { 'drop-column': 'loud' } }, 'x'), /must be one of/);
  });

  it('package.json lists every rule under schemasense.rules', function () {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties['schemasense.rules'].properties;
    assert.deepStrictEqual(Object.keys(props).sort(), ALL_RULES.map((r) => r.id).sort());
    assert.ok(RULES.length >= 20);
  });
});
