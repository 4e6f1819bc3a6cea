import type { Catalog, Column, Relation, Schema } from '../analysis';
import type { Database } from './database';

/**
 * The schemas, relations and columns of the session's database, as a Catalog: what the run summary compares
 * before and after a migration. Only what that comparison needs (no keys, functions or types); the full
 * introspection for the analysis is sources/database's.
 */

const KINDS: Record<string, Relation['kind']> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table' };

const SYSTEM = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'`;

export async function introspectRelations(db: Database): Promise<Catalog> {
  const schemas = await db.execute(`SELECT n.nspname AS name FROM pg_namespace n WHERE ${SYSTEM}`);
  const relations = await db.execute(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
            coalesce((SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'nullable', NOT a.attnotnull)
                                      ORDER BY a.attnum)::text
                        FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${SYSTEM}`,
  );
  const bySchema = new Map<string, Map<string, Relation>>();
  for (const row of schemas.rows) bySchema.set(String(row.name), new Map());
  for (const row of relations.rows) {
    const schema = String(row.schema);
    const columns = (JSON.parse(String(row.columns)) as { name: string; type: string; nullable: boolean }[]).map(
      (c): Column => ({ name: c.name, type: c.type, nullable: c.nullable }),
    );
    const relation: Relation = { schema, name: String(row.name), kind: KINDS[String(row.kind)], columns, open: false, uniqueKeys: [], foreignKeys: [] };
    bySchema.get(schema)?.set(relation.name, relation);
  }
  const result = new Map<string, Schema>();
  for (const [name, rels] of bySchema) result.set(name, { name, closed: true, relations: rels, functions: new Map(), types: new Map() });
  return { schemas: result, uncertainNames: new Set() };
}
