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
  for (const project of corpusProjects()) for (const { text } of namedIn(path.join(CORPUS, project), project)) yield text;
  if (options.regress && fs.existsSync(REGRESS)) for (const { text } of namedIn(REGRESS, 'regress')) yield text;
}

/**
 * Every history file of ../shared/corpus, the sample project's migrations and PostgreSQL's regression files, by
 * name. The regression suite is required, as by the fidelity harness: readSuite says how to get it when it is missing.
 */
export function namedSqlTexts(): { name: string; text: string }[] {
  return [
    ...corpusProjects().flatMap((project) => namedIn(path.join(CORPUS, project), project)),
    ...namedIn(path.join(repoRoot(), 'examples', 'sample-project', 'database', 'migrations'), 'sample'),
    ...namedIn(path.join(readSuite(suiteDir()).dir, 'sql'), 'regress'),
  ];
}

/** The corpus's projects, in name order; none when the folder is absent. */
function corpusProjects(): string[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs.readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
}

/** The .sql files of a folder in name order, named `<prefix>/<file>`. */
function namedIn(folder: string, prefix: string): { name: string; text: string }[] {
  return fs.readdirSync(folder).filter((f) => f.endsWith('.sql')).sort().map((f) => ({ name: `${prefix}/${f}`, text: fs.readFileSync(path.join(folder, f), 'utf8') }));
}
