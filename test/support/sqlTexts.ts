/**
 * Real SQL to hold a plain-JavaScript reading of the text against the real scanner: every file of the
 * migration histories next to the repository (`../shared/corpus`) and, when `.test-tmp/pg-regress` holds
 * them, of PostgreSQL's regression tests. Either folder may be absent; what is there is read in name order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../postgres/parityFormat';
import { suiteDir } from '../fidelity/harness';
import { readSuite } from '../fidelity/regressOracle';

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

/**
 * Every history file of ../shared/corpus, the sample project's migrations and PostgreSQL's regression files, by
 * name. The regression suite is required, as by the fidelity harness: readSuite says how to get it when it is missing.
 */
export function namedSqlTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const add = (folder: string, prefix: string) => {
    for (const f of fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).sort()) out.push({ name: `${prefix}/${f}`, text: fs.readFileSync(path.join(folder, f), 'utf8') });
  };
  if (fs.existsSync(CORPUS)) {
    for (const project of fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort()) add(path.join(CORPUS, project), project);
  }
  add(path.join(repoRoot(), 'examples', 'sample-project', 'database', 'migrations'), 'sample');
  add(path.join(readSuite(suiteDir()).dir, 'sql'), 'regress');
  return out;
}
