import type { Catalog, Relation } from './types';
import { allRelations } from './edit';

/** One step of a join path: from one relation to another along a foreign key, in either direction. */
export interface JoinStep {
  from: Relation;
  fromColumns: readonly string[];
  to: Relation;
  toColumns: readonly string[];
  /** True when `from` holds the foreign key (many-to-one); false when `to` does. */
  forward: boolean;
  /** True when a row of `from` may have no partner in `to`. */
  nullable: boolean;
}

export type JoinPath = readonly JoinStep[];

const key = (r: Relation) => `${r.schema}.${r.name}`;

function stepsFrom(catalog: Catalog, relation: Relation, incoming: Map<string, JoinStep[]>): JoinStep[] {
  const steps: JoinStep[] = [];
  for (const fk of relation.foreignKeys) {
    const to = catalog.schemas.get(fk.refSchema)?.relations.get(fk.refTable);
    if (!to) continue;
    const nullable = fk.columns.some((c) => relation.columns.find((col) => col.name === c)?.nullable ?? true);
    steps.push({ from: relation, fromColumns: fk.columns, to, toColumns: fk.refColumns, forward: true, nullable });
  }
  return steps.concat(incoming.get(key(relation)) ?? []);
}

/** Foreign keys seen from the referenced side; catalogs are immutable, so once per catalog. */
const incomingByCatalog = new WeakMap<Catalog, Map<string, JoinStep[]>>();

function incomingSteps(catalog: Catalog): Map<string, JoinStep[]> {
  const cached = incomingByCatalog.get(catalog);
  if (cached) return cached;
  const incoming = new Map<string, JoinStep[]>();
  incomingByCatalog.set(catalog, incoming);
  for (const rel of allRelations(catalog)) {
    for (const fk of rel.foreignKeys) {
      const to = catalog.schemas.get(fk.refSchema)?.relations.get(fk.refTable);
      if (!to) continue;
      const list = incoming.get(key(to)) ?? [];
      list.push({ from: to, fromColumns: fk.refColumns, to: rel, toColumns: fk.columns, forward: false, nullable: true });
      incoming.set(key(to), list);
    }
  }
  return incoming;
}

/**
 * Shortest join paths (up to `maxHops`) from `start` to relations that satisfy `goal`, over foreign
 * keys in both directions. Among paths of equal length the one with fewer nullable steps comes first.
 */
export function findJoinPaths(
  catalog: Catalog,
  start: Relation,
  goal: (r: Relation) => boolean,
  maxHops = 4,
): JoinPath[] {
  const incoming = incomingSteps(catalog);
  const found: JoinPath[] = [];
  let frontier: JoinPath[] = [[]];
  const seen = new Set([key(start)]);
  for (let hop = 1; hop <= maxHops && found.length === 0; hop++) {
    const next: JoinPath[] = [];
    const reachedThisHop = new Set<string>();
    for (const path of frontier) {
      const at = path.length ? path[path.length - 1].to : start;
      for (const step of stepsFrom(catalog, at, incoming)) {
        if (seen.has(key(step.to))) continue;
        const extended = [...path, step];
        if (goal(step.to)) found.push(extended);
        next.push(extended);
        reachedThisHop.add(key(step.to));
      }
    }
    reachedThisHop.forEach((k) => seen.add(k));
    frontier = next;
  }
  const nullableSteps = (p: JoinPath) => p.filter((s) => s.nullable).length;
  return found.sort((a, b) => nullableSteps(a) - nullableSteps(b));
}
