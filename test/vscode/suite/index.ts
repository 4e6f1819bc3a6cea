import * as path from 'path';
import Mocha from 'mocha';

/**
 * Entry point VS Code calls in its extension host (`--extensionTestsPath`): runs scenarios.js with mocha
 * and rejects when a scenario fails, which makes VS Code exit with a non-zero code.
 * `SCHEMASENSE_VSCODE_GREP` runs only the scenarios whose title matches it.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 120_000, grep: process.env.SCHEMASENSE_VSCODE_GREP });
  mocha.addFile(path.join(__dirname, 'scenarios.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} editor scenario(s) failed`)) : resolve()));
  });
}
