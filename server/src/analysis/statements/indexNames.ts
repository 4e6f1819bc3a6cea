import type { PgNode } from '../parser/pgParser';
import { findNameToken, type Session, type StatementContext } from '../context';
import { indexOwner, lookupRelation } from '../catalog/lookup';
import { indexMayExist } from '../catalog/indexes';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';

/**
 * Statements that name an index: REINDEX INDEX, COMMENT ON INDEX, ALTER INDEX ... ATTACH PARTITION. An index
 * lives in pg_class beside tables, so a name that is neither a relation nor an index that may exist is
 * Postgres's 42P01 (`relation "x" does not exist`); a name that is a table is another error (42809), not
 * reported. Index names are surely missing only where the catalog records every index of the schema
 * (`catalog/indexes.ts`: no partitions, no LIKE copies, no source without indexes).
 */
export function checkIndexName(rv: { relname?: string; schemaname?: string; location?: number }, ctx: StatementContext): void {
  const name = rv.relname;
  if (typeof name !== 'string') return;
  const { catalog, searchPath } = ctx.session;
  if (lookupRelation(catalog, searchPath, rv.schemaname, name).kind !== 'missing') return;
  if (indexMayExist(catalog, searchPath, rv.schemaname, name)) return;
  const written = [rv.schemaname, name].filter(Boolean).join('.');
  ctx.report(undefinedTable(findNameToken(ctx, name, rv.location), undefinedTableMessage.relation(written)));
}

/** REINDEX INDEX x (not CONCURRENTLY, which a transaction block refuses first). */
export function reindex(n: PgNode, ctx: StatementContext): Session {
  const concurrently = (n.params ?? []).some((p: PgNode) => p.DefElem?.defname === 'concurrently');
  if (n.kind === 'REINDEX_OBJECT_INDEX' && n.relation && !concurrently) checkIndexName(n.relation, ctx);
  return ctx.session;
}

/**
 * ALTER INDEX parent ATTACH PARTITION child: the parent index must exist; the child is looked up only when the
 * parent is an index of a partitioned table (else Postgres's 42809 comes first).
 */
export function alterIndex(n: PgNode, ctx: StatementContext): Session {
  const cmds: PgNode[] = (n.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
  if (n.missing_ok || cmds.length !== 1 || cmds[0].subtype !== 'AT_AttachPartition' || !n.relation) return ctx.session;
  checkIndexName(n.relation, ctx);
  const child = cmds[0].def?.PartitionCmd?.name;
  const owner = indexOwner(ctx.session.catalog, ctx.session.searchPath, [n.relation.schemaname, n.relation.relname].filter(Boolean));
  if (child && owner?.relation.partitionKey) checkIndexName(child, ctx);
  return ctx.session;
}
