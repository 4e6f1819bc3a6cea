import * as fs from 'fs';
import * as path from 'path';
import { docsUri } from '../project/docsLocation';

/**
 * SchemaSense's version and home, from its package.json: next to dist/ (the bundles, the .vsix, the npm
 * package) or at the root of the compiled tests (out/server/src/cli). `schemasense --version` prints it; SARIF
 * names it as `driver.version`.
 */
export interface ProductInfo {
  version: string;
  /**
   * Where to read about the tool (SARIF's `informationUri`): package.json's `homepage` when it has one, else
   * the README that ships with it (a file URI, as the rules' helpUri are).
   */
  informationUri: string;
}

let cached: ProductInfo | undefined;

export function productInfo(): ProductInfo {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name === 'schemasense' && pkg.version) {
        cached = { version: pkg.version, informationUri: pkg.homepage ?? docsUri('README.md') };
        return cached;
      }
    } catch {
      // not here: one folder up
    }
    dir = path.dirname(dir);
  }
  cached = { version: '0.0.0', informationUri: docsUri('README.md') };
  return cached;
}
