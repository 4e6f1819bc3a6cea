import type { Relation } from '../catalog/types';

/**
 * The rules' "existing table": one created by an earlier migration file that has been applied, or one the
 * base schema (a database, schema.prisma) has. A relation's origin names the file that created it, so a
 * relation made in `file` itself (it is new and empty in the file's transaction) or by a migration that is
 * still pending (`pending`, known with a database's migration history) is new: no lock, scan or rewrite on
 * it can hold anyone up.
 */
export function existedBefore(relation: Relation, file: string, pending?: (path: string) => boolean): boolean {
  const origin = relation.origin?.file;
  if (origin === undefined) return true;
  if (origin === file) return false;
  return !pending?.(origin);
}
