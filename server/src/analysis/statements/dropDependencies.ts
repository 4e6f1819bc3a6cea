import type { Catalog, Relation, RelationName } from '../catalog/types';
import { allRelations, withCertainName, withRelation, withoutRelation } from '../catalog/edit';
import { descendantsOf } from '../catalog/inheritance';

/**
 * What besides views (viewDependencies.ts) may make Postgres refuse DROP TABLE / DROP SEQUENCE without CASCADE
 * (2BP01, pg_depend): a foreign key of another table that references the table, or a partitioned table it is
 * a partition of; a policy of another table whose expression uses it; a table that inherits from it
 * (partitions go with their partitioned table, and block nothing); a column default that calls nextval() of
 * the sequence (a serial column's too).
 *
 * These are not reported: the catalog holds what the analysis applied, also statements PostgreSQL refused for
 * reasons it does not check (a failed CHECK, a type mismatch), so a recorded dependent may not exist. The
 * drop is applied and its name made uncertain (refusable.ts): neither outcome is reported later.
 */
export function untrackedDependents(catalog: Catalog, target: Relation, alsoDropped: readonly Relation[] = []): string[] {
  const dropped = (r: RelationName) => (r.schema === target.schema && r.name === target.name) || alsoDropped.some((d) => d.schema === r.schema && d.name === r.name);
  const found: string[] = [];
  if (target.kind === 'sequence') {
    for (const r of allRelations(catalog)) {
      if (!dropped(r) && r.columns.some((c) => c.default && defaultUsesSequence(c.default, target))) found.push(r.name);
    }
    return found;
  }
  const referenced = [target, ...partitionAncestors(catalog, target)];
  for (const r of allRelations(catalog)) {
    if (dropped(r)) continue;
    if (r.foreignKeys.some((fk) => referenced.some((t) => fk.refSchema === t.schema && fk.refTable === t.name))) found.push(r.name);
    else if (r.policies?.some((p) => p.uses.some((u) => u.schema === target.schema && u.name === target.name))) found.push(r.name);
  }
  for (const child of descendantsOf(catalog, target)) {
    if (!dropped(child) && !child.isPartition && isDirectChild(child, target)) found.push(child.name);
  }
  return found;
}

const isDirectChild = (child: Relation, parent: RelationName) => child.inherits?.some((p) => p.schema === parent.schema && p.name === parent.name) ?? false;

/** The partitioned tables a partition belongs to, at any level. */
function partitionAncestors(catalog: Catalog, r: Relation): Relation[] {
  const found: Relation[] = [];
  let current: Relation | undefined = r;
  while (current?.isPartition && current.inherits?.length === 1) {
    const p: RelationName = current.inherits[0];
    const parent = catalog.schemas.get(p.schema)?.relations.get(p.name);
    if (!parent || found.includes(parent)) break;
    found.push(parent);
    current = parent;
  }
  return found;
}

/** `nextval('s'::regclass)`, `nextval('public.s')`, `nextval('"S"')`: a default that uses the sequence. */
function defaultUsesSequence(text: string, sequence: Relation): boolean {
  for (const m of text.matchAll(/nextval\s*\(\s*'((?:[^']|'')*)'/gi)) {
    const parts = m[1].replace(/''/g, "'").split('.').map((p) => (p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
    const name = parts[parts.length - 1];
    const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
    if (name === sequence.name && (schema === undefined || schema === sequence.schema)) return true;
  }
  return false;
}

/**
 * The catalog after the table is dropped: its partitions go with it (at any depth), and with CASCADE its
 * inheritance children and the foreign keys of other tables that reference it or one of those. A partition
 * that ATTACH PARTITION made may never have been attached (the attach can fail on its rows): `unsure` names
 * those, for the caller to leave open. With `certain` (the drop cannot have been refused), the names of their
 * serial and identity sequences are certain again.
 */
export function withoutDroppedTable(catalog: Catalog, target: Relation, cascade: boolean, certain: boolean): { catalog: Catalog; unsure: string[] } {
  const gone = [target, ...descendantsOf(catalog, target).filter((d) => cascade || partitionAncestors(catalog, d).includes(target))];
  const unsure = gone.filter((g) => g !== target && attachedOnTheWay(catalog, g, target)).map((g) => g.name);
  let next = catalog;
  for (const r of gone) next = withoutRelation(next, r.schema, r.name);
  for (const s of allRelations(catalog)) {
    if (s.ownedBy && gone.some((g) => g.schema === s.ownedBy!.schema && g.name === s.ownedBy!.name)) next = withoutRelation(next, s.schema, s.name);
  }
  if (certain) {
    // A serial sequence an earlier DROP SEQUENCE left uncertain (known by its default) is surely gone now.
    for (const g of gone) {
      for (const c of g.columns) {
        const serial = `${g.name}_${c.name}_seq`;
        if (c.default === `nextval('${serial}'::regclass)` && next.uncertainNames.has(serial)) next = withCertainName(next, serial);
      }
    }
  }
  if (!cascade) return { catalog: next, unsure };
  for (const r of allRelations(next)) {
    const foreignKeys = r.foreignKeys.filter((fk) => !gone.some((g) => fk.refSchema === g.schema && fk.refTable === g.name));
    if (foreignKeys.length !== r.foreignKeys.length) next = withRelation(next, { ...r, foreignKeys });
  }
  return { catalog: next, unsure };
}

/** Whether a partition, or a partition between it and the dropped table, was made by ATTACH PARTITION. */
function attachedOnTheWay(catalog: Catalog, r: Relation, top: Relation): boolean {
  let current: Relation | undefined = r;
  while (current && current !== top) {
    if (current.isPartition === 'attached') return true;
    const p: RelationName | undefined = current.inherits?.[0];
    current = p && catalog.schemas.get(p.schema)?.relations.get(p.name);
  }
  return false;
}
