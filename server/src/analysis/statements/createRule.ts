import type { PgNode } from '../parser/pgParser';
import type { Session, StatementContext } from '../context';
import type { Relation } from '../catalog/types';
import { resolveRelation } from '../resolve/fromClause';
import { walkExpression } from '../resolve/expressions';
import { analyzeQuery } from '../resolve/query';
import { analyzeModification } from '../resolve/modification';
import { childScope, columnsOfRelation, type NamespaceItem } from '../resolve/scope';

/**
 * CREATE RULE (transformRuleStmt in parse_utilcmd.c). Its WHERE sees NEW and OLD as the event lets it: the
 * columns of OLD in a SELECT or DELETE rule, of NEW in an INSERT rule, of both in an UPDATE rule (so an
 * unqualified name there is ambiguous). Its actions see NEW and OLD by name only, never their columns
 * unqualified (rules.sql:716), and they are no FROM items (FOR UPDATE OF old: rules.sql:1005). Rules change
 * nothing the catalog keeps (a `_RETURN` rule that makes a table a view is not followed).
 */
export function createRule(n: PgNode, ctx: StatementContext): Session {
  const relation = n.relation && resolveRelation(n.relation, ctx);
  if (!relation || relation.open || ctx.session.catalog.uncertainNames.has(relation.name)) return ctx.session;
  const visible = (name: 'new' | 'old') => (name === 'old' ? ['CMD_SELECT', 'CMD_DELETE', 'CMD_UPDATE'] : ['CMD_INSERT', 'CMD_UPDATE']).includes(n.event);
  const qual = childScope(undefined, (['old', 'new'] as const).filter(visible).map((name) => pseudoRow(relation, name, true)));
  walkExpression(n.whereClause, qual, ctx);
  const rows = childScope(undefined, [pseudoRow(relation, 'old', false), pseudoRow(relation, 'new', false)]);
  for (const action of n.actions ?? []) {
    if (action?.SelectStmt) analyzeQuery(action, childScope(rows), ctx);
    else if (action?.InsertStmt || action?.UpdateStmt || action?.DeleteStmt) analyzeModification(action, childScope(rows), ctx);
  }
  return ctx.session;
}

function pseudoRow(relation: Relation, name: 'new' | 'old', colsVisible: boolean): NamespaceItem {
  return { columns: columnsOfRelation(relation), open: false, refname: name, relVisible: true, colsVisible, systemColumns: relation.kind !== 'view', relation };
}
