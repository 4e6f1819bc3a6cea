import * as fs from 'fs';
import * as path from 'path';
import { codeActions, type Fix } from '../../server/src/features/fixes';
import { Workspace } from '../../server/src/project/workspace';
import { repoRoot } from '../postgres/parityFormat';

/**
 * The join-path cases of test/fixtures/fixes: a migration history whose last file has a view joined on a
 * column the joined table lacks, seed data, and a hand-written query of the per-customer key count the
 * view is meant to return (`customer_id, key_count`, as the view's `view.sql` selects it).
 */
export interface JoinCase {
  name: string;
  root: string;
  /** The migration files in order; the last one is the buggy one. */
  migrations: string[];
  seed: string;
  reference: string;
  view: string;
  /** The fixes its problem is expected to get, in order. */
  titles: string[];
  /** The one preferred (the subquery along a many-to-one path, the aggregate along a one-to-many one). */
  preferred: string;
}

const FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'fixes');

function joinCase(name: string, root: string, migrationsDir: string, titles: string[], preferred = titles[0]): JoinCase {
  const read = (f: string) => fs.readFileSync(path.join(FIXTURES, name, f), 'utf8');
  const migrations = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(migrationsDir, f));
  return { name, root, migrations, seed: read('seed.sql'), reference: read('reference.sql'), view: read('view.sql'), titles, preferred };
}

const own = (name: string, titles: string[], preferred?: string) =>
  joinCase(name, path.join(FIXTURES, name), path.join(FIXTURES, name, 'migrations'), titles, preferred);
const sample = path.join(repoRoot(), 'examples', 'sample-project');

export const JOIN_CASES: JoinCase[] = [
  joinCase('sample-project', sample, path.join(sample, 'database', 'migrations'), [
    'Join api_keys through api_clients (subquery)',
    'Join api_keys through api_clients (extra join)',
    'Aggregate api_keys per customer in a subquery',
  ]),
  own('two-hops', [
    'Join tokens through members, teams (subquery)',
    'Join tokens through members, teams (extra join)',
    'Aggregate tokens per customer in a subquery',
  ]),
  own('three-hops', [
    'Join secrets through environments, projects, workspaces (subquery)',
    'Join secrets through environments, projects, workspaces (extra join)',
    'Aggregate secrets per org in a subquery',
  ]),
  // The joined table is used in the condition outside an aggregate: no aggregate rewrite.
  own('four-hops', [
    'Join device_keys through devices, floors, buildings, sites (subquery)',
    'Join device_keys through devices, floors, buildings, sites (extra join)',
  ]),
  // licenses → license_assignments is one-to-many: the join rewrites repeat a license per assignment (the
  // view's COUNT(DISTINCT) hides it here, other queries would not); the aggregate of COUNT(DISTINCT) is preferred.
  own(
    'shared-licenses',
    [
      'Join licenses through license_assignments, users (subquery, one row per license assignment)',
      'Join licenses through license_assignments, users (extra join, one row per license assignment)',
      'Aggregate licenses per customer in a subquery',
    ],
    'Aggregate licenses per customer in a subquery',
  ),
];

export interface CheckedFile {
  workspace: Workspace;
  file: string;
  text: string;
  fixes: Fix[];
}

/** A file of the case's workspace checked as the editor checks it, and every fix of its problems. */
export async function checkFile(root: string, file: string, text = fs.readFileSync(file, 'utf8')): Promise<CheckedFile> {
  const workspace = await Workspace.open({ root });
  const problems = workspace.check(file, text);
  return { workspace, file, text, fixes: codeActions(text, workspace.catalogFor(file), problems, { start: 0, end: text.length }, file) };
}
