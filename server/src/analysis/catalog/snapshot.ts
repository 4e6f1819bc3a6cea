import { fixedOrigin } from '../context';
import { once } from './identityMemo';
import { PersistentMap, type PlainTrie } from './persistentMap';
import type { Catalog, Schema } from './types';

/**
 * Catalogs as plain data (objects, arrays, Maps, Sets, primitives: what `v8.serialize` writes and reads back
 * as it was), and back: the replay cache (project/replayCache.ts) keeps the catalog before every migration of
 * a history this way. Catalogs written together share in the snapshot what they share in memory (a relation
 * no migration touched since is one object in every later catalog), and share it again when read.
 *
 * Only data is written: an origin of an analysed document is written where it stands (it no longer moves with
 * an edit, as a replayed file is never edited), and anything else that is not plain data (a function, an
 * object of a class this module does not know) throws `NotPlainData`, so that a catalog that cannot be
 * written as it is is not written at all.
 */

/** A catalog holds something that is not plain data: it cannot be kept as it is. */
export class NotPlainData extends Error {}

/** The catalogs as plain data, in order. */
export interface CatalogSnapshot {
  catalogs: unknown[];
}

export function snapshotOf(catalogs: readonly Catalog[]): CatalogSnapshot {
  const seen = new Map<object, unknown>();
  return { catalogs: catalogs.map((c) => plainCatalog(c, seen)) };
}

/** The catalogs of a snapshot (as `v8.deserialize` returned it); throws NotPlainData when it is not one. */
export function catalogsOf(snapshot: CatalogSnapshot): Catalog[] {
  if (!snapshot || !Array.isArray(snapshot.catalogs)) throw new NotPlainData('not a catalog snapshot');
  const seen = new Map<object, unknown>();
  return snapshot.catalogs.map((c) => catalogOf(c, seen));
}

function plainCatalog(catalog: Catalog, seen: Map<object, unknown>): unknown {
  return once(catalog, seen, () => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(catalog)) out[key] = key === 'schemas' ? plainSchemas(value as Catalog['schemas'], seen) : plainValue(value, seen);
    return out;
  });
}

function plainSchemas(schemas: Catalog['schemas'], seen: Map<object, unknown>): unknown {
  if (!(schemas instanceof Map)) throw new NotPlainData('catalog.schemas is not a Map');
  return once(schemas, seen, () => [...schemas].map(([name, schema]) => [name, plainSchema(schema, seen)]));
}

/** The maps of a schema: relations, functions, types. */
const SCHEMA_MAPS = new Set(['relations', 'functions', 'types']);

function plainSchema(schema: Schema, seen: Map<object, unknown>): unknown {
  return once(schema, seen, () => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) out[key] = SCHEMA_MAPS.has(key) ? plainMap(value as ReadonlyMap<string, unknown>, seen) : plainValue(value, seen);
    return out;
  });
}

function plainMap(map: ReadonlyMap<string, unknown>, seen: Map<object, unknown>): unknown {
  return once(map, seen, () => {
    if (map instanceof PersistentMap) return { trie: map.toPlain((v) => plainValue(v, seen), seen) };
    if (map instanceof Map) return { entries: [...map].map(([k, v]) => [k, plainValue(v, seen)]) };
    throw new NotPlainData(`a schema map of class ${(map as object)?.constructor?.name}`);
  });
}

/** Relations, columns, functions, types...: plain data as they are, with fixed origins. */
function plainValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'function' || typeof value === 'symbol') throw new NotPlainData(`a ${typeof value} in the catalog`);
  if (value === null || typeof value !== 'object') return value;
  return once(value, seen, () => {
    const origin = fixedOrigin(value);
    if (origin) return origin;
    if (Array.isArray(value)) return value.map((v) => plainValue(v, seen));
    if (value instanceof Set) return new Set([...value].map((v) => plainValue(v, seen)));
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [plainValue(k, seen), plainValue(v, seen)]));
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new NotPlainData(`an object of class ${proto?.constructor?.name} in the catalog`);
    if (Object.getOwnPropertySymbols(value).length) throw new NotPlainData('an object with symbol keys in the catalog');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = plainValue((value as Record<string, unknown>)[key], seen);
    return out;
  });
}

function catalogOf(plain: unknown, seen: Map<object, unknown>): Catalog {
  if (!plain || typeof plain !== 'object') throw new NotPlainData('a catalog that is not an object');
  return once(plain, seen, () => {
    const { schemas, ...rest } = plain as Record<string, unknown>;
    if (!Array.isArray(schemas)) throw new NotPlainData('a catalog without schemas');
    return { ...rest, schemas: schemasOf(schemas, seen) } as unknown as Catalog;
  });
}

function schemasOf(plain: unknown[], seen: Map<object, unknown>): Map<string, Schema> {
  return once(plain, seen, () => new Map(plain.map((entry) => {
    const [name, schema] = entry as [string, Record<string, unknown>];
    return [name, schemaOf(schema, seen)];
  })));
}

function schemaOf(plain: Record<string, unknown>, seen: Map<object, unknown>): Schema {
  return once(plain, seen, () => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(plain)) out[key] = SCHEMA_MAPS.has(key) ? mapOf(value as { trie?: PlainTrie; entries?: [string, unknown][] }, seen) : value;
    return out as unknown as Schema;
  });
}

function mapOf(plain: { trie?: PlainTrie; entries?: [string, unknown][] }, seen: Map<object, unknown>): ReadonlyMap<string, unknown> {
  return once(plain, seen, () => {
    if (plain?.trie) return PersistentMap.fromPlain(plain.trie, seen);
    if (Array.isArray(plain?.entries)) return new Map(plain.entries);
    throw new NotPlainData('a schema map that is neither a trie nor entries');
  });
}
