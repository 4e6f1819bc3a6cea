import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The PostgreSQL TextMate grammar (syntaxes/) run through vscode-textmate by vscode-tmgrammar-test:
 * assertion files (test/grammar/assertions: `-- ^^^ scope` lines under each feature) and snapshot files
 * (test/grammar/snapshots/*.sql against their committed .snap; refresh with `npm run grammar-snapshots`
 * after an intended change and review the diff).
 */
const repo = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const grammarPath = path.join(repo, 'syntaxes/postgresql.tmLanguage.json');
const scopeName: string = JSON.parse(fs.readFileSync(grammarPath, 'utf8')).scopeName;

function runTool(bin: 'unit.js' | 'snapshot.js', args: string[]): void {
  const tool = path.join(repo, 'node_modules/vscode-tmgrammar-test/dist', bin);
  const r = spawnSync(process.execPath, [tool, '-g', grammarPath, ...args], { cwd: repo, encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `vscode-tmgrammar-test ${bin} failed:\n${r.stdout}${r.stderr}`);
}

describe('PostgreSQL grammar', function () {
  this.timeout(60_000);

  it('is contributed for the sql language id with its own scope name', () => {
    const entry = manifest.contributes.grammars.find((g: { path: string }) => path.resolve(repo, g.path) === grammarPath);
    assert.deepStrictEqual(entry, { language: 'sql', scopeName, path: './syntaxes/postgresql.tmLanguage.json' });
  });

  it('gives each PostgreSQL feature its scopes (assertion files)', () => {
    runTool('unit.js', ['test/grammar/assertions/*.sql']);
  });

  it('tokenizes realistic migrations as recorded (snapshot files)', () => {
    // The snapshot tool silently writes a missing .snap instead of failing.
    const dir = path.join(repo, 'test/grammar/snapshots');
    const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.sql'));
    assert.ok(cases.length > 0, `no snapshot cases in ${dir}`);
    for (const c of cases) assert.ok(fs.existsSync(path.join(dir, `${c}.snap`)), `${c} has no committed ${c}.snap`);
    runTool('snapshot.js', ['-s', scopeName, 'test/grammar/snapshots/*.sql']);
  });
});
