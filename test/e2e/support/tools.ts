import * as fs from 'fs';
import * as path from 'path';

/**
 * Where the editor tests find the repository, Debian's chromium and code-server (installed by
 * scripts/install-editor-deps.sh into .test-tmp/code-server). A missing tool fails the run with the
 * command that installs it: the editor tests never skip.
 *
 * Environment: `SCHEMASENSE_CHROMIUM` and `SCHEMASENSE_CODE_SERVER` point at other binaries.
 */
export const repoRoot = path.resolve(__dirname, fs.existsSync(path.resolve(__dirname, '../../../package.json')) ? '../../..' : '../../../..');

/** Temporary files of the editor tests that are worth keeping after a run (vsix, screenshots). */
export const e2eTmp = path.join(repoRoot, '.test-tmp/e2e');

const INSTALL_HINT = 'Run scripts/install-editor-deps.sh (Debian chromium, and code-server 4.100.3 into .test-tmp/code-server; .ci/run does this).';

export interface EditorTools {
  chromium: string;
  codeServer: string;
}

export function editorTools(): EditorTools {
  const chromium = process.env.SCHEMASENSE_CHROMIUM || '/usr/bin/chromium';
  const codeServer = process.env.SCHEMASENSE_CODE_SERVER || path.join(repoRoot, '.test-tmp/code-server/node_modules/.bin/code-server');
  const missing = Object.entries({ chromium, 'code-server': codeServer }).filter(([, file]) => !fs.existsSync(file));
  if (missing.length) {
    throw new Error(`${missing.map(([name, file]) => `${name} not found at ${file}`).join('; ')}. ${INSTALL_HINT}`);
  }
  return { chromium, codeServer };
}
