import type { PgNode } from '../parser/pgParser';
import type { Session } from '../context';
import type { Catalog, Relation, TriggerColumns } from '../catalog/types';
import type { Problem, Span } from '../types';
import { withRelation } from '../catalog/edit';
import { lookupRelation } from '../catalog/lookup';

/**
 * A trigger with a column list (`UPDATE OF a, b`) depends on those columns (pg_depend): Postgres refuses to
 * drop one of them (2BP01) unless CASCADE, which drops the trigger too; a renamed column is renamed in the
 * list, and ALTER TRIGGER … RENAME and DROP TRIGGER follow. Triggers without a column list depend on no column
 * and are not recorded.
 */

/** The relation with trigger `name` recorded (replacing one of that name); a trigger without columns removes it. */
export function withTrigger(relation: Relation, name: string, columns: readonly string[]): Relation {
  const others = (relation.triggerColumns ?? []).filter((t) => t.trigger !== name);
  const triggerColumns: TriggerColumns[] = columns.length ? [...others, { trigger: name, columns }] : others;
  if (!triggerColumns.length && !relation.triggerColumns) return relation;
  return { ...relation, triggerColumns: triggerColumns.length ? triggerColumns : undefined };
}

/** 2BP01 for DROP COLUMN of a column a trigger's column list names; undefined when none does (or it is uncertain). */
export function triggerDependencyProblem(catalog: Catalog, relation: Relation, column: string, span: Span): Problem | undefined {
  // Dynamic SQL may have dropped the trigger: then nothing is certain.
  if (catalog.uncertainNames.has(relation.name)) return undefined;
  const triggers = (relation.triggerColumns ?? []).filter((t) => t.columns.includes(column));
  if (!triggers.length) return undefined;
  const what = `column ${column} of table ${relation.name}`;
  return {
    span,
    code: '2BP01',
    message: `cannot drop ${what} because other objects depend on it`,
    hint: `${triggers.map((t) => `trigger ${t.trigger} on table ${relation.name} depends on ${what}`).join('; ')}. Use DROP ... CASCADE to drop the dependent objects too.`,
    severity: 'error',
  };
}

/** DROP COLUMN ... CASCADE: the triggers whose column list names it go too. */
export function withoutColumnTriggers(relation: Relation, column: string): Relation {
  if (!relation.triggerColumns?.some((t) => t.columns.includes(column))) return relation;
  const kept = relation.triggerColumns.filter((t) => !t.columns.includes(column));
  return { ...relation, triggerColumns: kept.length ? kept : undefined };
}

/** RENAME COLUMN: the column lists follow. */
export function withRenamedTriggerColumn(relation: Relation, from: string, to: string): Relation {
  if (!relation.triggerColumns?.some((t) => t.columns.includes(from))) return relation;
  return { ...relation, triggerColumns: relation.triggerColumns.map((t) => ({ ...t, columns: t.columns.map((c) => (c === from ? to : c)) })) };
}

/** DROP TRIGGER name ON table (the object's names: [schema,] table, trigger). */
export function dropTriggerColumns(session: Session, obj: PgNode): Session {
  const names: string[] = (obj.List?.items ?? []).map((i: PgNode) => i.String?.sval);
  if (names.length < 2) return session;
  const trigger = names[names.length - 1];
  const found = lookupRelation(session.catalog, session.searchPath, names.length > 2 ? names[names.length - 3] : undefined, names[names.length - 2]);
  if (found.kind !== 'found' || !found.relation.triggerColumns?.some((t) => t.trigger === trigger)) return session;
  return { ...session, catalog: withRelation(session.catalog, withTrigger(found.relation, trigger, [])) };
}
