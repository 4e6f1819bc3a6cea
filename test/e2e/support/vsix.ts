import { spawnSync } from 'child_process';
import * as path from 'path';
import { e2eTmp, repoRoot } from './tools';

/**
 * The extension as users get it: the .vsix that `npm run package` makes (scripts/package.js), from the
 * bundles in dist/ (`npm test` builds them first). Packaged once per run.
 */
let packaged: string | undefined;

export function packagedVsix(): string {
  if (packaged) return packaged;
  const out = path.join(e2eTmp, 'schemasense.vsix');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/package.js'), '--out', out], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the extension failed:\n${r.stdout}${r.stderr}`);
  packaged = out;
  return out;
}
