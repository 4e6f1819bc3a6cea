import type { Column } from '../catalog/types';

/**
 * The rename heuristic: in one table, a column only schema.prisma has and one only the migrations have,
 * of the same type, are one column renamed (Prisma Migrate would drop the old one and add the new one,
 * losing its data). Columns pair in their order in the table; a type matches one column at most.
 */
export function pairRenamedColumns(
  missing: readonly Column[],
  extra: readonly Column[],
  typeKey: (type: string) => string,
): { renamed: [from: Column, to: Column][]; added: Column[]; dropped: Column[] } {
  const dropped = [...extra];
  const added: Column[] = [];
  const renamed: [Column, Column][] = [];
  for (const column of missing) {
    const k = dropped.findIndex((d) => d.type !== '' && typeKey(d.type) === typeKey(column.type));
    if (k < 0) added.push(column);
    else renamed.push([dropped.splice(k, 1)[0], column]);
  }
  return { renamed, added, dropped };
}
