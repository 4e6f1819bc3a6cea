import type { Catalog, Relation } from '../../server/src/analysis';

/**
 * A catalog as plain, order-independent facts, so that two sources of the same schema (schema.prisma and
 * the database its migration creates) compare with one deepStrictEqual and a readable diff.
 */
export interface RelationFacts {
  kind: Relation['kind'];
  /** `name type [null] [default]` in column order. */
  columns: string[];
  primaryKey?: string;
  uniqueKeys: string[];
  foreignKeys: string[];
}

export interface CatalogFacts {
  relations: Record<string, RelationFacts>;
  /** `schema.name` of every enum with its labels. */
  enums: Record<string, string>;
}

export function catalogFacts(catalog: Catalog, options: { defaults?: boolean; keys?: boolean; types?: boolean } = {}): CatalogFacts {
  const { defaults = true, keys = true, types = true } = options;
  const relations: Record<string, RelationFacts> = {};
  const enums: Record<string, string> = {};
  for (const [schemaName, schema] of catalog.schemas) {
    for (const [name, r] of schema.relations) {
      relations[`${schemaName}.${name}`] = {
        kind: r.kind,
        columns: r.columns.map((c) => [c.name, types ? c.type : '', c.nullable ? 'null' : 'not null', defaults && c.default !== undefined ? 'default' : ''].filter(Boolean).join(' ')),
        ...(keys && r.primaryKey ? { primaryKey: r.primaryKey.join(',') } : {}),
        uniqueKeys: keys ? r.uniqueKeys.map((k) => k.join(',')).sort() : [],
        foreignKeys: r.foreignKeys.map((fk) => `(${fk.columns.join(',')}) → ${fk.refSchema}.${fk.refTable}(${fk.refColumns.join(',')})`).sort(),
      };
    }
    for (const [name, t] of schema.types) if (t.values.length) enums[`${schemaName}.${name}`] = t.values.join(', ');
  }
  return { relations, enums };
}
