import type { Catalog, Column, ForeignKey, Index, Relation, TypeInfo } from '../catalog/types';
import { sameDefault } from './defaults';
import type { Drift } from './findings';
import { pairRenamedColumns } from './renames';
import { unmanagedIndex } from './unmanaged';

/**
 * The drift between the database schema.prisma describes (`declared`, from sources/prisma/toCatalog.ts)
 * and the one the migrations build (`migrated`, the migrations replayed on an empty catalog). Pure.
 *
 * Only what Prisma Migrate manages is compared: the tables of the schemas schema.prisma uses (its
 * default schema and `@@schema`s), their columns (type, nullability, default), primary keys, indexes
 * (unique or not), foreign keys, and enums. Views, sequences, functions and `_prisma_migrations` are
 * left out: Migrate neither creates nor drops them. What one side cannot know is not compared (a table
 * without a list of indexes).
 */
export interface CompareOptions {
  /**
   * Compare foreign keys (default). Off under `relationMode = "prisma"`: Migrate then writes none, and the
   * relations schema.prisma declares are not the database's.
   */
  foreignKeys?: boolean;
}

export function compareCatalogs(declared: Catalog, migrated: Catalog, options: CompareOptions = {}): Drift[] {
  const drifts: Drift[] = [];
  for (const [schemaName, schema] of declared.schemas) {
    const other = migrated.schemas.get(schemaName);
    const tables = (s: typeof schema | undefined) =>
      new Map([...(s?.relations.values() ?? [])].filter((r) => r.kind === 'table' && r.name !== '_prisma_migrations').map((r) => [r.name, r]));
    const want = tables(schema);
    const have = tables(other);
    for (const [name, relation] of want) {
      const existing = have.get(name);
      if (!existing) drifts.push({ kind: 'table missing', schema: schemaName, table: name, declared: relation });
      else drifts.push(...compareTables(relation, existing, options.foreignKeys ?? true));
    }
    for (const [name, relation] of have) if (!want.has(name)) drifts.push({ kind: 'table extra', schema: schemaName, table: name, migrated: relation });
    drifts.push(...compareEnums(schemaName, schema.types, other?.types));
  }
  return drifts;
}

function compareTables(declared: Relation, migrated: Relation, foreignKeys: boolean): Drift[] {
  const at = { schema: declared.schema, table: declared.name };
  const drifts: Drift[] = [];
  const migratedColumns = new Map(migrated.columns.map((c) => [c.name, c]));
  const declaredNames = new Set(declared.columns.map((c) => c.name));
  const missing: Column[] = [];
  for (const column of declared.columns) {
    const other = migratedColumns.get(column.name);
    if (!other) {
      missing.push(column);
      continue;
    }
    if (other.type && column.type && sameType(column.type) !== sameType(other.type)) drifts.push({ kind: 'column type', ...at, declared: column, migrated: other });
    if (column.nullable !== other.nullable) drifts.push({ kind: 'column nullability', ...at, declared: column, migrated: other });
    if (!sameDefault(column.default, other.default)) drifts.push({ kind: 'column default', ...at, declared: column, migrated: other });
  }
  const extra = migrated.open ? [] : migrated.columns.filter((c) => !declaredNames.has(c.name));
  const { renamed, added, dropped } = pairRenamedColumns(missing, extra, sameType);
  for (const [from, to] of renamed) drifts.push({ kind: 'column renamed', ...at, migrated: from, declared: to });
  for (const column of added) drifts.push({ kind: 'column missing', ...at, declared: column });
  for (const column of dropped) drifts.push({ kind: 'column extra', ...at, migrated: column });

  // A renamed column keeps its keys: compare keys in the declared names.
  const renames = new Map(renamed.map(([from, to]) => [from.name, to.name]));
  const asDeclared = (columns: readonly string[]) => columns.map((c) => renames.get(c) ?? c);
  const [pk, otherPk] = [declared.primaryKey?.join(','), migrated.primaryKey && asDeclared(migrated.primaryKey).join(',')];
  if (pk !== otherPk) drifts.push({ kind: 'primary key', ...at, declared: declared.primaryKey, migrated: migrated.primaryKey });
  // The primary key's index is compared as the primary key; an exclusion constraint is not Migrate's to judge,
  // nor a partial or expression index (Migrate leaves them alone: unmanaged.ts).
  const indexes = migrated.indexes?.filter((i) => !i.primary && !(i.constraint && !i.unique) && !unmanagedIndex(i));
  if (declared.indexes && indexes) drifts.push(...compareIndexes(at, declared.indexes, indexes.map((i) => ({ ...i, columns: asDeclared(i.columns) })), indexes));
  if (foreignKeys) drifts.push(...compareForeignKeys(at, declared.foreignKeys, migrated.foreignKeys.map((fk) => ({ ...fk, columns: asDeclared(fk.columns) })), migrated.foreignKeys));
  return drifts;
}

/** A type as both sides spell it: `public.` left out (a migration may qualify what Prisma does not). */
export function sameType(type: string): string {
  return type.replace(/^(?:public|"public")\./, '');
}

const indexShape = (i: Index) => `${!!i.unique}|${i.columns.join(',')}|${i.where ?? ''}`;

function compareIndexes(at: { schema: string; table: string }, declared: readonly Index[], migrated: readonly Index[], original: readonly Index[]): Drift[] {
  const drifts: Drift[] = [];
  const left = migrated.map((index, k) => ({ index, original: original[k] }));
  const take = (match: (i: Index) => boolean) => {
    const k = left.findIndex((x) => match(x.index));
    return k < 0 ? undefined : left.splice(k, 1)[0].original;
  };
  const unmatched: Index[] = [];
  // Same name and shape first, so that a rename is only what is left with the same shape.
  for (const index of declared) if (!take((i) => i.name === index.name && indexShape(i) === indexShape(index))) unmatched.push(index);
  for (const index of unmatched) {
    const same = take((i) => indexShape(i) === indexShape(index));
    drifts.push(same ? { kind: 'index renamed', ...at, declared: index, migrated: same } : { kind: 'index missing', ...at, declared: index });
  }
  for (const { original: index } of left) drifts.push({ kind: 'index extra', ...at, migrated: index });
  return drifts;
}

const keyShape = (fk: ForeignKey) => `${fk.columns.join(',')}→${fk.refSchema}.${fk.refTable}(${fk.refColumns.join(',')})`;

function compareForeignKeys(at: { schema: string; table: string }, declared: readonly ForeignKey[], migrated: readonly ForeignKey[], original: readonly ForeignKey[]): Drift[] {
  const drifts: Drift[] = [];
  const left = migrated.map((fk, k) => ({ shape: keyShape(fk), original: original[k] }));
  for (const fk of declared) {
    const k = left.findIndex((x) => x.shape === keyShape(fk));
    if (k < 0) drifts.push({ kind: 'foreign key missing', ...at, declared: fk });
    else left.splice(k, 1);
  }
  for (const { original: fk } of left) drifts.push({ kind: 'foreign key extra', ...at, migrated: fk });
  return drifts;
}

function compareEnums(schema: string, declared: ReadonlyMap<string, TypeInfo>, migrated: ReadonlyMap<string, TypeInfo> | undefined): Drift[] {
  const drifts: Drift[] = [];
  const enums = (m: ReadonlyMap<string, TypeInfo> | undefined) => new Map([...(m?.values() ?? [])].filter((t) => t.values.length).map((t) => [t.name, t]));
  const [want, have] = [enums(declared), enums(migrated)];
  for (const [name, type] of want) {
    const other = have.get(name);
    if (!other) drifts.push({ kind: 'enum missing', schema, declared: type });
    else if ([...type.values].sort().join('\u0000') !== [...other.values].sort().join('\u0000')) drifts.push({ kind: 'enum values', schema, declared: type, migrated: other });
  }
  for (const [name, type] of have) if (!want.has(name)) drifts.push({ kind: 'enum extra', schema, migrated: type });
  return drifts;
}
