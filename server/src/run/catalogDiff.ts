import type { Catalog, Column, Relation } from '../analysis';
import { qualifiedName } from '../analysis/catalog/names';

/**
 * What a migration changed in the schema, from the catalogs before and after it. Pure.
 *
 * Catalogs carry names, not object identities, so renames are recognised by shape: a relation that vanished
 * and one that appeared in the same schema with the same kind and the same columns; a column that vanished
 * and one that appeared after the same kept column with the same type (a rename keeps the column's place,
 * an added column goes last).
 */
export type SchemaChange =
  | { change: 'schema added' | 'schema dropped'; schema: string }
  | { change: 'relation added' | 'relation dropped'; schema: string; relation: string; kind: Relation['kind']; columns: number }
  | { change: 'relation renamed'; schema: string; relation: string; from: string; kind: Relation['kind'] }
  | { change: 'column added' | 'column dropped'; schema: string; relation: string; column: string; type: string }
  | { change: 'column renamed'; schema: string; relation: string; column: string; from: string }
  | { change: 'column retyped'; schema: string; relation: string; column: string; from: string; to: string }
  | { change: 'column nullability'; schema: string; relation: string; column: string; nullable: boolean };

export function diffCatalogs(before: Catalog, after: Catalog): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const name of after.schemas.keys()) if (!before.schemas.has(name)) changes.push({ change: 'schema added', schema: name });
  for (const name of before.schemas.keys()) if (!after.schemas.has(name)) changes.push({ change: 'schema dropped', schema: name });

  for (const schema of new Set([...before.schemas.keys(), ...after.schemas.keys()])) {
    const old = before.schemas.get(schema)?.relations ?? new Map<string, Relation>();
    const now = after.schemas.get(schema)?.relations ?? new Map<string, Relation>();
    const dropped = [...old.values()].filter((r) => !now.has(r.name));
    const added = [...now.values()].filter((r) => !old.has(r.name));
    for (const r of added) {
      const renamedFrom = dropped.find((d) => d.kind === r.kind && sameColumns(d.columns, r.columns));
      if (renamedFrom) {
        dropped.splice(dropped.indexOf(renamedFrom), 1);
        changes.push({ change: 'relation renamed', schema, relation: r.name, from: renamedFrom.name, kind: r.kind });
      } else {
        changes.push({ change: 'relation added', schema, relation: r.name, kind: r.kind, columns: r.columns.length });
      }
    }
    for (const d of dropped) changes.push({ change: 'relation dropped', schema, relation: d.name, kind: d.kind, columns: d.columns.length });
    for (const r of now.values()) {
      const o = old.get(r.name);
      if (o) changes.push(...diffColumns(schema, r.name, o.columns, r.columns));
    }
  }
  return changes;
}

function diffColumns(schema: string, relation: string, before: readonly Column[], after: readonly Column[]): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const oldByName = new Map(before.map((c) => [c.name, c]));
  const newNames = new Set(after.map((c) => c.name));
  // A vanished column is known by the nearest kept column before it: a rename keeps that neighbour.
  const gone = new Map<string, Column[]>();
  anchored(before, (c) => !newNames.has(c.name), (anchor, c) => gone.set(anchor, [...(gone.get(anchor) ?? []), c]));
  anchored(after, (c) => !oldByName.has(c.name), (anchor, c) => {
    const candidates = gone.get(anchor) ?? [];
    const renamed = candidates.find((g) => g.type === c.type);
    if (renamed) {
      candidates.splice(candidates.indexOf(renamed), 1);
      changes.push({ change: 'column renamed', schema, relation, column: c.name, from: renamed.name });
    } else {
      changes.push({ change: 'column added', schema, relation, column: c.name, type: c.type });
    }
  });
  for (const c of after) {
    const o = oldByName.get(c.name);
    if (!o) continue;
    if (o.type !== c.type) changes.push({ change: 'column retyped', schema, relation, column: c.name, from: o.type, to: c.type });
    if (o.nullable !== c.nullable) changes.push({ change: 'column nullability', schema, relation, column: c.name, nullable: c.nullable });
  }
  for (const list of gone.values()) for (const c of list) changes.push({ change: 'column dropped', schema, relation, column: c.name, type: c.type });
  return changes;
}

/** Calls `visit` for each column `pick` selects, with the name of the nearest unpicked column before it ('' at the start). */
function anchored(columns: readonly Column[], pick: (c: Column) => boolean, visit: (anchor: string, c: Column) => void): void {
  let anchor = '';
  for (const c of columns) {
    if (pick(c)) visit(anchor, c);
    else anchor = c.name;
  }
}

function sameColumns(a: readonly Column[], b: readonly Column[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i].name && c.type === b[i].type);
}

/** One line per change, as the log and the notification show them. */
export function describeChange(c: SchemaChange): string {
  const rel = (name: string) => qualifiedName(c.schema, name);
  switch (c.change) {
    case 'schema added':
      return `+ schema ${c.schema}`;
    case 'schema dropped':
      return `- schema ${c.schema}`;
    case 'relation added':
      return `+ ${c.kind} ${rel(c.relation)} (${c.columns} column${c.columns === 1 ? '' : 's'})`;
    case 'relation dropped':
      return `- ${c.kind} ${rel(c.relation)}`;
    case 'relation renamed':
      return `~ ${c.kind} ${rel(c.from)} renamed to ${c.relation}`;
    case 'column added':
      return `+ column ${rel(c.relation)}.${c.column} ${c.type}`;
    case 'column dropped':
      return `- column ${rel(c.relation)}.${c.column}`;
    case 'column renamed':
      return `~ column ${rel(c.relation)}.${c.from} renamed to ${c.column}`;
    case 'column retyped':
      return `~ column ${rel(c.relation)}.${c.column}: ${c.from} → ${c.to}`;
    case 'column nullability':
      return `~ column ${rel(c.relation)}.${c.column}: ${c.nullable ? 'now nullable' : 'now NOT NULL'}`;
  }
}
