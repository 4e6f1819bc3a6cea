import type { PgNode } from '../parser/pgParser';
import { findNameToken, type Session, type StatementContext } from '../context';
import { withRelation, withoutBodies, withoutSchema, withoutType } from '../catalog/edit';
import { withIndexRenamed, withoutIndex } from '../catalog/indexes';
import { creationSchema, indexOwner, lookupRelation } from '../catalog/lookup';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';
import { dependentObjectsProblem, withoutDependentViews } from './viewDependencies';
import { reportBodiesOfDroppedRelation } from '../plpgsql/brokenBodies';
import { dropTriggerColumns } from './triggerDependencies';
import { untrackedDependents, withoutDroppedTable } from './dropDependencies';
import { dropPolicy } from './relationReferences';
import { mayHaveBeenRefused } from './refusable';
import type { Relation } from '../catalog/types';

const RELATION_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view',
  OBJECT_FOREIGN_TABLE: 'foreign table', OBJECT_SEQUENCE: 'sequence',
};

/** DROP TABLE/VIEW/...: without IF EXISTS, a relation that surely does not exist is Postgres's 42P01. */
export function dropObjects(n: PgNode, ctx: StatementContext): Session {
  let session = ctx.session;
  const kind = RELATION_KINDS[n.removeType];
  // A partition named after its partitioned table has gone with it: no longer there, and no error.
  const together = kind ? droppedTogether(session, n) : [];
  for (const obj of n.objects ?? []) {
    const names: string[] = (obj.List?.items ?? []).map((i: PgNode) => i.String?.sval);
    if (kind) session = dropRelation(session, names, kind, n, ctx, together);
    else if (n.removeType === 'OBJECT_INDEX') session = { ...session, catalog: renameIndex(session, names, undefined) };
    else if ((n.removeType === 'OBJECT_TRIGGER' || n.removeType === 'OBJECT_RULE') && !n.missing_ok && !tableOfExists(session, names, ctx)) continue;
    else if (n.removeType === 'OBJECT_TRIGGER') session = dropTriggerColumns(dropTrigger(session, names), obj);
    else if (n.removeType === 'OBJECT_POLICY') session = dropPolicy(session, names);
    else if (ROUTINE_KINDS.has(n.removeType)) session = dropRoutine(session, obj.ObjectWithArgs?.objname ?? []);
    else if (n.removeType === 'OBJECT_SCHEMA') session = { ...session, catalog: withoutSchema(session.catalog, obj.String?.sval) };
    else if (n.removeType === 'OBJECT_TYPE' || n.removeType === 'OBJECT_DOMAIN') {
      const typeNames: string[] = (obj.TypeName?.names ?? []).map((i: PgNode) => i.String?.sval);
      const name = typeNames[typeNames.length - 1];
      const schema = typeNames.length > 1 ? typeNames[typeNames.length - 2] : creationSchema(session.searchPath);
      session = { ...session, catalog: withoutType(session.catalog, schema, name) };
      if (n.behavior === 'DROP_CASCADE' && name) session = withoutColumnsOfType(session, typeNames.length > 1 ? schema : undefined, name);
    }
  }
  return session;
}

/**
 * DROP TYPE/DOMAIN ... CASCADE drops the columns of that type (arrays of it too); a table whose partition key
 * uses one goes altogether, with its partitions (create_table.sql:275). A column's type is matched by name, and
 * by schema where it was written qualified.
 */
function withoutColumnsOfType(session: Session, schema: string | undefined, name: string): Session {
  let catalog = session.catalog;
  for (const s of session.catalog.schemas.values()) {
    for (const relation of s.relations.values()) {
      const ofType = relation.columns.filter((c) => typeMatches(c.type, schema, name)).map((c) => c.name);
      if (!ofType.length || relation.kind === 'view') continue;
      const current = catalog.schemas.get(relation.schema)?.relations.get(relation.name);
      if (!current) continue;
      if (relation.partitionKey?.some((k) => ofType.includes(k))) {
        catalog = withoutDroppedTable(catalog, current, false, true).catalog;
        continue;
      }
      catalog = withRelation(catalog, { ...current, columns: current.columns.filter((c) => !ofType.includes(c.name)) });
    }
  }
  return catalog === session.catalog ? session : { ...session, catalog };
}

/** Whether a column type as format_type writes it (`d`, `s.d`, `d[]`) is the type `schema.name`. */
function typeMatches(written: string, schema: string | undefined, name: string): boolean {
  const base = written.replace(/(\[\])+$/, '');
  const parts = base.split('.').map((p) => p.replace(/^"(.*)"$/, '$1'));
  if (parts[parts.length - 1] !== name) return false;
  return parts.length === 1 || schema === undefined || parts[0] === schema;
}

/** DROP TRIGGER/RULE x ON table (without IF EXISTS): a table that surely does not exist is 42P01. */
function tableOfExists(session: Session, names: string[], ctx: StatementContext): boolean {
  const table = names[names.length - 2];
  if (table === undefined) return true;
  const found = lookupRelation(session.catalog, session.searchPath, names.length > 2 ? names[names.length - 3] : undefined, table);
  if (found.kind !== 'missing') return true;
  ctx.report(undefinedTable(findNameToken(ctx, table), undefinedTableMessage.relation(names.slice(0, -1).join('.'))));
  return false;
}

/** DROP TRIGGER t ON table: the table no longer runs it. */
function dropTrigger(session: Session, names: string[]): Session {
  const trigger = names[names.length - 1];
  const found = lookupRelation(session.catalog, session.searchPath, names.length > 2 ? names[names.length - 3] : undefined, names[names.length - 2]);
  if (found.kind !== 'found' || !found.relation.triggers?.some((t) => t.name === trigger)) return session;
  const triggers = found.relation.triggers.filter((t) => t.name !== trigger);
  return { ...session, catalog: withRelation(session.catalog, { ...found.relation, triggers }) };
}

const ROUTINE_KINDS = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE']);

function dropRoutine(session: Session, objname: PgNode[]): Session {
  const parts: string[] = objname.map((x: PgNode) => x.String?.sval);
  const name = parts[parts.length - 1];
  const schemas = parts.length > 1 ? [parts[parts.length - 2]] : (session.searchPath ?? []);
  let catalog = session.catalog;
  for (const s of schemas) catalog = withoutBodies(catalog, s, name);
  return catalog === session.catalog ? session : { ...session, catalog };
}

/** DROP INDEX (`to` undefined) and ALTER INDEX ... RENAME: the index changes on the table that has it. */
export function renameIndex(session: Session, names: string[], to: string | undefined): Session['catalog'] {
  const owner = indexOwner(session.catalog, session.searchPath, names);
  if (!owner) return session.catalog;
  return withRelation(session.catalog, to === undefined ? withoutIndex(owner.relation, owner.index.name) : withIndexRenamed(owner.relation, owner.index.name, to));
}

/** The relations one DROP statement names: a view dropped with the table it depends on is no obstacle. */
function droppedTogether(session: Session, n: PgNode): Relation[] {
  const found: Relation[] = [];
  for (const obj of n.objects ?? []) {
    const names: string[] = (obj.List?.items ?? []).map((i: PgNode) => i.String?.sval);
    const r = lookupRelation(session.catalog, session.searchPath, names.length > 1 ? names[names.length - 2] : undefined, names[names.length - 1]);
    if (r.kind === 'found') found.push(r.relation);
  }
  return found;
}

function dropRelation(session: Session, names: string[], kind: string, n: PgNode, ctx: StatementContext, together: readonly Relation[]): Session {
  const name = names[names.length - 1];
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const found = lookupRelation(session.catalog, session.searchPath, schema, name);
  if (found.kind === 'found') {
    const target = found.relation;
    if (n.behavior === 'DROP_CASCADE') reportBodiesOfDroppedRelation(ctx, target, findNameToken(ctx, name));
    if (n.behavior === 'DROP_CASCADE') {
      const { catalog, unsure } = withoutDroppedTable(session.catalog, target, true, true);
      return mayHaveBeenRefused({ ...session, catalog: withoutDependentViews(catalog, target) }, unsure);
    }
    const blocked = dependentObjectsProblem(session.catalog, target, findNameToken(ctx, name), undefined, together);
    if (blocked) {
      ctx.report(blocked);
      return session;
    }
    reportBodiesOfDroppedRelation(ctx, target, findNameToken(ctx, name));
    // Dependents the catalog may hold wrongly: whether Postgres dropped it is left open.
    const refusable = untrackedDependents(session.catalog, target, together).length > 0;
    const { catalog, unsure } = withoutDroppedTable(session.catalog, target, false, !refusable);
    return mayHaveBeenRefused({ ...session, catalog }, refusable ? [target.name, ...unsure] : unsure);
  }
  if (found.kind === 'missing' && !n.missing_ok && !together.some((r) => r.name === name && (schema === undefined || r.schema === schema))) {
    const problem = undefinedTable(findNameToken(ctx, name), undefinedTableMessage.dropped(kind, names.join('.')));
    // DROP FOREIGN TABLE says it with undefined_object (42704), as Postgres's dropErrorMsg table does.
    ctx.report(kind === 'foreign table' ? { ...problem, code: '42704' } : problem);
  }
  return session;
}
