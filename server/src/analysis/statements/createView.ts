import type { PgNode } from '../parser/pgParser';
import { originAt, type Session, type StatementContext } from '../context';
import type { Relation } from '../catalog/types';
import { columnsKnownNow, withRelation } from '../catalog/edit';
import { analyzeQuery } from '../resolve/query';
import { childScope, renameColumns } from '../resolve/scope';
import { newRelation, refusesNewRelations, targetSchema } from './createTable';
import { recordingDependencies } from './viewDependencies';

/** CREATE [OR REPLACE] VIEW: checks the query; the view's columns are its select list's, renamed by the column list. */
export function createView(n: PgNode, ctx: StatementContext): Session {
  const rv = n.view;
  const recording = recordingDependencies(ctx);
  const query = analyzeQuery(n.query, childScope(undefined), recording.ctx);
  const columns = renameColumns(query, n.aliases?.map((a: PgNode) => a.String.sval));
  if (refusesNewRelations(targetSchema(rv, ctx.session))) return ctx.session;
  const relation: Relation = {
    ...newRelation(targetSchema(rv, ctx.session), rv.relname, 'view', originAt(ctx, rv.location, rv.schemaname ? 2 : 1)),
    columns: columns.columns.map((c) => ({ name: c.name, type: c.type ?? '', nullable: c.column?.nullable ?? true, origin: c.column?.origin })),
    open: columns.open,
    ...(columns.open ? {} : columnsKnownNow(ctx.session.catalog)),
    dependsOn: recording.dependencies(query),
  };
  return { ...ctx.session, catalog: withRelation(ctx.session.catalog, relation) };
}
