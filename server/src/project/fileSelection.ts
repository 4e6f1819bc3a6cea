import * as path from 'path';
import { minimatch } from 'minimatch';

/**
 * Which SQL files of a workspace folder are analysed. `exclude` globs always win; with `include` globs,
 * exactly the files they match; otherwise every SQL file of a folder that shows it is a PostgreSQL project
 * (a postgresql datasource in schema.prisma, a supabase or migrations folder, or a database URL). A folder
 * with none of these signals is left alone, so SQL of other dialects is not flagged.
 * Globs are relative to the folder, with `**` and braces as in VS Code (`db/**`, `**\/*.{sql,psql}`).
 */
export interface FileSelection {
  analysed(file: string): boolean;
  /** Which files and why, for the log: `all (PostgreSQL signals: migrations folder)`, `none (...)`. */
  reason: string;
}

export interface SelectionInput {
  root: string;
  include?: readonly string[];
  exclude?: readonly string[];
  /** The signals found, e.g. `schema.prisma (postgresql)`, `migrations folder`. */
  signals: readonly string[];
}

export function fileSelection(input: SelectionInput): FileSelection {
  const matches = (globs: readonly string[] | undefined, file: string) => {
    const rel = path.relative(input.root, file).split(path.sep).join('/');
    return !!globs?.some((g) => minimatch(rel, g.replace(/^\.\//, ''), { dot: true }));
  };
  const exclude = input.exclude?.length ? input.exclude : undefined;
  if (input.include?.length) {
    return { analysed: (f) => matches(input.include, f) && !matches(exclude, f), reason: `those of schemasense.include${exclude ? ' but not of exclude' : ''}` };
  }
  const any = input.signals.length > 0;
  return {
    analysed: (f) => any && !matches(exclude, f),
    reason: any
      ? `all${exclude ? ' but those of schemasense.exclude' : ''} (PostgreSQL signals: ${input.signals.join(', ')})`
      : 'none (no PostgreSQL signal: a postgresql schema.prisma, a migrations or supabase folder, or a database URL)',
  };
}
