import type { Catalog, Index, Relation, Schema } from './types';
import { builtinSchemas } from './builtin';

/** What a relation name refers to: found, certainly missing, or unknowable (an open schema, dynamic SQL). */
export type RelationLookup =
  | { kind: 'found'; relation: Relation }
  | { kind: 'missing' }
  | { kind: 'unknown' };

/** The default search_path (`"$user", public`; no role-named schema exists in a migration database). */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['public'];

export function findSchema(catalog: Catalog, name: string): Schema | undefined {
  return builtinSchemas.get(name) ?? catalog.schemas.get(name);
}

function lookupIn(catalog: Catalog, schemaName: string, name: string): RelationLookup {
  const builtin = builtinSchemas.get(schemaName);
  const own = catalog.schemas.get(schemaName);
  const schema = builtin ?? own;
  // A system schema may also hold the history's own relations (ALTER TABLE ... SET SCHEMA pg_catalog).
  const relation = schema?.relations.get(name) ?? (builtin && own ? own.relations.get(name) : undefined);
  if (relation) return { kind: 'found', relation };
  return schema?.closed && !catalog.uncertainNames.has(name) ? MISSING : UNKNOWN;
}

/**
 * Resolves a relation name as Postgres does: a qualified name in its schema; an unqualified one in
 * pg_temp, pg_catalog, then each schema of the search path. `searchPath` null means it is unknown
 * (set by something we could not read), so an unqualified name that is not found is unknowable.
 */
export function lookupRelation(
  catalog: Catalog,
  searchPath: readonly string[] | null,
  schema: string | undefined,
  name: string,
): RelationLookup {
  if (schema !== undefined) return lookupIn(catalog, schema, name);
  let certain = searchPath !== null && !catalog.uncertainNames.has(name);
  const path = searchPath ?? NO_SCHEMAS;
  for (let i = -2; i < path.length; i++) {
    const s = i === -2 ? 'pg_temp' : i === -1 ? 'pg_catalog' : path[i];
    const found = lookupIn(catalog, s, name);
    if (found.kind === 'found') return found;
    // pg_temp exists only once a temporary table was made: its absence does not make a name unknowable.
    if (found.kind === 'unknown' && !(i === -2 && !catalog.schemas.has(s))) certain = false;
  }
  return certain ? MISSING : UNKNOWN;
}
const NO_SCHEMAS: readonly string[] = [];
const MISSING: RelationLookup = { kind: 'missing' };
const UNKNOWN: RelationLookup = { kind: 'unknown' };

/**
 * Why a name whose lookup was `unknown` could not be looked up: dynamic SQL may have made it, a schema on
 * the way is not fully known (open), or the search_path is not known. The schema is the first open one.
 */
export function unknownBecause(
  catalog: Catalog,
  searchPath: readonly string[] | null,
  schema: string | undefined,
  name: string,
): { reason: 'dynamic SQL' | 'earlier error' | 'may have been refused' } | { reason: 'unknown schema'; schema: string } | { reason: 'unknown search_path' } {
  if (catalog.rejectedNames?.has(name) && catalog.uncertainNames.has(name)) return { reason: 'earlier error' };
  if (catalog.refusableNames?.has(name) && catalog.uncertainNames.has(name)) return { reason: 'may have been refused' };
  if (catalog.uncertainNames.has(name)) return { reason: 'dynamic SQL' };
  if (schema !== undefined) return { reason: 'unknown schema', schema };
  const open = (searchPath ?? []).find((s) => !findSchema(catalog, s)?.closed);
  if (open !== undefined) return { reason: 'unknown schema', schema: open };
  return searchPath === null ? { reason: 'unknown search_path' } : { reason: 'unknown schema', schema: 'pg_temp' };
}

/** The schema an unqualified CREATE puts its object in: the first schema of the search path. */
export function creationSchema(searchPath: readonly string[] | null): string {
  return searchPath?.[0] ?? 'public';
}

/**
 * The table an index belongs to, by the index's (possibly qualified) name: indexes share their schema's
 * namespace with relations. Undefined when no table we know has an index of that name.
 */
export function indexOwner(catalog: Catalog, searchPath: readonly string[] | null, names: readonly string[]): { relation: Relation; index: Index } | undefined {
  const name = names[names.length - 1];
  const schemas = names.length > 1 ? [names[names.length - 2]] : ['pg_temp', ...(searchPath ?? [])];
  for (const s of schemas) {
    for (const relation of catalog.schemas.get(s)?.relations.values() ?? []) {
      const index = relation.indexes?.find((i) => i.name === name);
      if (index) return { relation, index };
    }
  }
  return undefined;
}
