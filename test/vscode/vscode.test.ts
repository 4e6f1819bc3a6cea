import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The editor scenarios through the VS Code API (test/vscode/suite), in a VS Code build started by
 * @vscode/test-electron. It needs `VSCODE_EXECUTABLE` (the path of a VS Code binary): test-electron would
 * otherwise download one, which cannot work offline. Without it this suite is reported as pending; the
 * same scenarios run on screen in code-server (test/e2e), which is what CI runs here.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const executable = process.env.VSCODE_EXECUTABLE;

describe('SchemaSense in a VS Code build (@vscode/test-electron)', function () {
  if (!executable) {
    it('runs the editor scenarios through the VS Code API — skipped: set VSCODE_EXECUTABLE to a VS Code binary (test/e2e covers them in code-server)', function () {
      this.skip();
    });
    return;
  }

  it(`runs the editor scenarios through the VS Code API in ${executable}`, async function () {
    this.timeout(600_000);
    assert.ok(fs.existsSync(executable), `VSCODE_EXECUTABLE=${executable} does not exist`);
    const { runTests } = await import('@vscode/test-electron');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-vscode-'));
    try {
      const folder = path.join(dir, 'sample-project');
      fs.cpSync(path.join(repoRoot, 'examples/sample-project'), folder, { recursive: true });
      const exitCode = await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: path.join(__dirname, 'suite/index.js'),
        // The embedded database lives in the cache folder: a private one keeps the user's untouched.
        extensionTestsEnv: { XDG_CACHE_HOME: path.join(dir, 'cache') },
        launchArgs: [
          folder,
          '--disable-extensions',
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--user-data-dir', path.join(dir, 'user-data'),
          '--extensions-dir', path.join(dir, 'extensions'),
        ],
      });
      assert.strictEqual(exitCode, 0, 'the scenarios failed inside VS Code (their output is above)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
