import type { Catalog, Relation, Schema, FunctionSignature, TypeInfo } from './types';
import { PersistentMap } from './persistentMap';

/** Building and changing catalogs. Every function returns a new catalog and shares what it did not touch. */

export function emptySchema(name: string, closed: boolean): Schema {
  return { name, closed, relations: PersistentMap.empty(), functions: PersistentMap.empty(), types: PersistentMap.empty() };
}

/** The catalog of a fresh database: an empty, closed `public`. */
export function emptyCatalog(): Catalog {
  return { schemas: new Map([['public', emptySchema('public', true)]]), uncertainNames: new Set() };
}

export function withSchema(catalog: Catalog, schema: Schema): Catalog {
  const schemas = new Map(catalog.schemas);
  schemas.set(schema.name, schema);
  return { ...catalog, schemas };
}

export function withoutSchema(catalog: Catalog, name: string): Catalog {
  if (!catalog.schemas.has(name)) return catalog;
  const schemas = new Map(catalog.schemas);
  schemas.delete(name);
  return { ...catalog, schemas };
}

/**
 * The schema, created open when the catalog has never seen it (objects may exist there that we do not know).
 * pg_temp is the exception: the session's temporary schema holds only the temporary objects it made.
 */
function schemaOrOpen(catalog: Catalog, name: string): Schema {
  return catalog.schemas.get(name) ?? emptySchema(name, name === TEMP_SCHEMA);
}

/** The session's temporary schema (CREATE TEMP TABLE). It ends with the session: each migration file has its own. */
export const TEMP_SCHEMA = 'pg_temp';

/** The catalog after a session ended: without its temporary objects. */
export function withoutSessionObjects(catalog: Catalog): Catalog {
  return withoutSchema(catalog, TEMP_SCHEMA);
}

function updateSchema(catalog: Catalog, name: string, change: (s: Schema) => Schema): Catalog {
  return withSchema(catalog, change(schemaOrOpen(catalog, name)));
}

export function withRelation(catalog: Catalog, relation: Relation): Catalog {
  return updateSchema(catalog, relation.schema, (s) => {
    return { ...s, relations: PersistentMap.from(s.relations).set(relation.name, relation) };
  });
}

export function withoutRelation(catalog: Catalog, schema: string, name: string): Catalog {
  if (!catalog.schemas.get(schema)?.relations.has(name)) return catalog;
  return updateSchema(catalog, schema, (s) => {
    return { ...s, relations: PersistentMap.from(s.relations).delete(name) };
  });
}

export function withFunction(catalog: Catalog, fn: FunctionSignature): Catalog {
  return updateSchema(catalog, fn.schema, (s) => {
    const others = (s.functions.get(fn.name) ?? []).filter((f) => f.args !== fn.args);
    return { ...s, functions: PersistentMap.from(s.functions).set(fn.name, [...others, fn]) };
  });
}

export function withType(catalog: Catalog, type: TypeInfo): Catalog {
  return updateSchema(catalog, type.schema, (s) => {
    return { ...s, types: PersistentMap.from(s.types).set(type.name, type) };
  });
}

export function withoutType(catalog: Catalog, schema: string, name: string): Catalog {
  if (!catalog.schemas.get(schema)?.types.has(name)) return catalog;
  return updateSchema(catalog, schema, (s) => {
    return { ...s, types: PersistentMap.from(s.types).delete(name) };
  });
}

/** Opens a schema: from now on it may hold objects we do not know (an extension installed into it). */
export function withOpenSchema(catalog: Catalog, name: string): Catalog {
  const schema = catalog.schemas.get(name);
  if (schema && !schema.closed) return catalog;
  return withSchema(catalog, { ...schemaOrOpen(catalog, name), closed: false });
}

/** Functions we do not track may exist in the schema from now on (see Schema.functionsOpen). */
export function withOpenFunctions(catalog: Catalog, name: string): Catalog {
  const schema = catalog.schemas.get(name);
  if (schema?.functionsOpen) return catalog;
  return withSchema(catalog, { ...schemaOrOpen(catalog, name), functionsOpen: true });
}

export function withUncertainNames(catalog: Catalog, names: Iterable<string>): Catalog {
  const uncertainNames = new Set(catalog.uncertainNames);
  for (const n of names) uncertainNames.add(n);
  return uncertainNames.size === catalog.uncertainNames.size ? catalog : { ...catalog, uncertainNames };
}

/** Dynamic SQL we cannot see into may have touched these words (tables, columns): counted as an event. */
export function withDynamicallyUncertain(catalog: Catalog, words: Iterable<string>): Catalog {
  return { ...withUncertainNames(catalog, words), dynamicEvents: (catalog.dynamicEvents ?? 0) + 1 };
}

/** The stamp of a relation made now with all its columns known (see `Relation.columnsKnownAt`). */
export function columnsKnownNow(catalog: Catalog): { columnsKnownAt: number } {
  return { columnsKnownAt: catalog.dynamicEvents ?? 0 };
}

/** Whether a column word made uncertain by dynamic SQL may still be a column of the relation. */
export function mayHaveUncertainColumns(catalog: Catalog, relation: { columnsKnownAt?: number; open: boolean } | undefined): boolean {
  return !relation || relation.open || relation.columnsKnownAt !== (catalog.dynamicEvents ?? 0);
}

/**
 * DROP FUNCTION / PROCEDURE: the routines of that name forget their bodies (nothing of theirs runs any
 * more). The signatures stay: which overload went is not always known, and a missing one is only reported
 * where a name is surely missing.
 */
export function withoutBodies(catalog: Catalog, schemaName: string, name: string): Catalog {
  const schema = catalog.schemas.get(schemaName);
  const overloads = schema?.functions.get(name);
  if (!schema || !overloads?.some((f) => f.body)) return catalog;
  const functions = PersistentMap.from(schema.functions).set(name, overloads.map(({ body: _body, ...f }) => f));
  return withSchema(catalog, { ...schema, functions });
}

/** A name that CREATE TABLE (without IF NOT EXISTS) just made: whatever dynamic SQL did before, we know it now. */
export function withCertainName(catalog: Catalog, name: string): Catalog {
  if (!catalog.uncertainNames.has(name)) return catalog;
  const uncertainNames = new Set(catalog.uncertainNames);
  uncertainNames.delete(name);
  return { ...catalog, uncertainNames };
}

/** All relations of the catalog, every schema. */
export function* allRelations(catalog: Catalog): Iterable<Relation> {
  for (const schema of catalog.schemas.values()) yield* schema.relations.values();
}

/**
 * The relation keys in which each schema of `after` differs from the same schema of `before` (a relation
 * changed, added or dropped), a schema `before` lacks counting with all its keys. Two versions of one
 * persistent map compare in time proportional to what changed between them. Undefined when more than
 * `limit` keys differ in all.
 */
export function changedRelations(before: Catalog, after: Catalog, limit = Infinity): { name: string; schema: Schema; keys: readonly string[] }[] | undefined {
  const out: { name: string; schema: Schema; keys: readonly string[] }[] = [];
  let count = 0;
  for (const [name, schema] of after.schemas) {
    const old = before.schemas.get(name)?.relations;
    if (old === schema.relations) continue;
    const keys = old instanceof PersistentMap && schema.relations instanceof PersistentMap ? old.changedKeys(schema.relations, limit - count) : [...new Set([...(old?.keys() ?? []), ...schema.relations.keys()])];
    if (!keys || (count += keys.length) > limit) return undefined;
    out.push({ name, schema, keys });
  }
  return out;
}
