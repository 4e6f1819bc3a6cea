import type { Catalog, Relation } from '../catalog/types';
import { findJoinPaths, type JoinPath } from '../catalog/foreignKeyPaths';
import type { Problem, Span } from '../types';
import type { StatementContext } from '../context';
import { nearSpellings } from './nearSpelling';
import { isWordPart } from '../parser/literals';

/** 42703 undefined_column: a column name that no relation in reach has. */
export function undefinedColumn(span: Span, message: string, hint?: string): Problem {
  return { span, code: '42703', message, hint, severity: 'error' };
}

/** Postgres's messages for the forms of the error. */
export const undefinedColumnMessage = {
  qualified: (qualifier: string, name: string) => `column ${qualifier}.${name} does not exist`,
  unqualified: (name: string) => `column "${name}" does not exist`,
  ofRelation: (name: string, relation: string) => `column "${name}" of relation "${relation}" does not exist`,
};

/**
 * Why the column is not there and what would reach it: a near spelling among the names that were in
 * reach, else (for a relation) the foreign-key path to a relation that has the column.
 */
export function undefinedColumnHint(
  catalog: Catalog,
  name: string,
  candidates: Iterable<string>,
  relation?: Relation,
  qualifier?: string,
): string | undefined {
  const near = nearSpellings(name, candidates)[0];
  if (near) return `Perhaps you meant ${qualifier ? `${qualifier}.` : ''}${near}.`;
  if (!relation) return undefined;
  const paths = findJoinPaths(catalog, relation, (r) => r.columns.some((c) => c.name === name));
  return paths.length ? describeReach(catalog, relation, name, paths[0]) : undefined;
}

/**
 * A column a statement names on one relation (CREATE INDEX, ALTER TABLE, COMMENT, constraints, trigger
 * column lists): the problem with its hint and the near names a fix may write at its span.
 */
export function undefinedColumnOf(ctx: StatementContext, span: Span, message: string, name: string, candidates: readonly string[]): Problem {
  const problem = undefinedColumn(span, message, columnHint(ctx, name, candidates));
  // A fix writes over the span's last name: only when the span ends with the name (quoted or not). It may
  // start before it, where Postgres places the error (a key's column: at the constraint).
  const written = ctx.statement.text.slice(span.start - ctx.statement.span.start, span.end - ctx.statement.span.start);
  const endsWith = (token: string, folded: boolean) => {
    const tail = written.slice(Math.max(0, written.length - token.length));
    return (folded ? tail.toLowerCase() : tail) === token && !isWordPart(written.charCodeAt(written.length - token.length - 1));
  };
  const holdsName = endsWith(`"${name.replace(/"/g, '""')}"`, false) || endsWith(name, true);
  const replacements = ctx.quiet || !holdsName ? [] : nearSpellings(name, candidates).slice(0, 3);
  return replacements.length ? { ...problem, replacements } : problem;
}

/** The hint in a statement context; none when the context wants no problems (completion, DO-block replay). */
export function columnHint(ctx: StatementContext, name: string, candidates: Iterable<string>, relation?: Relation, qualifier?: string): string | undefined {
  return ctx.quiet ? undefined : undefinedColumnHint(ctx.session.catalog, name, candidates, relation, qualifier);
}

/** `api_keys has no customer_id; it reaches customers through api_clients (api_keys.api_client_id → api_clients.id → api_clients.customer_id)` */
export function describeReach(catalog: Catalog, relation: Relation, name: string, path: JoinPath): string {
  const target = path[path.length - 1].to;
  const ends = path.flatMap((s) => [`${s.from.name}.${s.fromColumns.join(', ')}`, `${s.to.name}.${s.toColumns.join(', ')}`]);
  const chain = [...ends, `${target.name}.${name}`].filter((t, i, all) => t !== all[i - 1]);
  const via = path.map((s) => s.to.name).join(', ');
  const fk = target.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === name);
  const referenced = fk && catalog.schemas.get(fk.refSchema)?.relations.get(fk.refTable);
  const reach = referenced ? `it reaches ${referenced.name} through ${via}` : `${target.name}.${name} is reachable through ${via}`;
  return `${relation.name} has no ${name}; ${reach} (${chain.join(' → ')})`;
}
