/**
 * The catalogs the edit harnesses type against, by name (saved regression cases name theirs): a small
 * history of their own, the sample project's history before its 015 migration, and nothing at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, buildHistory, emptyCatalog, type Catalog } from '../../server/src/analysis';
import { repoRoot } from '../postgres/parityFormat';

/** The history of the stdio harness's workspace: `migrations/001_init.sql`. */
export const TEAMS_HISTORY =
  'create table teams (id int primary key, name text);\n' +
  'create table team_members (team_id int references teams (id), profile_id int, role text);\n' +
  'create table projects (id int primary key, team_id int references teams (id), title text);\n';

export const SAMPLE_MIGRATIONS = path.join(repoRoot(), 'examples', 'sample-project', 'database', 'migrations');

export type BaseName = 'teams' | 'sample-015' | 'empty';

const cache = new Map<BaseName, Catalog>();

export function baseCatalog(name: BaseName): Catalog {
  let catalog = cache.get(name);
  if (!catalog) {
    if (name === 'teams') catalog = analyzeDocument(TEAMS_HISTORY, emptyCatalog(), 'migrations/001_init.sql').catalogAfter;
    else if (name === 'sample-015') {
      const files = fs.readdirSync(SAMPLE_MIGRATIONS).filter((f) => f.endsWith('.sql')).sort().slice(0, 14);
      catalog = buildHistory(files.map((f) => ({ path: path.join(SAMPLE_MIGRATIONS, f), text: fs.readFileSync(path.join(SAMPLE_MIGRATIONS, f), 'utf8') })), emptyCatalog()).catalogAfter;
    } else catalog = emptyCatalog();
    cache.set(name, catalog);
  }
  return catalog;
}

/** The text of the sample's 015 migration: a starting document for the harness. */
export function sample015(): string {
  const f = fs.readdirSync(SAMPLE_MIGRATIONS).filter((n) => n.startsWith('015'))[0];
  return fs.readFileSync(path.join(SAMPLE_MIGRATIONS, f), 'utf8');
}
