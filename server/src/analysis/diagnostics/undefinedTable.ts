import type { Problem, Span } from '../types';
import { nearSpellings } from './nearSpelling';

/** 42P01 undefined_table: a relation that does not exist, or a qualifier that names no FROM item. */
export function undefinedTable(span: Span, message: string, hint?: string): Problem {
  return { span, code: '42P01', message, hint, severity: 'error' };
}

export const undefinedTableMessage = {
  relation: (name: string) => `relation "${name}" does not exist`,
  /** DROP TABLE/VIEW without IF EXISTS names its object kind. */
  dropped: (kind: string, name: string) => `${kind} "${name}" does not exist`,
  missingFromEntry: (name: string) => `missing FROM-clause entry for table "${name}"`,
  invalidReference: (name: string) => `invalid reference to FROM-clause entry for table "${name}"`,
};

export function nearNameHint(name: string, candidates: Iterable<string>, what = ''): string | undefined {
  const near = nearSpellings(name, candidates)[0];
  return near ? `Perhaps you meant ${what}"${near}".` : undefined;
}
