import type { Relation } from '../catalog/types';
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

/**
 * A relation that does not exist, with what it likely meant: the table a schema.prisma model of that name
 * is mapped to (`"User"` → `users`), else a near spelling among `relations`.
 */
export function undefinedRelation(span: Span, written: string, name: string, relations: readonly Relation[], quiet?: boolean): Problem {
  const message = undefinedTableMessage.relation(written);
  if (quiet) return undefinedTable(span, message);
  const model = relations.find((r) => r.prismaModel !== undefined && r.prismaModel.toLowerCase() === name.toLowerCase());
  if (model) {
    const hint = `Perhaps you meant relation "${model.name}": the Prisma model ${model.prismaModel} is mapped to it.`;
    return { ...undefinedTable(span, message, hint), replacements: [model.name] };
  }
  const near = nearSpellings(name, relations.map((r) => r.name)).slice(0, 3);
  const problem = undefinedTable(span, message, near.length ? `Perhaps you meant relation "${near[0]}".` : undefined);
  return near.length ? { ...problem, replacements: near } : problem;
}

export function nearNameHint(name: string, candidates: Iterable<string>, what = ''): string | undefined {
  const near = nearSpellings(name, candidates)[0];
  return near ? `Perhaps you meant ${what}"${near}".` : undefined;
}
