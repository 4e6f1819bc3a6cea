import type { Session } from './context';
import { PersistentMap } from './catalog/persistentMap';

/**
 * Whether two sessions are the same in content (catalog, search_path, and where each object was
 * defined). Parts shared by both are skipped by identity, so comparing costs only what differs.
 */
export function sameSession(a: Session, b: Session): boolean {
  return same(a, b, false);
}

function same(a: unknown, b: unknown, shareable: boolean): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // To be shared in place of the other, an object that knows what makes two of it interchangeable (an
  // origin: its statement's anchor) says so.
  if (shareable && typeof (a as { sameAs?: unknown }).sameAs === 'function') return (a as { sameAs(o: unknown): boolean }).sameAs(b);
  // By content: the shape of the trie depends on the order things were added and removed in.
  if (a instanceof PersistentMap) {
    const other = b as PersistentMap<unknown>;
    return a.size === other.size && a.changedKeys(other, Infinity)!.every((k) => other.has(k) && same(a.get(k), other.get(k), shareable));
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return false;
    for (const [k, v] of a) if (!other.has(k) || !same(v, other.get(k), shareable)) return false;
    return true;
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((v) => other.has(v));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], shareable));
}

/**
 * Whether one value of the catalog (an object, a map, a set) can stand for the other: the same in content,
 * and made by the same statements (an origin's anchor compared by identity, so that what is shared keeps
 * moving with its statement). Shared parts are skipped by identity.
 */
export function interchangeable(a: unknown, b: unknown): boolean {
  return same(a, b, true);
}
