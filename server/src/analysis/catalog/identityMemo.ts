/**
 * What `seen` holds for `original`, else what `make()` makes, remembered: one result per object however often
 * it is shared (the plain copy of a catalog part that many catalog versions share, catalog/snapshot.ts).
 */
export function once<T>(original: object, seen: Map<object, unknown>, make: () => T): T {
  const known = seen.get(original);
  if (known !== undefined) return known as T;
  const made = make();
  seen.set(original, made);
  return made;
}
