import type { Catalog, Column, Relation, RelationName } from './types';
import { allRelations, withRelation } from './edit';
import { PersistentMap } from './persistentMap';

/**
 * Inheritance and partitions: ALTER TABLE on a parent (without ONLY) changes the columns of every table
 * that inherits from it, and of every partition, at any depth.
 */

const isParent = (parent: RelationName) => (r: Relation) => r.inherits?.some((p) => p.schema === parent.schema && p.name === parent.name) ?? false;

const inheritsAny = (r: Relation) => (r.inherits?.length ?? 0) > 0;

/** The relations that inherit from some table: few, found without visiting every relation of every version. */
function heirs(catalog: Catalog): Relation[] {
  const found: Relation[] = [];
  for (const schema of catalog.schemas.values()) {
    const relations = schema.relations;
    if (relations instanceof PersistentMap) found.push(...relations.valuesWhere(inheritsAny));
    else for (const r of relations.values()) if (inheritsAny(r)) found.push(r);
  }
  return found;
}

/** Every table that inherits from `parent`, at any depth (each once). */
export function descendantsOf(catalog: Catalog, parent: RelationName): Relation[] {
  const candidates = heirs(catalog);
  if (!candidates.length) return [];
  const found: Relation[] = [];
  const seen = new Set<string>([`${parent.schema}.${parent.name}`]);
  const queue: RelationName[] = [parent];
  while (queue.length) {
    const p = queue.shift()!;
    for (const r of candidates) {
      const key = `${r.schema}.${r.name}`;
      if (seen.has(key) || !isParent(p)(r)) continue;
      seen.add(key);
      found.push(r);
      queue.push(r);
    }
  }
  return found;
}

/** A parent's column as its child has it: inherited only (the child's own definition, if any, merges later). */
export function inheritedColumn(c: Column): Column {
  const { alsoLocal: _, ...rest } = c;
  return { ...rest, inherited: true };
}

/**
 * Applies the parent's column changes (from `before` to `after`: added, dropped, retyped) to its descendants.
 * A dropped column goes, level by level as Postgres recurses, from a child that only inherits it from this
 * parent; a child that also defines it, or inherits it from another parent too, keeps it (its own once no
 * parent gives it) and the tables below that child are not touched. With `only` (ALTER TABLE ONLY ... DROP
 * COLUMN), the children keep it as their own.
 */
export function withInheritedColumns(catalog: Catalog, before: Relation, after: Relation, only = false): Catalog {
  // Most tables have no children: no need to compare the columns.
  if (!heirs(catalog).some(isParent(after))) return catalog;
  const added = after.columns.filter((c) => !before.columns.some((b) => b.name === c.name));
  const dropped = before.columns.filter((c) => !after.columns.some((a) => a.name === c.name)).map((c) => c.name);
  const retyped = after.columns.filter((c) => before.columns.some((b) => b.name === c.name && b.type !== c.type));
  if (!added.length && !dropped.length && !retyped.length) return catalog;
  let next = dropped.length ? dropFromChildren(catalog, after, dropped, only) : catalog;
  if (!added.length && !retyped.length) return next;
  next = change(next, after, (child) => {
    const columns: Column[] = child.columns.map((c) => (only ? c : { ...(retyped.find((r) => r.name === c.name) ?? c), ...(c.inherited ? { inherited: true as const } : {}), ...(c.alsoLocal ? { alsoLocal: true as const } : {}) }));
    for (const a of added) {
      const i = columns.findIndex((c) => c.name === a.name);
      if (i < 0) columns.push(inheritedColumn(a));
      else columns[i] = { ...columns[i], inherited: true, alsoLocal: true };
    }
    return { ...child, columns };
  }, only);
  return next;
}

const own = ({ inherited: _i, alsoLocal: _l, ...c }: Column): Column => c;

/** DROP COLUMN reaching the direct children of `parent` (and, where the column went, theirs). */
function dropFromChildren(catalog: Catalog, parent: RelationName, names: readonly string[], only: boolean): Catalog {
  let next = catalog;
  for (const child of heirs(catalog).filter(isParent(parent))) {
    const current = next.schemas.get(child.schema)?.relations.get(child.name) ?? child;
    const gone: string[] = [];
    const columns: Column[] = [];
    for (const c of current.columns) {
      if (!names.includes(c.name)) {
        columns.push(c);
        continue;
      }
      const fromAnother = otherParentHas(next, current, parent, c.name);
      if (!only && c.inherited && !c.alsoLocal && !fromAnother) gone.push(c.name);
      else if (fromAnother) columns.push(only ? { ...c, alsoLocal: true } : c);
      else columns.push(own(c));
    }
    next = withRelation(next, { ...current, columns });
    if (gone.length) next = dropFromChildren(next, current, gone, false);
  }
  return next;
}

/** Whether a parent of `child` other than `parent` has the column (multiple inheritance). */
function otherParentHas(catalog: Catalog, child: Relation, parent: RelationName, column: string): boolean {
  return (child.inherits ?? []).some((p) => {
    if (p.schema === parent.schema && p.name === parent.name) return false;
    return catalog.schemas.get(p.schema)?.relations.get(p.name)?.columns.some((c) => c.name === column) ?? true;
  });
}

/** NO INHERIT, DETACH PARTITION: the table no longer inherits from `parent`; its columns are its own. */
export function withoutParent(relation: Relation, parent: RelationName): Relation {
  const inherits = relation.inherits?.filter((p) => !(p.schema === parent.schema && p.name === parent.name));
  // With several parents, a column may still come from another: left unmarked, so it is never reported.
  const columns = relation.columns.map((c) => (c.inherited ? (({ inherited: _i, alsoLocal: _l, ...own }) => own)(c) : c));
  const { isPartition: _p, ...rest } = relation;
  return { ...rest, inherits, columns };
}

/** RENAME COLUMN on a parent renames the column in its descendants. */
export function withInheritedRename(catalog: Catalog, parent: RelationName, from: string, to: string): Catalog {
  return change(catalog, parent, (child) => ({ ...child, columns: child.columns.map((c) => (c.name === from ? { ...c, name: to } : c)) }));
}

/** A renamed or moved parent: its children still inherit from it. */
export function withRenamedParent(catalog: Catalog, from: RelationName, to: RelationName): Catalog {
  let next = catalog;
  for (const r of allRelations(catalog)) {
    if (!isParent(from)(r)) continue;
    const inherits = r.inherits!.map((p) => (p.schema === from.schema && p.name === from.name ? to : p));
    next = withRelation(next, { ...(next.schemas.get(r.schema)?.relations.get(r.name) ?? r), inherits });
  }
  return next;
}

/** Changes every descendant of `parent` (only its direct children with `childrenOnly`). */
function change(catalog: Catalog, parent: RelationName, f: (r: Relation) => Relation, childrenOnly = false): Catalog {
  let next = catalog;
  const targets = childrenOnly ? heirs(catalog).filter(isParent(parent)) : descendantsOf(catalog, parent);
  for (const d of targets) next = withRelation(next, f(d));
  return next;
}

/**
 * Whether a table below `parent` also inherits the column from a parent outside `parent`'s tree (multiple
 * inheritance; a diamond within the tree is fine): Postgres then refuses to rename it from `parent` (42P16
 * "cannot rename inherited column").
 */
export function inheritedFromElsewhereBelow(catalog: Catalog, parent: RelationName, column: string): boolean {
  const tree = [parent, ...descendantsOf(catalog, parent)];
  const inTree = (p: RelationName) => tree.some((t) => t.schema === p.schema && t.name === p.name);
  return tree.slice(1).some((d) =>
    (d as Relation).inherits?.some((p) => !inTree(p) && (catalog.schemas.get(p.schema)?.relations.get(p.name)?.columns.some((c) => c.name === column) ?? true)),
  );
}
