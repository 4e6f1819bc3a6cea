import { byCodeUnits } from '../../analysis/diagnostics/nearSpelling';
import type { Catalog, Origin, Relation } from '../../analysis';

/**
 * The schema as a tree to browse (the editor's Schema view): schemas → tables, views and materialized views →
 * columns (type, nullability, default, primary key, the foreign key a column is part of), foreign keys and
 * indexes, each with the statement that made it. Given the catalog before a migration and after it, every
 * object is marked with what that migration does to it, and the relations it names as used. Plain data in a
 * stable order.
 */
export type BrowseChange = 'added' | 'changed' | 'dropped';

export interface BrowseColumn {
  name: string;
  /** As format_type prints it; "" when the analysis cannot tell. */
  type: string;
  nullable: boolean;
  default?: string;
  primaryKey: boolean;
  /** The first foreign key this column is part of: the table and column it points at. */
  references?: { schema: string; table: string; column: string };
  change?: BrowseChange;
  origin?: Origin;
}

export interface BrowseForeignKey {
  name?: string;
  columns: string[];
  references: { schema: string; table: string; columns: string[] };
  change?: BrowseChange;
}

export interface BrowseIndex {
  name: string;
  /** Indexed columns in order; an expression is "". */
  columns: string[];
  unique: boolean;
  primary: boolean;
  where?: string;
  change?: BrowseChange;
  origin?: Origin;
}

export interface BrowseTable {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view';
  change?: BrowseChange;
  /** The migration names it (touched.ts), whether or not it changes it. */
  used?: true;
  origin?: Origin;
  columns: BrowseColumn[];
  foreignKeys: BrowseForeignKey[];
  /** Undefined when the schema's source does not record indexes (a database, schema.prisma). */
  indexes?: BrowseIndex[];
}

export interface SchemaBrowse {
  schemas: { name: string; tables: BrowseTable[] }[];
}

const SHOWN = new Set<Relation['kind']>(['table', 'view', 'materialized view']);

/**
 * The tree of `shown`. With `other` (the catalog on the other side of one migration), each object is marked:
 * as of `after` (shown is the catalog after the migration), what it added or changed, and what it dropped
 * (listed too, marked `dropped`); as of `before`, what it will change or drop (objects it adds do not exist
 * yet and are not listed).
 */
export function schemaBrowse(shown: Catalog, compare?: { other: Catalog; shownIs: 'before' | 'after'; used?: ReadonlySet<string> }): SchemaBrowse {
  const shownTables = relationsOf(shown);
  const otherTables = compare ? relationsOf(compare.other) : undefined;
  const tables: BrowseTable[] = [];
  for (const [key, r] of shownTables) {
    const other = otherTables?.get(key);
    if (!compare) tables.push(browseTable(r));
    else if (compare.shownIs === 'after') tables.push(browseTable(r, other, other ? undefined : 'added'));
    else tables.push(browseTable(r, other, other ? undefined : 'dropped', true));
  }
  // As of after: what the migration dropped stays visible, marked.
  if (compare?.shownIs === 'after' && otherTables) {
    for (const [key, r] of otherTables) if (!shownTables.has(key)) tables.push(browseTable(r, undefined, 'dropped'));
  }
  for (const t of tables) if (compare?.used?.has(`${t.schema}.${t.name}`)) t.used = true;
  tables.sort((a, b) => byCodeUnits(a.schema, b.schema) || byCodeUnits(a.name, b.name));
  const schemas: SchemaBrowse['schemas'] = [];
  for (const t of tables) {
    const last = schemas[schemas.length - 1];
    if (last?.name === t.schema) last.tables.push(t);
    else schemas.push({ name: t.schema, tables: [t] });
  }
  return { schemas };
}

function relationsOf(catalog: Catalog): Map<string, Relation> {
  const out = new Map<string, Relation>();
  for (const schema of catalog.schemas.values()) {
    for (const r of schema.relations.values()) if (SHOWN.has(r.kind)) out.set(`${r.schema}.${r.name}`, r);
  }
  return out;
}

/**
 * One relation, compared with `other` (its state on the other side of the migration). `whole` marks the
 * relation itself when it exists on one side only. `shownIsBefore`: a column only `shown` has is one the
 * migration drops (not one it adds).
 */
function browseTable(r: Relation, other?: Relation, whole?: BrowseChange, shownIsBefore = false): BrowseTable {
  const onlyHere: BrowseChange = shownIsBefore ? 'dropped' : 'added';
  // A relation added or dropped as a whole carries the mark; what is under it does not repeat it.
  const mark = (differs: boolean, exists: boolean): BrowseChange | undefined =>
    whole || !other ? undefined : !exists ? onlyHere : differs ? 'changed' : undefined;

  const pk = new Set(r.primaryKey ?? []);
  const otherPk = new Set(other?.primaryKey ?? []);
  const columns: BrowseColumn[] = r.columns.map((c) => {
    const fk = r.foreignKeys.find((f) => f.columns.includes(c.name));
    const o = other?.columns.find((x) => x.name === c.name);
    const nullable = r.kind === 'table' ? c.nullable : true;
    const differs = !!o && (o.type !== c.type || o.nullable !== c.nullable || o.default !== c.default || otherPk.has(c.name) !== pk.has(c.name));
    const change = mark(differs, !!o);
    return {
      name: c.name,
      type: c.type,
      nullable,
      ...(c.default !== undefined ? { default: c.default } : {}),
      primaryKey: pk.has(c.name),
      ...(fk ? { references: { schema: fk.refSchema, table: fk.refTable, column: fk.refColumns[fk.columns.indexOf(c.name)] ?? '' } } : {}),
      ...(change ? { change } : {}),
      ...(c.origin ? { origin: c.origin } : {}),
    };
  });
  const fkKey = (f: Relation['foreignKeys'][number]) => JSON.stringify([f.columns, f.refSchema, f.refTable, f.refColumns]);
  const otherFks = new Set((other?.foreignKeys ?? []).map(fkKey));
  const foreignKeys: BrowseForeignKey[] = r.foreignKeys.map((f) => {
    const change = mark(false, otherFks.has(fkKey(f)));
    return {
      ...(f.name ? { name: f.name } : {}),
      columns: [...f.columns],
      references: { schema: f.refSchema, table: f.refTable, columns: [...f.refColumns] },
      ...(change ? { change } : {}),
    };
  });
  const indexes = r.indexes?.map((ix): BrowseIndex => {
    const o = other?.indexes?.find((x) => x.name === ix.name);
    const differs = !!o && (JSON.stringify(o.columns) !== JSON.stringify(ix.columns) || !!o.unique !== !!ix.unique || o.where !== ix.where);
    const change = other?.indexes === undefined && other ? undefined : mark(differs, !!o);
    return {
      name: ix.name,
      columns: [...ix.columns],
      unique: !!ix.unique,
      primary: !!ix.primary,
      ...(ix.where !== undefined ? { where: ix.where } : {}),
      ...(change ? { change } : {}),
      ...(ix.origin ? { origin: ix.origin } : {}),
    };
  });
  // The relation changed when anything under it did, or something of the other side is gone.
  const lost =
    !!other &&
    (other.columns.some((c) => !r.columns.some((x) => x.name === c.name)) ||
      other.foreignKeys.some((f) => !r.foreignKeys.some((x) => fkKey(x) === fkKey(f))) ||
      (other.indexes ?? []).some((i) => r.indexes !== undefined && !r.indexes.some((x) => x.name === i.name)));
  const inner = [...columns, ...foreignKeys, ...(indexes ?? [])].some((x) => x.change !== undefined);
  const change = whole ?? (other && (inner || lost || other.kind !== r.kind) ? 'changed' : undefined);
  return {
    schema: r.schema,
    name: r.name,
    kind: r.kind as BrowseTable['kind'],
    ...(change ? { change } : {}),
    ...(r.origin ? { origin: r.origin } : {}),
    columns,
    foreignKeys,
    ...(indexes ? { indexes } : {}),
  };
}

/** `schema.table` of every relation a migration adds, changes or drops: what the pictures highlight. */
export function changedTables(before: Catalog, after: Catalog): Set<string> {
  const out = new Set<string>();
  for (const s of schemaBrowse(after, { other: before, shownIs: 'after' }).schemas) {
    for (const t of s.tables) if (t.change) out.add(`${t.schema}.${t.name}`);
  }
  return out;
}
