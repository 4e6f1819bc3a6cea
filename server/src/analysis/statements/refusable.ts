import type { PgNode } from '../parser/pgParser';
import type { Session, StatementContext } from '../context';
import type { Relation } from '../catalog/types';
import { withRelation, withUncertainNames } from '../catalog/edit';
import { lookupRelation } from '../catalog/lookup';
import { currentRole, isReadOnly } from './sessionSettings';

/**
 * A statement PostgreSQL may refuse for what the catalog does not keep (a DROP with dependents, a change
 * under another role, a read-only transaction): its names become uncertain, so nothing later is reported
 * from either outcome. `after` is the session as if PostgreSQL ran it (a later CREATE of a name makes the
 * name certain again, catalog/edit.ts). `refusableNames` says why, for the not-checked notes.
 */
export function mayHaveBeenRefused(after: Session, names: readonly string[]): Session {
  if (!names.length) return after;
  const catalog = withUncertainNames(after.catalog, names);
  const refusableNames = new Set(after.catalog.refusableNames);
  for (const n of names) refusableNames.add(n);
  return { ...after, catalog: { ...catalog, refusableNames } };
}

/**
 * Statements PostgreSQL runs in a read-only transaction (utility.c, ClassifyUtilityCommandAsReadOnly). Every
 * other utility statement fails with 25006 before any name is looked up; DML looks its names up first and
 * fails only when it writes a table that is not temporary, so it is checked as usual.
 */
const READ_ONLY_OK = new Set([
  'SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'ExplainStmt', 'VariableSetStmt', 'VariableShowStmt',
  'TransactionStmt', 'PrepareStmt', 'ExecuteStmt', 'DeallocateStmt', 'DeclareCursorStmt', 'FetchStmt', 'ClosePortalStmt',
  'DiscardStmt', 'DoStmt', 'CallStmt', 'LockStmt', 'CopyStmt', 'VacuumStmt', 'ReindexStmt', 'ClusterStmt', 'CheckPointStmt',
  'ListenStmt', 'NotifyStmt', 'UnlistenStmt', 'LoadStmt', 'ConstraintsSetStmt', 'AlterSystemStmt',
]);

/** Whether PostgreSQL refuses the statement (25006) in the session's read-only transaction, before checking any name. */
export function refusedAsReadOnly(session: Session, node: PgNode): boolean {
  if (!isReadOnly(session)) return false;
  const [type] = Object.keys(node ?? {});
  if (type === 'SelectStmt') return !!node.SelectStmt.intoClause;
  if (type === 'ExplainStmt') return refusedAsReadOnly(session, node.ExplainStmt.query);
  return type !== undefined && !READ_ONLY_OK.has(type);
}

/** The existing relations a statement that needs their owner's rights acts on (DDL on them). */
function ownedTargets(node: PgNode, session: Session): Relation[] {
  const [type] = Object.keys(node ?? {});
  const n = node?.[type];
  const rvs: PgNode[] = [];
  switch (type) {
    case 'DropStmt':
      for (const obj of n.objects ?? []) {
        const names: string[] = (obj.List?.items ?? []).map((i: PgNode) => i.String?.sval);
        if (names.length && names.every((x) => typeof x === 'string')) rvs.push({ relname: names[names.length - 1], schemaname: names.length > 1 ? names[names.length - 2] : undefined });
      }
      break;
    case 'RenameStmt':
    case 'AlterTableStmt':
    case 'AlterObjectSchemaStmt':
    case 'IndexStmt':
    case 'CreateTrigStmt':
      if (n.relation) rvs.push(n.relation);
      break;
    case 'CreatePolicyStmt':
    case 'AlterPolicyStmt':
      if (n.table) rvs.push(n.table);
      break;
  }
  const found: Relation[] = [];
  for (const rv of rvs) {
    const r = lookupRelation(session.catalog, session.searchPath, rv.schemaname, rv.relname);
    if (r.kind === 'found') found.push(r.relation);
  }
  return found;
}

/**
 * A statement under another role (SET ROLE, SET SESSION AUTHORIZATION). DDL on a relation that role does not
 * own may fail with 42501 before anything else is checked, or succeed (a superuser, a member of the owner):
 * its problems are not reported, its effect is applied, and the names it touches become uncertain. A relation
 * it creates is the role's own, so later DDL of the same role on it is checked as usual.
 */
export function underAnotherRole(ctx: StatementContext, run: (ctx: StatementContext) => Session): Session {
  const role = currentRole(ctx.session);
  if (role === undefined) return run(ctx);
  const foreign = ownedTargets(ctx.statement.node, ctx.session).filter((r) => r.owner !== role);
  if (foreign.length) {
    const after = run({ ...ctx, report: () => undefined });
    // Only what the statement changed in the catalog is in doubt.
    const changed = foreign.filter((r) => {
      const now = lookupRelation(after.catalog, ctx.session.searchPath, r.schema, r.name);
      return now.kind !== 'found' || now.relation !== r;
    });
    if (!changed.length) return after;
    const n = ctx.statement.node?.RenameStmt;
    return mayHaveBeenRefused(after, [...changed.map((r) => r.name), ...(typeof n?.newname === 'string' ? [n.newname] : [])]);
  }
  return ownedBy(ctx.session, run(ctx), role);
}

/** The relations the statement created belong to the role. */
function ownedBy(before: Session, after: Session, role: string): Session {
  let catalog = after.catalog;
  for (const [name, schema] of after.catalog.schemas) {
    const old = before.catalog.schemas.get(name);
    if (old === schema) continue;
    for (const [relname, r] of schema.relations) if (!old?.relations.has(relname) && r.owner === undefined) catalog = withRelation(catalog, { ...r, owner: role });
  }
  return catalog === after.catalog ? after : { ...after, catalog };
}
