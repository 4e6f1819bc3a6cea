/**
 * Real SQL to hold a plain-JavaScript reading of the text against the real scanner: every file of the
 * migration histories next to the repository (`../shared/corpus`) and, when `.test-tmp/pg-regress` holds
 * them, of PostgreSQL's regression tests. Either folder may be absent; what is there is read in name order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../postgres/parityFormat';

export const CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');
export const REGRESS = path.join(repoRoot(), '.test-tmp', 'pg-regress', 'sql');

export function* sqlFiles(options: { regress?: boolean } = {}): Generator<string> {
  if (fs.existsSync(CORPUS)) {
    for (const project of fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort()) yield* sqlIn(path.join(CORPUS, project));
  }
  if (options.regress && fs.existsSync(REGRESS)) yield* sqlIn(REGRESS);
}

function* sqlIn(folder: string): Generator<string> {
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) yield fs.readFileSync(path.join(folder, file), 'utf8');
}
