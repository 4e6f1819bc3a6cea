import type { Catalog, Index, Relation } from './types';
import { findSchema } from './lookup';
import { builtinSchemas } from './builtin';

/**
 * Index names. Postgres keeps indexes in pg_class beside tables, so a regclass literal (`'x_idx'::regclass`)
 * may name one; they are not relations a query can read, so the catalog keeps them on their table
 * (`Relation.indexes`, with their columns: the safety rules ask which index leads with a foreign key's columns).
 */

/** Whether the relation has an index of that name. */
export function hasIndex(relation: Relation, name: string): boolean {
  return relation.indexes?.some((i) => i.name === name) ?? false;
}

/** What an index is besides its name and columns: unique, partial, a constraint's, where it was made. */
export type IndexDetails = Pick<Index, 'unique' | 'where' | 'constraint' | 'primary' | 'origin'>;

/** The relation with one more index, on these columns (in order; '' for an expression). */
export function withIndex(relation: Relation, name: string | undefined, columns: readonly string[] = [], details: IndexDetails = {}): Relation {
  if (!name || hasIndex(relation, name)) return relation;
  const { unique, where, constraint, primary, origin } = details;
  const index: Index = { name, columns, ...(unique ? { unique } : {}), ...(where ? { where } : {}), ...(constraint ? { constraint } : {}), ...(primary ? { primary } : {}), ...(origin ? { origin } : {}) };
  return { ...relation, indexes: [...(relation.indexes ?? []), index] };
}

/** The relation without the index (DROP INDEX, DROP CONSTRAINT), and without the unique key a plain unique index made. */
export function withoutIndex(relation: Relation, name: string): Relation {
  const index = relation.indexes?.find((i) => i.name === name);
  if (!index) return relation;
  const key = index.unique && !index.where && index.columns.length && index.columns.every(Boolean) ? index.columns.join('\u0000') : undefined;
  const at = key === undefined ? -1 : relation.uniqueKeys.findIndex((k) => k.join('\u0000') === key);
  return {
    ...relation,
    indexes: relation.indexes!.filter((i) => i !== index),
    ...(at >= 0 ? { uniqueKeys: relation.uniqueKeys.filter((_, k) => k !== at) } : {}),
  };
}

/** The relation with the index renamed (ALTER INDEX ... RENAME, ALTER TABLE ... RENAME CONSTRAINT). */
export function withIndexRenamed(relation: Relation, name: string, to: string): Relation {
  return hasIndex(relation, name) ? { ...relation, indexes: relation.indexes!.map((i) => (i.name === name ? { ...i, name: to } : i)) } : relation;
}

/** The name Postgres gives an unnamed index (ChooseIndexName): `table_col1_col2_idx`, `table_pkey`, `table_col_key`. */
export function implicitIndexName(table: string, columns: readonly (string | undefined)[], suffix: 'idx' | 'key' | 'pkey' | 'excl'): string {
  if (suffix === 'pkey') return `${table}_pkey`;
  const parts = columns.map((c) => c ?? 'expr');
  return [table, ...(parts.length ? parts : []), suffix].join('_');
}

/**
 * Names Postgres may have chosen in a way we do not follow: made unique with a number (`t_a_idx1`),
 * truncated to 63 bytes, or made by LIKE ... INCLUDING INDEXES and partitions.
 */
const CHOSEN_NAME = /_(?:idx|key|pkey|excl)\d+$/;

/** The relation owning an index of that name in a schema: found, surely none, or unknowable. */
export function lookupIndex(catalog: Catalog, schemaName: string, name: string): 'found' | 'missing' | 'unknown' {
  if (builtinSchemas.has(schemaName)) return 'unknown';
  const schema = findSchema(catalog, schemaName);
  if (!schema?.closed) return 'unknown';
  let recorded = true;
  for (const relation of schema.relations.values()) {
    if (hasIndex(relation, name)) return 'found';
    // A relation of a source that does not record indexes (a database, schema.prisma) may have any; so may a
    // partition (it gets an index for each of its partitioned table's, named by Postgres) and a LIKE copy.
    if (relation.indexes === undefined && relation.kind !== 'view' && relation.kind !== 'sequence') recorded = false;
    if (relation.isPartition || relation.unnamedIndexes) recorded = false;
  }
  return recorded && !CHOSEN_NAME.test(name) && Buffer.byteLength(name) < 60 ? 'missing' : 'unknown';
}

/**
 * Whether an index of the name may exist where an unqualified (or qualified) name is looked up: one we know of,
 * or one we cannot rule out. pg_catalog's indexes are all named pg_*.
 */
export function indexMayExist(catalog: Catalog, searchPath: readonly string[] | null, schema: string | undefined, name: string): boolean {
  if (schema !== undefined) return lookupIndex(catalog, schema, name) !== 'missing';
  if (name.startsWith('pg_')) return true;
  const schemas = ['pg_temp', ...(searchPath ?? [])];
  return searchPath === null || schemas.some((s) => (s === 'pg_temp' && !catalog.schemas.has(s) ? false : lookupIndex(catalog, s, name) !== 'missing'));
}
