import type { Session } from './context';
import type { Catalog } from './catalog/types';
import { changedRelations, withUncertainNames } from './catalog/edit';

/**
 * The session after a statement the analysis reports an error on: Postgres applied none of it, so the
 * session is the one before it. The relations the statement would have created become
 * uncertain rather than missing: if the reported error is one Postgres would not raise, nothing later
 * follows from it; if it is real, the later uses of those names are the same mistake, already reported once.
 * (A later CREATE of the name makes it certain again.) `rejectedNames` says why, for the not-checked notes.
 */
export function afterRejected(before: Session, wouldBe: Session): Session {
  const names = createdNames(before.catalog, wouldBe.catalog);
  if (!names.length) return before;
  const catalog = withUncertainNames(before.catalog, names);
  const rejectedNames = new Set(before.catalog.rejectedNames);
  for (const n of names) rejectedNames.add(n);
  return { ...before, catalog: { ...catalog, rejectedNames } };
}

/**
 * Relations that are in `after` and not in `before`. Not the columns a rejected statement would have added:
 * uncertainty is by name, so a column name made uncertain would go unchecked in every table.
 */
function createdNames(before: Catalog, after: Catalog): string[] {
  const names: string[] = [];
  for (const { name, schema, keys } of changedRelations(before, after)!) {
    const old = before.schemas.get(name);
    for (const relname of keys) if (schema.relations.has(relname) && !old?.relations.has(relname)) names.push(relname);
  }
  return names;
}
