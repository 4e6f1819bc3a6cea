import type { Session } from './context';

/**
 * Whether two sessions are the same in content (catalog, search_path, and where each object was
 * defined). Parts shared by both are skipped by identity, so comparing the session after an edited
 * statement with the one before the edit costs only what that statement changed.
 */
export function sameSession(a: Session, b: Session): boolean {
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return false;
    for (const [k, v] of a) if (!other.has(k) || !same(v, other.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((v) => other.has(v));
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
