import type { PgNode } from '../parser/pgParser';
import { findNameToken, observeColumnName, type Session, type StatementContext } from '../context';
import type { Relation } from '../catalog/types';
import { withRelation, withoutRelation } from '../catalog/edit';
import { formatTypeName } from '../catalog/typeNames';
import { undefinedColumnOf, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { resolveRelation } from '../resolve/fromClause';
import { walkExpression } from '../resolve/expressions';
import { isSystemColumnOf } from '../resolve/scope';
import { indexOwner, lookupRelation } from '../catalog/lookup';
import { duplicateColumn, duplicateTable } from '../diagnostics/duplicateObject';
import { undefinedTable } from '../diagnostics/undefinedTable';
import { addColumn, withDefault } from './createTable';
import { expressionAt } from './expressionText';
import { applyConstraint, checkDefault } from './constraints';
import { tableScope } from './tableScope';
import { withoutIndex } from '../catalog/indexes';
import { inheritedColumn } from '../diagnostics/inheritedColumn';
import { renameIndex } from './drop';
import { mayHaveBeenRefused } from './refusable';
import { currentRole } from './sessionSettings';
import { untrackedDependents } from './dropDependencies';
import { descendantsOf, inheritedFromElsewhereBelow, inheritedColumn as inheritedOnly, withInheritedColumns, withInheritedRename, withRenamedParent, withoutParent } from '../catalog/inheritance';
import { reportBodiesOfDroppedRelation, reportBrokenBodies } from '../plpgsql/brokenBodies';
import { alterTypeProblem, dependentObjectsProblem, editedDependents, withoutDependentViews } from './viewDependencies';
import { triggerDependencyProblem, withoutColumnTriggers, withRenamedTriggerColumn, withTrigger } from './triggerDependencies';

/** Subcommands that name an existing column of the table. */
const COLUMN_COMMANDS = new Set([
  'AT_ColumnDefault', 'AT_DropNotNull', 'AT_SetNotNull', 'AT_SetStatistics', 'AT_SetOptions', 'AT_ResetOptions',
  'AT_SetStorage', 'AT_SetCompression', 'AT_AddIdentity', 'AT_SetIdentity', 'AT_DropIdentity', 'AT_SetExpression',
  'AT_DropExpression', 'AT_AlterColumnType', 'AT_DropColumn', 'AT_AlterColumnGenericOptions',
]);

/**
 * The pass of ALTER TABLE in which Postgres executes a subcommand (AT_PASS_* in tablecmds.c): all drops
 * first, then type changes, then every ADD COLUMN, then constraints and the rest. Within a pass, text order.
 */
function alterPass(cmd: PgNode): number {
  switch (cmd.subtype) {
    case 'AT_DropColumn':
    case 'AT_DropConstraint':
    case 'AT_DropNotNull':
    case 'AT_DropIdentity':
    case 'AT_DropExpression':
      return 0;
    case 'AT_ColumnDefault':
      return cmd.def ? 3 : 0;
    case 'AT_AlterColumnType':
      return 1;
    case 'AT_AddColumn':
      return 2;
    default:
      return 3;
  }
}

/** ALTER TABLE: each subcommand checks against the table as the earlier passes left it. */
export function alterTable(n: PgNode, ctx: StatementContext): Session {
  const changes: PgNode[] = (n.cmds ?? []).map((c: PgNode) => c.AlterTableCmd);
  if (changes.length && changes.every((c) => c?.subtype === 'AT_ChangeOwner')) return changeOwner(n.relation, changes[changes.length - 1].newowner, ctx);
  if (n.objtype && n.objtype !== 'OBJECT_TABLE' && n.objtype !== 'OBJECT_FOREIGN_TABLE') return ctx.session;
  const rv = n.relation;
  if (n.missing_ok && !quietLookup(rv, ctx)) return ctx.session;
  // ALTER TABLE on an index is Postgres's 42809/42P17 (wrong kind of relation), not a missing relation.
  if (!quietLookup(rv, ctx) && indexOwner(ctx.session.catalog, ctx.session.searchPath, [rv.schemaname, rv.relname].filter(Boolean))) return ctx.session;
  const original = resolveRelation(rv, ctx);
  if (!original) return ctx.session;
  if (refusedForChildren(original, n.cmds ?? [], !rv.inh, ctx)) return mayHaveBeenRefused(ctx.session, [original.name]);
  let relation = original;
  const sequences: Relation[] = [];
  const cascaded: string[] = [];
  const dropped: string[] = [];
  let generatedDependent = false;
  const cmds: PgNode[] = (n.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
  const ordered = cmds.map((cmd, i) => ({ cmd, i })).sort((a, b) => alterPass(a.cmd) - alterPass(b.cmd) || a.i - b.i);
  for (const { cmd } of ordered) {
    if (COLUMN_COMMANDS.has(cmd.subtype)) observeColumnName(ctx, relation, cmd.name, rv.location);
    if (COLUMN_COMMANDS.has(cmd.subtype) && !(cmd.subtype === 'AT_DropColumn' && cmd.missing_ok) && !hasColumn(relation, cmd.name)) {
      // Altering or dropping a system column is Postgres's 0A000: the statement fails, and not for a missing column.
      if (!isSystemColumnOf(relation, cmd.name)) reportMissingColumn(relation, cmd.name, ctx);
      continue;
    }
    if (cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_AlterColumnType') {
      const span = findNameToken(ctx, cmd.name);
      const blocked = cmd.subtype === 'AT_AlterColumnType'
        ? alterTypeProblem(ctx.session.catalog, original, cmd.name, span)
        : cmd.behavior === 'DROP_CASCADE' ? undefined : dependentObjectsProblem(ctx.session.catalog, original, span, cmd.name) ?? triggerDependencyProblem(ctx.session.catalog, relation, cmd.name, span);
      if (blocked) {
        ctx.report(blocked);
        continue;
      }
      if (cmd.subtype === 'AT_DropColumn') {
        // A generated column that uses it makes Postgres refuse the drop without CASCADE (2BP01), not reported.
        if (cmd.behavior !== 'DROP_CASCADE' && relation.columns.some((c) => c.name !== cmd.name && c.generatedFrom?.includes(cmd.name))) generatedDependent = true;
        dropped.push(cmd.name);
        // Without CASCADE only views whose dependencies a catalog edit voided can still depend on it: they stay.
        if (cmd.behavior === 'DROP_CASCADE') cascaded.push(cmd.name);
        if (!relation.open) reportBrokenBodies(ctx, relation, cmd.name, span, 'dropping');
      }
    }
    relation = applyCommand(relation, cmd, ctx, sequences, original);
  }
  // CASCADE drops the generated columns that use a dropped column.
  if (cascaded.length) relation = { ...relation, columns: relation.columns.filter((c) => !c.generatedFrom?.some((f) => cascaded.includes(f))) };
  let catalog = withRelation(ctx.session.catalog, relation);
  const detachedUnsure: string[] = [];
  for (const column of cascaded) catalog = withoutDependentViews(catalog, original, column);
  for (const s of sequences) catalog = withRelation(catalog, s);
  // Without ONLY, the children get the same column changes; with ONLY, they keep a dropped column as their own.
  catalog = withInheritedColumns(catalog, original, relation, !rv.inh);
  for (const cmd of cmds) {
    if ((cmd.subtype !== 'AT_DetachPartition' && cmd.subtype !== 'AT_AttachPartition') || !cmd.def?.PartitionCmd?.name) continue;
    // On a table not known to be partitioned Postgres says so (42P17) before it looks the partition up.
    if (!relation.partitionKey) continue;
    const partition = resolveRelation(cmd.def.PartitionCmd.name, { ...ctx, session: { ...ctx.session, catalog } });
    if (partition && cmd.subtype === 'AT_DetachPartition' && surelyNotChild(ctx, partition, relation)) {
      ctx.report(undefinedTable(findNameToken(ctx, partition.name, cmd.def.PartitionCmd.name.location), `relation "${partition.name}" is not a partition of relation "${relation.name}"`));
      continue;
    }
    // A detached partition keeps the indexes Postgres made and named on it.
    if (partition) catalog = withRelation(catalog, cmd.subtype === 'AT_AttachPartition' ? attached(partition, relation) : { ...withoutParent(partition, relation), unnamedIndexes: true });
    // DETACH from a table a foreign key references fails when rows reference the partition's (23503); DETACH
    // CONCURRENTLY in a transaction block (25001), or with a default partition (55000).
    if (partition && cmd.subtype === 'AT_DetachPartition' && (cmd.def.PartitionCmd.concurrent || untrackedDependents(ctx.session.catalog, partition).length)) detachedUnsure.push(partition.name);
  }
  // A column a publication's column list names may not be dropped (its list may also never have been taken).
  const published = dropped.some((c) => original.publishedColumns?.some((e) => e.columns.includes(c)) || editedDependents(ctx.session.catalog, original, c))
    || cmds.some((c) => c.subtype === 'AT_AlterColumnType' && editedDependents(ctx.session.catalog, original, c.name));
  return mayHaveBeenRefused({ ...ctx.session, catalog }, published || generatedDependent ? [...detachedUnsure, original.name] : detachedUnsure);
}

/**
 * Whether `child` surely does not inherit from `parent` (DETACH PARTITION, NO INHERIT: 42P01 otherwise): both made
 * by statements of the history (a catalog read from elsewhere has no inheritance), neither opened by what the
 * analysis does not follow (ALTER TABLE ... INHERIT) nor made uncertain, and no link between them.
 */
function surelyNotChild(ctx: StatementContext, child: Relation, parent: Relation): boolean {
  const { uncertainNames } = ctx.session.catalog;
  if (!child.origin || !parent.origin || child.open || parent.open || uncertainNames.has(child.name) || uncertainNames.has(parent.name)) return false;
  return !child.inherits?.some((p) => p.schema === parent.schema && p.name === parent.name);
}

/**
 * ATTACH PARTITION: the table becomes a partition; the columns it shares with its partitioned table are
 * inherited only (attislocal false), so it can no longer drop or rename them (42P16).
 */
function attached(partition: Relation, parent: Relation): Relation {
  if (partition.inherits?.some((p) => p.schema === parent.schema && p.name === parent.name)) return partition;
  const columns = partition.columns.map((c) => (parent.columns.some((p) => p.name === c.name) ? inheritedOnly(c) : c));
  return { ...partition, columns, inherits: [...(partition.inherits ?? []), { schema: parent.schema, name: parent.name }], isPartition: 'attached' };
}

/** ALTER TABLE/VIEW/SEQUENCE ... OWNER TO: who may change the relation from then on (refusable.ts). */
function changeOwner(rv: PgNode, spec: PgNode, ctx: StatementContext): Session {
  const relation = quietLookup(rv, ctx);
  if (!relation) return ctx.session;
  const owner = spec?.roletype === 'ROLESPEC_CSTRING' ? spec.rolename : spec?.roletype === 'ROLESPEC_CURRENT_USER' || spec?.roletype === 'ROLESPEC_CURRENT_ROLE' ? currentRole(ctx.session) : spec?.roletype === 'ROLESPEC_SESSION_USER' ? ctx.session.sessionUser : null;
  if (owner === null) return mayHaveBeenRefused(ctx.session, [relation.name]);
  const { owner: _old, ...rest } = relation;
  return { ...ctx.session, catalog: withRelation(ctx.session.catalog, owner === undefined ? rest : { ...rest, owner }) };
}

/**
 * ALTER TABLE that Postgres refuses for the table's children (42P16): ONLY ... ADD COLUMN on a table with
 * children, ONLY ... DROP COLUMN on a partitioned table with partitions, DROP or retype of a column in the
 * partition key of the table or of a partitioned partition below it. The children the catalog holds may
 * come from statements Postgres refused, so this is not reported; the table's name becomes uncertain.
 */
function refusedForChildren(table: Relation, cmds: PgNode[], only: boolean, ctx: StatementContext): boolean {
  const subtypes = cmds.map((c) => c.AlterTableCmd).filter(Boolean);
  if (!subtypes.some((c) => c.subtype === 'AT_AddColumn' || c.subtype === 'AT_DropColumn' || c.subtype === 'AT_AlterColumnType')) return false;
  const below = descendantsOf(ctx.session.catalog, table);
  if (only && below.some((d) => d.inherits?.some((p) => p.schema === table.schema && p.name === table.name))) {
    if (subtypes.some((c) => c.subtype === 'AT_AddColumn' || (c.subtype === 'AT_DropColumn' && table.partitionKey))) return true;
  }
  const keys = [table, ...below].flatMap((r) => r.partitionKey ?? []);
  return subtypes.some((c) => (c.subtype === 'AT_DropColumn' || c.subtype === 'AT_AlterColumnType') && keys.includes(c.name));
}

function applyCommand(relation: Relation, cmd: PgNode, ctx: StatementContext, sequences: Relation[], original: Relation): Relation {
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      const def = cmd.def?.ColumnDef;
      if (!def || (cmd.missing_ok && hasColumn(relation, def.colname))) return relation;
      const added = addColumn(relation, def, ctx);
      if (added.sequence) sequences.push(added.sequence);
      return added.relation;
    }
    case 'AT_DropColumn':
      // An inherited column cannot be dropped from the child: Postgres rejects the statement.
      if (relation.columns.some((c) => c.name === cmd.name && c.inherited)) {
        ctx.report(inheritedColumn(findNameToken(ctx, cmd.name), 'drop', cmd.name));
        return relation;
      }
      return {
        ...withoutColumnTriggers(relation, cmd.name),
        columns: relation.columns.filter((c) => c.name !== cmd.name),
        // Constraints on the dropped column go with it.
        foreignKeys: relation.foreignKeys.filter((fk) => !fk.columns.includes(cmd.name)),
        uniqueKeys: relation.uniqueKeys.filter((k) => !k.includes(cmd.name)),
        primaryKey: relation.primaryKey?.includes(cmd.name) ? undefined : relation.primaryKey,
        indexes: relation.indexes?.filter((i) => !i.columns.includes(cmd.name) && !i.included?.includes(cmd.name)),
        checks: relation.checks?.filter((c) => c.notNullOf !== cmd.name),
      };
    case 'AT_AlterColumnType': {
      const def = cmd.def?.ColumnDef;
      // USING is parsed before any subcommand runs: it sees the table as the statement found it.
      walkExpression(def?.raw_default, tableScope(original), ctx);
      const type = formatTypeName(def?.typeName);
      return { ...relation, columns: relation.columns.map((c) => (c.name === cmd.name ? { ...c, type } : c)) };
    }
    case 'AT_ColumnDefault':
      checkDefault(cmd.def, ctx);
      return withDefault(relation, cmd.name, cmd.def ? setDefaultText(ctx, cmd.name) : undefined);
    case 'AT_SetNotNull':
    case 'AT_DropNotNull': {
      const nullable = cmd.subtype === 'AT_DropNotNull';
      return { ...relation, columns: relation.columns.map((c) => (c.name === cmd.name ? { ...c, nullable } : c)) };
    }
    case 'AT_AddConstraint':
      return cmd.def?.Constraint ? applyConstraint(relation, cmd.def.Constraint, ctx) : relation;
    case 'AT_DropConstraint':
      return withoutConstraint({ ...relation, foreignKeys: relation.foreignKeys.filter((fk) => fk.name !== cmd.name), checks: relation.checks?.filter((c) => c.name !== cmd.name) }, cmd.name);
    case 'AT_ValidateConstraint':
      return relation.checks?.some((c) => c.name === cmd.name) ? { ...relation, checks: relation.checks.map((c) => (c.name === cmd.name ? { ...c, validated: true } : c)) } : relation;
    case 'AT_DropInherit': {
      const parent = cmd.def?.RangeVar && resolveRelation(cmd.def.RangeVar, { ...ctx, report: () => undefined });
      // A partition or a partitioned table is Postgres's 42809 before the parent is looked at.
      if (parent && !relation.isPartition && !relation.partitionKey && surelyNotChild(ctx, relation, parent)) {
        ctx.report(undefinedTable(findNameToken(ctx, parent.name, cmd.def.RangeVar.location), `relation "${parent.name}" is not a parent of relation "${relation.name}"`));
      }
      return parent ? withoutParent(relation, parent) : relation;
    }
    case 'AT_AddInherit':
      // The parent's columns are added if missing; we cannot be sure which, so the table opens.
      return { ...relation, open: true };
    default:
      return relation;
  }
}

/** The expression of `ALTER [COLUMN] name SET DEFAULT expr` (the command carries no location). */
function setDefaultText(ctx: StatementContext, column: string): string | undefined {
  const name = /^[a-z_][a-z0-9_$]*$/.test(column) ? `(?:${column}|"${column}")` : `"${column.replace(/"/g, '""').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`;
  const match = new RegExp(`\\balter\\s+(?:column\\s+)?${name}\\s+set\\s+default\\b`, 'i').exec(ctx.statement.text);
  return match ? expressionAt(ctx.statement.text, match.index + match[0].length) || undefined : undefined;
}

/** ALTER TABLE ... DROP CONSTRAINT: its index goes, and with the primary key's index the primary key. */
function withoutConstraint(relation: Relation, name: string): Relation {
  const primary = relation.indexes?.some((i) => i.name === name && i.primary);
  const without = withoutIndex(relation, name);
  return primary ? { ...without, primaryKey: undefined } : without;
}

const hasColumn = (relation: Relation, name: string) => relation.open || relation.columns.some((c) => c.name === name);

function reportMissingColumn(relation: Relation, name: string, ctx: StatementContext): void {
  ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, name), undefinedColumnMessage.ofRelation(name, relation.name), name, relation.columns.map((c) => c.name)));
}

/** IF EXISTS: a missing relation is no error, and nothing happens. */
function quietLookup(rv: PgNode, ctx: StatementContext): Relation | undefined {
  return resolveRelation(rv, { ...ctx, report: () => undefined });
}

/** ALTER TABLE ... RENAME / SET SCHEMA and ALTER TABLE ... RENAME COLUMN. */
export function renameObject(n: PgNode, ctx: StatementContext): Session {
  const relationKinds = ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE'];
  if (n.renameType === 'OBJECT_COLUMN') {
    const relation = n.missing_ok ? quietLookup(n.relation, ctx) : resolveRelation(n.relation, ctx);
    if (!relation) return ctx.session;
    observeColumnName(ctx, relation, n.subname, n.relation.location);
    if (!hasColumn(relation, n.subname)) {
      ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, n.subname), undefinedColumnMessage.unqualified(n.subname), n.subname, relation.columns.map((c) => c.name)));
      return ctx.session;
    }
    // ONLY on a table with children: "inherited column must be renamed in child tables too" (42P16), left open.
    if (!n.relation.inh && descendantsOf(ctx.session.catalog, relation).length) return mayHaveBeenRefused(ctx.session, [relation.name]);
    // A table below that also inherits it from a parent outside this tree: "cannot rename inherited column" (42P16), left open too.
    if (inheritedFromElsewhereBelow(ctx.session.catalog, relation, n.subname)) return mayHaveBeenRefused(ctx.session, [relation.name]);
    // An inherited column cannot be renamed in the child.
    if (relation.columns.some((c) => c.name === n.subname && c.inherited)) {
      ctx.report(inheritedColumn(findNameToken(ctx, n.subname), 'rename', n.subname));
      return ctx.session;
    }
    // A name the table already has (or a system column's) is Postgres's 42701; the rename does not happen.
    const taken = n.newname !== n.subname && (relation.columns.some((c) => c.name === n.newname) || isSystemColumnOf(relation, n.newname));
    if (taken) {
      ctx.report(duplicateColumn(findNameToken(ctx, n.newname, n.relation.location), n.newname, relation.name, !relation.columns.some((c) => c.name === n.newname)));
      return ctx.session;
    }
    reportBrokenBodies(ctx, relation, n.subname, findNameToken(ctx, n.subname), 'renaming');
    const rename = (list: readonly string[]) => list.map((x) => (x === n.subname ? n.newname : x));
    const columns = relation.columns.map((c) => {
      const named = c.name === n.subname ? { ...c, name: n.newname } : c;
      return named.generatedFrom?.includes(n.subname) ? { ...named, generatedFrom: rename(named.generatedFrom) } : named;
    });
    const renamed: Relation = {
      ...relation,
      columns,
      primaryKey: relation.primaryKey && rename(relation.primaryKey),
      uniqueKeys: relation.uniqueKeys.map(rename),
      foreignKeys: relation.foreignKeys.map((fk) => ({ ...fk, columns: rename(fk.columns) })),
      indexes: relation.indexes?.map((i) => ({ ...i, columns: rename(i.columns) })),
      checks: relation.checks?.map((c) => (c.notNullOf === n.subname ? { ...c, notNullOf: n.newname } : c)),
      triggerColumns: withRenamedTriggerColumn(relation, n.subname, n.newname).triggerColumns,
    };
    let catalog = renameReferences(withRelation(ctx.session.catalog, renamed), relation, (fk) => ({ ...fk, refColumns: fk.refColumns.map((x) => (x === n.subname ? n.newname : x)) }));
    if (n.relation.inh) catalog = withInheritedRename(catalog, relation, n.subname, n.newname);
    return { ...ctx.session, catalog };
  }
  if (n.renameType === 'OBJECT_TRIGGER' && n.relation) {
    // ALTER TRIGGER ... RENAME: the recorded trigger (its column list, the function it runs) takes the new name.
    const relation = quietLookup(n.relation, ctx);
    if (!relation) return ctx.session;
    const columns = relation.triggerColumns?.find((t) => t.trigger === n.subname)?.columns;
    let renamed = columns ? withTrigger(withTrigger(relation, n.subname, []), n.newname, columns) : relation;
    if (relation.triggers?.some((t) => t.name === n.subname)) renamed = { ...renamed, triggers: relation.triggers.map((t) => (t.name === n.subname ? { ...t, name: n.newname } : t)) };
    return renamed === relation ? ctx.session : { ...ctx.session, catalog: withRelation(ctx.session.catalog, renamed) };
  }
  if (n.renameType === 'OBJECT_INDEX' && n.relation) {
    const names = [n.relation.schemaname, n.relation.relname].filter(Boolean);
    const catalog = renameIndex(ctx.session, names, n.newname);
    // ALTER INDEX ... RENAME TO also renames a table (Postgres renames any relation it names): on below.
    if (catalog !== ctx.session.catalog || !quietLookup(n.relation, ctx)) return { ...ctx.session, catalog };
  } else if (!relationKinds.includes(n.renameType)) return ctx.session;
  if (n.relation && !quietLookup(n.relation, ctx)) {
    // ALTER TABLE (VIEW, SEQUENCE, …) ... RENAME TO also renames an index: Postgres renames any relation it names.
    const names = [n.relation.schemaname, n.relation.relname].filter(Boolean);
    const renamed = renameIndex(ctx.session, names, n.newname);
    if (renamed !== ctx.session.catalog) return { ...ctx.session, catalog: renamed };
  }
  const relation = n.missing_ok ? quietLookup(n.relation, ctx) : resolveRelation(n.relation, ctx);
  if (!relation) return ctx.session;
  // Another relation of the schema with the new name (itself too: `RENAME TO` its own name) is Postgres's 42P07.
  const other = lookupRelation(ctx.session.catalog, ctx.session.searchPath, relation.schema, n.newname);
  if (other.kind === 'found') {
    ctx.report(duplicateTable(findNameToken(ctx, n.newname, n.relation.location), n.newname));
    return ctx.session;
  }
  reportBodiesOfDroppedRelation(ctx, relation, findNameToken(ctx, relation.name));
  const moved: Relation = { ...relation, name: n.newname };
  const catalog = withRenamedParent(withRelation(withoutRelation(ctx.session.catalog, relation.schema, relation.name), moved), relation, moved);
  return { ...ctx.session, catalog: renameReferences(catalog, relation, (fk) => ({ ...fk, refTable: n.newname })) };
}

/** ALTER TABLE ... SET SCHEMA. */
export function moveToSchema(n: PgNode, ctx: StatementContext): Session {
  if (!['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'].includes(n.objectType) || !n.relation) return ctx.session;
  const relation = n.missing_ok ? quietLookup(n.relation, ctx) : resolveRelation(n.relation, ctx);
  if (!relation) return ctx.session;
  const catalog = withRenamedParent(withRelation(withoutRelation(ctx.session.catalog, relation.schema, relation.name), { ...relation, schema: n.newschema }), relation, { schema: n.newschema, name: relation.name });
  return { ...ctx.session, catalog: renameReferences(catalog, relation, (fk) => ({ ...fk, refSchema: n.newschema })) };
}

/** Foreign keys that point at a renamed or moved relation follow it. */
function renameReferences(
  catalog: Session['catalog'],
  target: Relation,
  change: (fk: Relation['foreignKeys'][number]) => Relation['foreignKeys'][number],
): Session['catalog'] {
  let next = catalog;
  for (const schema of catalog.schemas.values()) {
    for (const rel of schema.relations.values()) {
      if (!rel.foreignKeys.some((fk) => fk.refTable === target.name && fk.refSchema === target.schema)) continue;
      const foreignKeys = rel.foreignKeys.map((fk) => (fk.refTable === target.name && fk.refSchema === target.schema ? change(fk) : fk));
      const current = next.schemas.get(rel.schema)?.relations.get(rel.name) ?? rel;
      next = withRelation(next, { ...current, foreignKeys });
    }
  }
  return next;
}
