import type { Catalog } from '../catalog/types';
import type { Problem } from '../types';
import { analyzeDocument } from '../analyzeDocument';
import { confirmLater } from '../diagnostics/runtime';

export interface MigrationFile {
  path: string;
  text: string;
}

export interface MigrationHistory {
  /** Files in the order their tool applies them. */
  files: readonly MigrationFile[];
  /** The catalog that a file sees: the base, then every earlier file. Undefined for a path not in the history. */
  catalogBefore(path: string): Catalog | undefined;
  /** The catalog after the whole history: what a SQL file outside the history sees. */
  catalogAfter: Catalog;
  /**
   * Problems of each file, by path (empty for a path not in the history). A body or trigger problem is
   * kept only if it is still there in the catalog after the whole history.
   */
  problems(path: string): Problem[];
}

/** Replays already ordered migration files on top of a base catalog. */
export function buildHistory(files: readonly MigrationFile[], base: Catalog): MigrationHistory {
  const before = new Map<string, Catalog>();
  const problems = new Map<string, Problem[]>();
  let catalog = base;
  for (const file of files) {
    before.set(file.path, catalog);
    const analysis = analyzeDocument(file.text, catalog, file.path);
    problems.set(file.path, analysis.problems);
    catalog = analysis.catalogAfter;
  }
  return {
    files,
    catalogBefore: (path) => before.get(path),
    catalogAfter: catalog,
    problems: (path) => confirmLater(problems.get(path) ?? [], [catalog]),
  };
}
