import type { Session } from '../context';
import { builtinFunctionNames, builtinTypeNames, isBuiltinRowFunction } from './builtin';
import type { Catalog } from './types';

/** Whether a function of a name exists (any arity): found, certainly missing, or unknowable. */
export type FunctionLookup = 'found' | 'missing' | 'unknown';

/**
 * Functions PostgreSQL 16-18 added to pg_catalog (the built-in list is PostgreSQL 15's): a project on a
 * later server may call them. Administrative `pg_*` functions change in every release: never missing.
 */
const LATER_BUILTINS = new Set([
  'any_value', 'array_sample', 'array_shuffle', 'date_add', 'date_subtract', 'erf', 'erfc', 'random_normal',
  'json_scalar', 'json_serialize', 'json_array', 'json_object', 'json_arrayagg', 'json_objectagg',
  'to_bin', 'to_oct', 'uuid_extract_timestamp', 'uuid_extract_version', 'has_largeobject_privilege',
  'array_reverse', 'array_sort', 'uuidv4', 'uuidv7', 'casefold', 'crc32', 'crc32c', 'gamma', 'lgamma',
]);

function inSchema(catalog: Catalog, schemaName: string, name: string): FunctionLookup {
  if (schemaName === 'pg_catalog') {
    if (builtinFunctionNames.has(name) || LATER_BUILTINS.has(name) || name.startsWith('pg_')) return 'found';
    return catalog.schemas.get('pg_catalog')?.functions.has(name) ? 'found' : 'missing';
  }
  const schema = catalog.schemas.get(schemaName);
  if (schema?.functions.has(name)) return 'found';
  return schema?.closed && !schema.functionsOpen ? 'missing' : 'unknown';
}

/**
 * A function name looked up as Postgres does (pg_catalog first, then the search_path), for any
 * arguments. Missing only when every schema it could be in is fully known; a name dynamic SQL may have
 * made, an unknown search_path, or a schema we never saw make it unknowable.
 */
export function lookupFunctionName(session: Session, schema: string | undefined, name: string): FunctionLookup {
  const { catalog, searchPath } = session;
  if (catalog.uncertainNames.has(name)) return 'unknown';
  if (schema !== undefined) return inSchema(catalog, schema, name);
  let certain = searchPath !== null;
  for (const s of ['pg_catalog', ...(searchPath ?? [])]) {
    const found = inSchema(catalog, s, name);
    if (found === 'found') return found;
    if (found === 'unknown') certain = false;
  }
  return certain ? 'missing' : 'unknown';
}

/**
 * Whether `x.name` / `(x).name` on a row may be a call of a function `name(x)` (attribute notation): a function of
 * the history of that name, or one of pg_catalog's that takes a row (isBuiltinRowFunction).
 */
export function mayBeAttributeFunction(catalog: Catalog, name: string): boolean {
  if (isBuiltinRowFunction(name)) return true;
  for (const schema of catalog.schemas.values()) if (schema.functions.has(name)) return true;
  return false;
}

/** Whether a type of the name exists or may exist: `name(x)` then is a cast, not a call. */
export function mayBeTypeName(catalog: Catalog, name: string): boolean {
  if (builtinTypeNames.has(name)) return true;
  for (const schema of catalog.schemas.values()) if (schema.types.has(name) || schema.relations.has(name) || !schema.closed) return true;
  return false;
}

/** Every function name the session can reach, for did-you-mean. */
export function functionNamesInReach(session: Session, schema: string | undefined): string[] {
  const schemas = schema !== undefined ? [schema] : (session.searchPath ?? []);
  const names = schemas.flatMap((s) => [...(session.catalog.schemas.get(s)?.functions.keys() ?? [])]);
  return schema === undefined || schema === 'pg_catalog' ? [...names, ...builtinFunctionNames] : names;
}
