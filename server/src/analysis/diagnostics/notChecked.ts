import type { Problem, Span } from '../types';

/**
 * "No silent skips": a statement the analysis could not check in full gets one information-level note (never
 * an error), with a stable code, so the user can tell a clean file from one that was partly skipped.
 * At most one per statement (analyzeDocument keeps the first reason), and only where a check was really
 * left out: a name we could not look up, or dynamic SQL we cannot see into.
 */
export const NOT_CHECKED = 'not-checked';

/** Why something was not checked; also the categories of the CLI's summary. */
export type NotCheckedReason = 'dynamic SQL' | 'unknown schema' | 'unknown search_path' | 'earlier error' | 'may have been refused';

export const NOT_CHECKED_REASONS: readonly NotCheckedReason[] = ['dynamic SQL', 'unknown schema', 'unknown search_path', 'earlier error', 'may have been refused'];

export function notChecked(span: Span, reason: NotCheckedReason, detail: string): Problem {
  return { span, code: NOT_CHECKED, message: `not checked (${reason}): ${detail}`, severity: 'information' };
}

/** The reason of a not-checked note, from its message; undefined for any other problem. */
export function notCheckedReason(problem: Pick<Problem, 'code' | 'message'>): NotCheckedReason | undefined {
  if (problem.code !== NOT_CHECKED) return undefined;
  return NOT_CHECKED_REASONS.find((r) => problem.message.startsWith(`not checked (${r})`));
}

export const notCheckedDetail = {
  dynamicStatement: () => 'the SQL it runs dynamically (EXECUTE) is not known before it runs; names that SQL may create or change are not reported from here on',
  uncertainName: (name: string) => `"${name}" is a name dynamic SQL may have created or changed`,
  rejectedName: (name: string) => `"${name}" would have been made by an earlier statement reported as an error`,
  refusableName: (name: string) =>
    `"${name}" was changed by an earlier statement PostgreSQL may have refused (for a dependency, a privilege or a read-only transaction the analysis does not follow)`,
  openSchema: (schema: string, name: string) => `"${name}" may be in schema "${schema}", whose content is not known (connect a database to check it)`,
  searchPath: (name: string) => `"${name}" is looked up along a search_path that is not known`,
};
