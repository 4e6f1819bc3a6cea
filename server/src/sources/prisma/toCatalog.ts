import { PersistentMap } from '../../analysis/catalog/persistentMap';
import type { Catalog, Column, ForeignKey, Index, Relation, Schema, TypeInfo } from '../../analysis/catalog/types';
import type { Origin } from '../../analysis/types';
import { quoteIdent } from '../../analysis/catalog/names';
import { columnType, typeReference } from './postgresTypes';
import { STAND_IN_ID, type ParsedPrismaSchema } from './parseSchema';
import type { DmmfField, DmmfModel } from './prismaWasm';
import type { PrismaLocator } from './origins';

/** An `@@index`, `@@unique` or `@unique` as the DMMF lists them (`datamodel.indexes`). */
interface DmmfIndex {
  model: string;
  type: 'id' | 'normal' | 'unique' | 'fulltext';
  dbName?: string | null;
  fields: { name: string }[];
}

/**
 * The database a Prisma schema describes, by Prisma Migrate's naming rules: a model's table is its name
 * (or `@@map`), a field's column its name (or `@map`), names kept as written (Prisma quotes them);
 * relation fields become foreign keys on their `fields`; an implicit many-to-many relation becomes the
 * table `_<RelationName>` with columns `A` and `B`, A referencing the model whose name sorts first;
 * `@@schema` places tables and enums; `view` blocks are views.
 */

/** Postgres cuts identifiers at 63 bytes; Prisma's generated names follow. */
const MAX_IDENTIFIER = 63;

interface MutableSchema {
  relations: Map<string, Relation>;
  types: Map<string, TypeInfo>;
}

export interface PrismaCatalogOptions {
  /** Where models, fields and enums are declared (their origins). */
  locate?: PrismaLocator;
  /**
   * Give tables the indexes Migrate makes for `@@index`, `@@unique`, `@unique` and implicit many-to-many
   * tables (the drift check compares them). Off for the base schema: it would claim to know every index of
   * a table (catalog/indexes.ts), and the primary keys' index names are not all known.
   */
  indexes?: boolean;
}

export function prismaCatalog(parsed: ParsedPrismaSchema, defaultSchema = 'public', options: PrismaCatalogOptions = {}): Catalog {
  const locate = options.locate ?? (() => undefined);
  const { models, enums } = parsed.datamodel;
  const schemas = new Map<string, MutableSchema>();
  const schemaOf = (name: string) => {
    let s = schemas.get(name);
    if (!s) schemas.set(name, (s = { relations: new Map(), types: new Map() }));
    return s;
  };
  schemaOf(defaultSchema);
  for (const name of parsed.datasource?.schemas ?? []) schemaOf(name);

  const enumTypes = new Map<string, string>();
  const enumValues = new Map<string, Map<string, string>>();
  for (const e of enums) {
    const schema = parsed.enumSchemas.get(e.name) ?? defaultSchema;
    const name = e.dbName ?? e.name;
    schemaOf(schema).types.set(name, { schema, name, values: e.values.map((v) => v.dbName ?? v.name), ...originOf(locate(e.name)) });
    enumTypes.set(e.name, typeReference(schema, name));
    enumValues.set(e.name, new Map(e.values.map((v) => [v.name, v.dbName ?? v.name])));
  }

  const byName = new Map(models.map((m) => [m.name, m]));
  const indexList = (parsed.datamodel as { indexes?: DmmfIndex[] }).indexes ?? [];
  const tableOf = (m: DmmfModel) => ({ schema: m.schema ?? defaultSchema, name: m.dbName ?? m.name });
  const columnOf = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName);
    return f ? (f.dbName ?? f.name) : fieldName;
  };

  for (const model of models) {
    const { schema, name } = tableOf(model);
    const isView = parsed.views.has(model.name);
    const columns: Column[] = model.fields
      .filter((f) => (f.kind === 'scalar' || f.kind === 'enum') && f.name !== STAND_IN_ID)
      .map((f) => ({ ...column(f, name, (t) => enumTypes.get(t), enumValues.get(f.type)), ...originOf(locate(model.name, f.name)) }));
    for (const u of parsed.unsupported.get(model.name) ?? []) columns.push({ name: u.name, type: u.list ? `${u.type}[]` : u.type, nullable: u.nullable });
    const relation: Relation = {
      schema,
      name,
      kind: isView ? 'view' : 'table',
      // Postgres knows no NOT NULL on a view's columns, whatever the view block says.
      columns: isView ? columns.map((c) => ({ ...c, nullable: true })) : columns,
      open: false,
      primaryKey: isView ? undefined : primaryKey(model, columnOf),
      uniqueKeys: isView ? [] : uniqueKeys(model, columnOf),
      foreignKeys: isView ? [] : foreignKeys(model, name, byName, tableOf, columnOf),
      ...(model.name !== name ? { prismaModel: model.name } : {}),
      ...(isView || !options.indexes ? {} : { indexes: indexes(model, name, indexList, columnOf) }),
      ...originOf(locate(model.name)),
    };
    schemaOf(schema).relations.set(name, relation);
    for (const f of model.fields) {
      if (isView || !isAutoincrement(f)) continue;
      const sequence = sequenceName(name, f.dbName ?? f.name);
      schemaOf(schema).relations.set(sequence, {
        schema, name: sequence, kind: 'sequence', open: false, uniqueKeys: [], foreignKeys: [],
        columns: [['last_value', 'bigint'], ['log_cnt', 'bigint'], ['is_called', 'boolean']].map(([n, type]) => ({ name: n, type, nullable: false })),
      });
    }
  }

  for (const join of implicitManyToMany(models)) {
    const [a, b] = join.models.map((m) => byName.get(m)!);
    const idOf = (m: DmmfModel) => m.fields.find((f) => f.isId) ?? m.fields.find((f) => f.name === m.primaryKey?.fields[0]);
    const [idA, idB] = [idOf(a), idOf(b)];
    if (!idA || !idB) continue;
    const table = `_${join.relationName}`.slice(0, MAX_IDENTIFIER);
    const schema = tableOf(a).schema; // Prisma puts the join table in the schema of table A.
    const typeOf = (f: DmmfField) => columnType(f, (t) => enumTypes.get(t));
    const reference = (col: string, m: DmmfModel, id: DmmfField): ForeignKey => ({
      name: `${table.slice(0, MAX_IDENTIFIER - 7)}_${col}_fkey`,
      columns: [col],
      refSchema: tableOf(m).schema,
      refTable: tableOf(m).name,
      refColumns: [id.dbName ?? id.name],
    });
    schemaOf(schema).relations.set(table, {
      schema,
      name: table,
      kind: 'table',
      columns: [
        { name: 'A', type: typeOf(idA), nullable: false },
        { name: 'B', type: typeOf(idB), nullable: false },
      ],
      open: false,
      primaryKey: ['A', 'B'],
      uniqueKeys: [],
      foreignKeys: [reference('A', a, idA), reference('B', b, idB)],
      // Migrate indexes B (A leads the primary key).
      ...(options.indexes ? { indexes: [{ name: `${table.slice(0, MAX_IDENTIFIER - 8)}_B_index`, columns: ['B'] }] } : {}),
    });
  }

  const result = new Map<string, Schema>();
  for (const [name, s] of schemas) {
    result.set(name, { name, closed: true, functionsOpen: true, relations: PersistentMap.from(s.relations), functions: PersistentMap.empty(), types: PersistentMap.from(s.types) });
  }
  return { schemas: result, uncertainNames: new Set() };
}

const originOf = (origin: Origin | undefined) => (origin ? { origin } : {});

/** `@@index`, `@@unique` and `@unique` by Migrate's names: `Table_a_b_idx`, `Table_a_b_key`, or `map:`. */
function indexes(model: DmmfModel, table: string, list: DmmfIndex[], columnOf: (m: DmmfModel, f: string) => string): Index[] {
  return list
    .filter((i) => i.model === model.name && (i.type === 'normal' || i.type === 'unique'))
    .map((i) => {
      const columns = i.fields.map((f) => columnOf(model, f.name));
      const unique = i.type === 'unique';
      return { name: i.dbName ?? `${table}_${columns.join('_')}_${unique ? 'key' : 'idx'}`.slice(0, MAX_IDENTIFIER), columns, ...(unique ? { unique } : {}) };
    });
}

function isAutoincrement(f: DmmfField): boolean {
  return typeof f.default === 'object' && f.default !== null && (f.default as { name?: string }).name === 'autoincrement';
}

/** Postgres's name for a serial column's sequence. */
function sequenceName(table: string, column: string): string {
  return `${table}_${column}_seq`.slice(0, MAX_IDENTIFIER);
}

function column(f: DmmfField, table: string, enumType: (t: string) => string | undefined, enumValues?: Map<string, string>): Column {
  const name = f.dbName ?? f.name;
  const type = columnType(f, enumType);
  // An enum default names the value as Prisma spells it; the database holds its @map.
  const mapped = (v: unknown) => (typeof v === 'string' ? (enumValues?.get(v) ?? v) : v);
  const def = defaultExpression({ ...f, default: Array.isArray(f.default) ? f.default.map(mapped) : mapped(f.default) }, table, type);
  // Lists are nullable columns: Prisma writes `TEXT[]` without NOT NULL.
  return { name, type, nullable: !f.isRequired || f.isList, ...(def !== undefined ? { default: def } : {}) };
}

/** The column default Migrate writes, as Postgres would print it (client-side defaults such as uuid() have none). */
function defaultExpression(f: DmmfField, table: string, type: string): string | undefined {
  const d = f.default;
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'object' && !Array.isArray(d)) {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === 'autoincrement') return `nextval('${quoteIdent(sequenceName(table, f.dbName ?? f.name))}'::regclass)`;
    if (fn.name === 'now') return 'CURRENT_TIMESTAMP';
    if (fn.name === 'dbgenerated') return typeof fn.args[0] === 'string' ? fn.args[0] : undefined;
    return undefined;
  }
  const literal = (v: unknown) => (typeof v === 'string' ? `'${v.replace(/'/g, "''")}'::${type.replace(/\[\]$/, '')}` : String(v));
  return Array.isArray(d) ? `ARRAY[${d.map(literal).join(', ')}]` : literal(d);
}

function primaryKey(model: DmmfModel, columnOf: (m: DmmfModel, f: string) => string): string[] | undefined {
  const id = model.fields.filter((f) => f.isId && f.name !== STAND_IN_ID).map((f) => f.name);
  const fields = id.length ? id : (model.primaryKey?.fields ?? []);
  return fields.length ? fields.map((f) => columnOf(model, f)) : undefined;
}

function uniqueKeys(model: DmmfModel, columnOf: (m: DmmfModel, f: string) => string): string[][] {
  const single = model.fields.filter((f) => f.isUnique).map((f) => [f.name]);
  return [...single, ...model.uniqueFields].map((fields) => fields.map((f) => columnOf(model, f)));
}

function foreignKeys(
  model: DmmfModel,
  table: string,
  byName: Map<string, DmmfModel>,
  tableOf: (m: DmmfModel) => { schema: string; name: string },
  columnOf: (m: DmmfModel, f: string) => string,
): ForeignKey[] {
  const keys: ForeignKey[] = [];
  for (const f of model.fields) {
    const target = f.kind === 'object' ? byName.get(f.type) : undefined;
    if (!target || !f.relationFromFields?.length) continue;
    const columns = f.relationFromFields.map((x) => columnOf(model, x));
    keys.push({
      name: `${table}_${columns.join('_')}_fkey`.slice(0, MAX_IDENTIFIER),
      columns,
      refSchema: tableOf(target).schema,
      refTable: tableOf(target).name,
      refColumns: (f.relationToFields ?? []).map((x) => columnOf(target, x)),
    });
  }
  return keys;
}

/** Relations with a list on both sides and `fields` on neither: Prisma makes their join table. */
function implicitManyToMany(models: DmmfModel[]): { relationName: string; models: [string, string] }[] {
  const sides = new Map<string, { model: string; field: DmmfField }[]>();
  for (const m of models) {
    for (const f of m.fields) {
      if (f.kind !== 'object' || !f.relationName) continue;
      const list = sides.get(f.relationName) ?? [];
      list.push({ model: m.name, field: f });
      sides.set(f.relationName, list);
    }
  }
  const joins: { relationName: string; models: [string, string] }[] = [];
  for (const [relationName, fields] of sides) {
    if (fields.length !== 2 || !fields.every((s) => s.field.isList && !s.field.relationFromFields?.length)) continue;
    const [a, b] = fields.map((s) => s.model).sort();
    joins.push({ relationName, models: [a, b] });
  }
  return joins;
}
