import * as path from 'path';
import { pathToFileURL } from 'url';

/**
 * Where SchemaSense's own docs are: `docs/` next to `dist/` (the bundles, and the .vsix, which ships
 * docs/rules), or next to `out/server/src` when run from the compiled tests. A problem's `docs` (e.g.
 * `docs/rules/drop-column.md`) becomes a file URI an editor opens and SARIF links as helpUri.
 */
export function docsUri(relative: string): string {
  return pathToFileURL(path.join(packageRoot(), relative)).toString();
}

function packageRoot(): string {
  // dist/server.js, dist/cli.js → ..; out/server/src/project/docsLocation.js → ../../../..
  const here = __dirname;
  return path.basename(here) === 'dist' ? path.dirname(here) : path.resolve(here, '..', '..', '..', '..');
}
