import type { Observation, StatementContext } from '../context';
import type { Catalog, Relation, ViewDependency } from '../catalog/types';
import type { ColumnSet } from '../resolve/scope';
import type { Problem, Span } from '../types';
import { withRelation, withoutRelation } from '../catalog/edit';
import { lookupRelation } from '../catalog/lookup';
import { builtinSchemas } from '../catalog/builtin';
import type { PgNode } from '../parser/pgParser';
import { usedColumn } from '../resolve/columnUses';

/**
 * Views depend on what their query uses (pg_depend): Postgres refuses to drop a column, a table or a view
 * a view depends on (2BP01, unless CASCADE, which drops the view too) and to change the type of a column
 * a view uses (0A000).
 */

/** A statement context that also records the relations and columns its query uses. */
export function recordingDependencies(ctx: StatementContext): { ctx: StatementContext; dependencies(output: ColumnSet): ViewDependency[] } {
  const found: ViewDependency[] = [];
  const add = (d: ViewDependency) => {
    if (!found.some((f) => f.schema === d.schema && f.relation === d.relation && f.column === d.column)) found.push(d);
  };
  const observe = (o: Observation) => {
    ctx.observe?.(o);
    if (o.kind === 'relation' && o.relation) add({ schema: o.relation.schema, relation: o.relation.name });
    if (o.kind !== 'columnRef') return;
    const used = usedColumn(o.fields, o.scope, o.unqualified);
    if (used) add(used);
  };
  return {
    ctx: { ...ctx, observe },
    dependencies(output) {
      // `SELECT *` was expanded when the view was made: it depends on every column it listed then.
      for (const c of output.columns) if (c.column && c.relation) add({ schema: c.relation.schema, relation: c.relation.name, column: c.column.name });
      return found;
    },
  };
}

/** The views that depend on a relation (on one of its columns, with `column`). */
export function dependentViews(catalog: Catalog, target: Relation, column?: string): Relation[] {
  const views: Relation[] = [];
  for (const schema of catalog.schemas.values()) {
    for (const rel of schema.relations.values()) {
      if (rel === target || !rel.dependsOn) continue;
      if (rel.dependsOn.some((d) => d.schema === target.schema && d.relation === target.name && (column === undefined ? true : d.column === column))) views.push(rel);
    }
  }
  return views;
}

const kindWord = (r: Relation) => (r.kind === 'materialized view' ? 'materialized view' : r.kind === 'view' ? 'view' : r.kind === 'foreign table' ? 'foreign table' : 'table');

/** 2BP01 for DROP COLUMN / DROP TABLE / DROP VIEW of something a view depends on; undefined when none does. */
export function dependentObjectsProblem(catalog: Catalog, target: Relation, span: Span, column?: string, alsoDropped: readonly Relation[] = []): Problem | undefined {
  const views = dependentViews(catalog, target, column).filter((v) => !v.catalogEdited && !alsoDropped.some((d) => d.schema === v.schema && d.name === v.name));
  if (!views.length) return undefined;
  const what = column === undefined ? `${kindWord(target)} ${target.name}` : `column ${column} of ${kindWord(target)} ${target.name}`;
  const detail = views.map((v) => `${kindWord(v)} ${v.name} depends on ${what}`).join('; ');
  return {
    span,
    code: '2BP01',
    message: `cannot drop ${what} because other objects depend on it`,
    hint: `${detail}. Use DROP ... CASCADE to drop the dependent objects too.`,
    severity: 'error',
  };
}

/** 0A000 for ALTER COLUMN ... TYPE of a column a view uses. */
export function alterTypeProblem(catalog: Catalog, target: Relation, column: string, span: Span): Problem | undefined {
  const views = dependentViews(catalog, target, column).filter((v) => !v.catalogEdited);
  if (!views.length) return undefined;
  return {
    span,
    code: '0A000',
    message: 'cannot alter type of a column used by a view or rule',
    hint: `rule _RETURN on ${kindWord(views[0])} ${views[0].name} depends on column "${column}"`,
    severity: 'error',
  };
}

/**
 * Whether a view whose pg_catalog rows a statement wrote depends on it: Postgres may or may not refuse then
 * (the refusal is not reported; the caller leaves the name open, refusable.ts).
 */
export function editedDependents(catalog: Catalog, target: Relation, column?: string): boolean {
  return dependentViews(catalog, target, column).some((v) => v.catalogEdited);
}

/**
 * DML on a pg_catalog table (`DELETE FROM pg_depend WHERE objid = (... 'v'::regclass ...)`): the relations its
 * regclass literals name are marked, their dependencies no longer trusted.
 */
export function withCatalogEdits(catalog: Catalog, searchPath: readonly string[] | null, node: PgNode): Catalog {
  const [type] = Object.keys(node ?? {});
  const rv = node?.[type]?.relation;
  if (!rv || !['InsertStmt', 'UpdateStmt', 'DeleteStmt'].includes(type)) return catalog;
  if (rv.schemaname !== 'pg_catalog' && (rv.schemaname !== undefined || !builtinSchemas.get('pg_catalog')?.relations.has(rv.relname))) return catalog;
  let next = catalog;
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const cast = (x as PgNode).TypeCast;
    const name = cast?.arg?.A_Const?.sval?.sval;
    if (typeof name === 'string' && cast.typeName?.names?.at(-1)?.String?.sval === 'regclass') {
      const parts = name.split('.');
      const found = lookupRelation(next, searchPath, parts.length > 1 ? parts[0] : undefined, parts[parts.length - 1]);
      if (found.kind === 'found') next = withRelation(next, { ...found.relation, catalogEdited: true });
    }
    for (const v of Object.values(x as object)) walk(v);
  };
  walk(node);
  return next;
}

/** CASCADE: the views that depend on the dropped object go too (and the views on those). */
export function withoutDependentViews(catalog: Catalog, target: Relation, column?: string): Catalog {
  let next = catalog;
  for (const v of dependentViews(catalog, target, column)) {
    next = withoutDependentViews(withoutRelation(next, v.schema, v.name), v);
  }
  return next;
}
