import type { PgNode } from '../parser/pgParser';
import { findNameToken, nameSpan, type Session, type StatementContext } from '../context';
import { indexOwner, lookupRelation } from '../catalog/lookup';
import { indexMayExist } from '../catalog/indexes';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';
import { undefinedColumn } from '../diagnostics/undefinedColumn';

/**
 * Statements that name an index: REINDEX INDEX, COMMENT ON INDEX, ALTER INDEX ... ATTACH PARTITION, and the
 * column numbers of ALTER INDEX ... ALTER COLUMN n. An index
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
 * ALTER INDEX i ALTER COLUMN n SET STATISTICS: n counts the index's columns, INCLUDE ones too (alter_table.sql:155,
 * index_including.sql:158); past the last it is 42703. (n < 1 is another error, and so is a plain column.)
 */
function checkColumnNumber(rv: PgNode, num: number, ctx: StatementContext): void {
  const owner = indexOwner(ctx.session.catalog, ctx.session.searchPath, [rv.schemaname, rv.relname].filter(Boolean));
  const index = owner?.index;
  if (!index || !index.columns.length || num < 1 || ctx.session.catalog.uncertainNames.has(owner.relation.name)) return;
  const count = index.columns.length + (index.included?.length ?? 0);
  if (num <= count) return;
  ctx.report(undefinedColumn(nameSpan(ctx, rv.location, 1), `column number ${num} of relation "${index.name}" does not exist`));
}

/**
 * ALTER INDEX parent ATTACH PARTITION child: the parent index must exist; the child is looked up only when the
 * parent is an index of a partitioned table (else Postgres's 42809 comes first).
 */
export function alterIndex(n: PgNode, ctx: StatementContext): Session {
  const cmds: PgNode[] = (n.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
  if (!n.missing_ok && n.relation) for (const cmd of cmds) if (cmd.subtype === 'AT_SetStatistics' && typeof cmd.num === 'number') checkColumnNumber(n.relation, cmd.num, ctx);
  if (n.missing_ok || cmds.length !== 1 || cmds[0].subtype !== 'AT_AttachPartition' || !n.relation) return ctx.session;
  checkIndexName(n.relation, ctx);
  const child = cmds[0].def?.PartitionCmd?.name;
  const owner = indexOwner(ctx.session.catalog, ctx.session.searchPath, [n.relation.schemaname, n.relation.relname].filter(Boolean));
  if (child && owner?.relation.partitionKey) checkIndexName(child, ctx);
  return ctx.session;
}
