import type { Catalog, Index, Relation } from './types';
import { findSchema } from './lookup';
import { builtinIndexNames, builtinSchemas } from './builtin';

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
export type IndexDetails = Pick<Index, 'unique' | 'where' | 'constraint' | 'primary' | 'origin' | 'included'>;

/** The relation with one more index, on these columns (in order; '' for an expression). */
export function withIndex(relation: Relation, name: string | undefined, columns: readonly string[] = [], details: IndexDetails = {}): Relation {
  if (!name || hasIndex(relation, name)) return relation;
  const { unique, where, constraint, primary, origin, included } = details;
  const index: Index = { name, columns, ...(unique ? { unique } : {}), ...(where ? { where } : {}), ...(constraint ? { constraint } : {}), ...(primary ? { primary } : {}), ...(origin ? { origin } : {}), ...(included?.length ? { included } : {}) };
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

/**
 * The name Postgres gives an unnamed index (ChooseIndexName): `table_col1_col2_idx`, `table_pkey`, `table_col_key`.
 * `columns` are the key columns then the INCLUDE ones (undefined: an expression, `expr`); a name that repeats an
 * earlier one gets a number, as ChooseIndexColumnNames does (`expr`, `expr1`).
 */
export function implicitIndexName(table: string, columns: readonly (string | undefined)[], suffix: 'idx' | 'key' | 'pkey' | 'excl'): string {
  if (suffix === 'pkey') return `${table}_pkey`;
  const parts: string[] = [];
  for (const c of columns) {
    const base = c ?? 'expr';
    let name = base;
    for (let i = 1; parts.includes(name); i++) name = `${base}${i}`;
    parts.push(name);
  }
  return [table, ...parts, suffix].join('_');
}

/**
 * The name an index element gives an unnamed index (ChooseIndexColumnNames): a column's name, else the name
 * Postgres figures for the expression (`lower(x)` is "lower", `c::circle` is "c"), `expr` where it figures none.
 * `figure` is the select-list naming (resolve/outputColumns.ts): undefined for what it cannot name, and then
 * so is the element.
 */
export function indexElementName(elem: { name?: string; indexcolname?: string; expr?: unknown } | undefined, figure: (expr: never) => string | undefined): string | null {
  if (!elem) return null;
  if (typeof elem.indexcolname === 'string') return elem.indexcolname;
  if (typeof elem.name === 'string') return elem.name;
  const figured = figure(elem.expr as never);
  return figured === undefined ? null : figured === '?column?' ? 'expr' : figured;
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
    // Postgres names those `<table>_...` (a name under 60 bytes is not truncated).
    if ((relation.isPartition || relation.unnamedIndexes) && name.startsWith(`${relation.name}_`)) recorded = false;
  }
  return recorded && !CHOSEN_NAME.test(name) && Buffer.byteLength(name) < 60 ? 'missing' : 'unknown';
}

/**
 * Whether an index of the name may exist where an unqualified (or qualified) name is looked up: one we know of,
 * or one we cannot rule out; pg_catalog's are PostgreSQL 15's (regproc.sql:66: `pg_classes` is none).
 */
export function indexMayExist(catalog: Catalog, searchPath: readonly string[] | null, schema: string | undefined, name: string): boolean {
  if (schema !== undefined) return lookupIndex(catalog, schema, name) !== 'missing';
  if (builtinIndexNames.has(name)) return true;
  const schemas = ['pg_temp', ...(searchPath ?? [])];
  return searchPath === null || schemas.some((s) => (s === 'pg_temp' && !catalog.schemas.has(s) ? false : lookupIndex(catalog, s, name) !== 'missing'));
}
