import type { JoinPath, JoinStep } from './foreignKeyPaths';
import type { Relation } from './types';

/**
 * How many rows of a step's `to` side one row of its `from` side meets, from the keys the catalog knows:
 * a foreign key to a primary or unique key is many-to-one (at most one partner); the reverse is
 * one-to-many, unless the referencing columns are themselves a key (one-to-one). A foreign key whose
 * referenced columns the catalog knows no key for is `unknown` (Postgres requires one, but a catalog read
 * from schema.prisma or a partial history may lack it).
 */
export type Cardinality = 'many-to-one' | 'one-to-one' | 'one-to-many' | 'unknown';

/** Whether `columns` are, as a set, the primary key or a unique key of the relation. */
export function isKey(relation: Relation, columns: readonly string[]): boolean {
  const same = (key: readonly string[]) => key.length === columns.length && key.every((c) => columns.includes(c));
  return (!!relation.primaryKey && same(relation.primaryKey)) || relation.uniqueKeys.some(same);
}

export function stepCardinality(step: JoinStep): Cardinality {
  if (step.forward) return isKey(step.to, step.toColumns) ? 'many-to-one' : 'unknown';
  return isKey(step.to, step.toColumns) ? 'one-to-one' : 'one-to-many';
}

/** A path every step of which meets at most one row: joining along it keeps the rows of its start. */
export function keepsRows(path: JoinPath): boolean {
  return path.every((s) => {
    const c = stepCardinality(s);
    return c === 'many-to-one' || c === 'one-to-one';
  });
}

/**
 * The relation whose rows a join along the path yields one of: the `to` side of its last step that may
 * meet several rows (undefined when the path keeps rows).
 */
export function rowsPer(path: JoinPath): Relation | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const c = stepCardinality(path[i]);
    if (c === 'one-to-many' || c === 'unknown') return path[i].to;
  }
  return undefined;
}
