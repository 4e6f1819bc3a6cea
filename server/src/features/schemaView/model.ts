import { byCodeUnits } from '../../analysis/diagnostics/nearSpelling';
import type { Catalog, Relation } from '../../analysis';

/**
 * The schema as a picture sees it: every table, view and materialized view of the catalog (the system
 * schemas are not in it) with its columns, primary key and foreign keys. Plain data, in a stable order:
 * the JSON of `schemasense schema`, and what the mermaid and SVG pictures draw.
 */
export interface SchemaModel {
  tables: TableModel[];
}

export interface TableModel {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view';
  columns: { name: string; type: string; nullable: boolean; default?: string }[];
  primaryKey: string[];
  foreignKeys: { name?: string; columns: string[]; references: { schema: string; table: string; columns: string[] } }[];
}

const DRAWN = new Set<Relation['kind']>(['table', 'view', 'materialized view']);

export function schemaModel(catalog: Catalog): SchemaModel {
  const tables: TableModel[] = [];
  for (const schema of catalog.schemas.values()) {
    for (const r of schema.relations.values()) {
      if (!DRAWN.has(r.kind)) continue;
      tables.push({
        schema: r.schema,
        name: r.name,
        kind: r.kind as TableModel['kind'],
        // A view's columns are never NOT NULL in PostgreSQL; a type the analysis cannot tell is "".
        columns: r.columns.map((c) => ({ name: c.name, type: c.type, nullable: r.kind === 'table' ? c.nullable : true, ...(c.default !== undefined ? { default: c.default } : {}) })),
        primaryKey: [...(r.primaryKey ?? [])],
        foreignKeys: r.foreignKeys.map((fk) => ({
          ...(fk.name ? { name: fk.name } : {}),
          columns: [...fk.columns],
          references: { schema: fk.refSchema, table: fk.refTable, columns: [...fk.refColumns] },
        })),
      });
    }
  }
  tables.sort((a, b) => byCodeUnits(a.schema, b.schema) || byCodeUnits(a.name, b.name));
  return { tables };
}

/** How a foreign key's two ends count: the referenced row is one (or none when a column is nullable), the referencing rows many (or one when the columns are a key). */
export function cardinality(table: TableModel, fk: TableModel['foreignKeys'][number], catalogKeys: (t: TableModel) => string[][]): { referenced: 'one' | 'zero or one'; referencing: 'many' | 'zero or one' } {
  const nullable = fk.columns.some((c) => table.columns.find((x) => x.name === c)?.nullable ?? true);
  const unique = catalogKeys(table).some((k) => k.length === fk.columns.length && k.every((c) => fk.columns.includes(c)));
  return { referenced: nullable ? 'zero or one' : 'one', referencing: unique ? 'zero or one' : 'many' };
}
