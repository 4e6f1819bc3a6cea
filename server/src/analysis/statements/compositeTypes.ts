import type { PgNode } from '../parser/pgParser';
import { findNameToken, type Session, type StatementContext } from '../context';
import type { TypeInfo } from '../catalog/types';
import { withType, withoutType, withUncertainNames } from '../catalog/edit';
import { findSchema, lookupRelation } from '../catalog/lookup';
import { builtinTypeNames } from '../catalog/builtin';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';
import { undefinedColumn, undefinedColumnMessage } from '../diagnostics/undefinedColumn';

/**
 * Composite types (`CREATE TYPE t AS (a int, b text)`) and their attributes. A composite type has a row in
 * pg_class like a table, so the statements that name its attributes look the name up as a relation: ALTER
 * TYPE ... ADD/DROP/ALTER/RENAME ATTRIBUTE on a name that is neither a relation nor a composite type is
 * 42P01 (`relation "x" does not exist`, also for an enum, a domain or a base type); a missing attribute is
 * 42703, as for a table's column. Attributes are known only for types the history made (`TypeInfo.attributes`).
 */

type Composite = TypeInfo & { attributes: readonly string[] };
export type CompositeLookup = { kind: 'found'; type: Composite } | { kind: 'missing' } | { kind: 'unknown' };

/** The attribute names of CREATE TYPE ... AS (...). */
export function compositeAttributes(n: PgNode): string[] {
  return (n.coldeflist ?? []).map((c: PgNode) => c.ColumnDef?.colname).filter((c: unknown): c is string => typeof c === 'string');
}

/**
 * A composite type by its (possibly qualified) name, as pg_class lookup finds it: unknown where a relation
 * (a table's row type: 42809) or another type of the name is in reach, or where the lookup cannot be certain.
 */
export function lookupComposite(session: Session, schema: string | undefined, name: string): CompositeLookup {
  const { catalog, searchPath } = session;
  const schemas = schema !== undefined ? [schema] : ['pg_catalog', ...(searchPath ?? [])];
  for (const s of schemas) {
    const type = findSchema(catalog, s)?.types.get(name) ?? catalog.schemas.get(s)?.types.get(name);
    if (type) return type.attributes ? { kind: 'found', type: type as Composite } : { kind: 'unknown' };
  }
  if (builtinTypeNames.has(name)) return { kind: 'unknown' };
  return lookupRelation(catalog, searchPath, schema, name).kind === 'missing' ? { kind: 'missing' } : { kind: 'unknown' };
}

function relationName(rv: PgNode): string {
  return [rv.schemaname, rv.relname].filter(Boolean).join('.');
}

/** ALTER TYPE t ADD/DROP/ALTER ATTRIBUTE (an ALTER TABLE on the type), in Postgres's passes: drops, type changes, adds. */
export function alterCompositeType(n: PgNode, ctx: StatementContext): Session {
  const rv = n.relation;
  if (!rv?.relname) return ctx.session;
  const found = lookupComposite(ctx.session, rv.schemaname, rv.relname);
  if (found.kind === 'missing') {
    if (!n.missing_ok) ctx.report(undefinedTable(findNameToken(ctx, rv.relname, rv.location), undefinedTableMessage.relation(relationName(rv))));
    return ctx.session;
  }
  if (found.kind !== 'found') return ctx.session;
  const type = found.type;
  const cmds: PgNode[] = (n.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
  if (cmds.some((c) => c.behavior !== 'DROP_CASCADE') && inUse(ctx.session, type)) return unknownAttributes(ctx.session, type);
  const pass = (c: PgNode) => (c.subtype === 'AT_DropColumn' ? 0 : c.subtype === 'AT_AlterColumnType' ? 1 : 2);
  let attributes = [...type.attributes];
  for (const cmd of [...cmds].sort((a, b) => pass(a) - pass(b))) {
    if (cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_AlterColumnType') {
      if (attributes.includes(cmd.name)) {
        if (cmd.subtype === 'AT_DropColumn') attributes = attributes.filter((a) => a !== cmd.name);
        continue;
      }
      if (cmd.subtype === 'AT_DropColumn' && cmd.missing_ok) continue;
      ctx.report(undefinedColumn(findNameToken(ctx, cmd.name, rv.location), undefinedColumnMessage.ofRelation(cmd.name, type.name)));
      return ctx.session;
    }
    const added: unknown = cmd.subtype === 'AT_AddColumn' ? cmd.def?.ColumnDef?.colname : undefined;
    // A duplicate attribute is 42701 (the statement changes nothing); anything else: what it leaves is not known.
    if (typeof added !== 'string') return unknownAttributes(ctx.session, type);
    if (attributes.includes(added)) return ctx.session;
    attributes.push(added);
  }
  return { ...ctx.session, catalog: withType(ctx.session.catalog, { ...type, attributes }) };
}

/** ALTER TYPE t RENAME ATTRIBUTE a TO b. */
export function renameAttribute(n: PgNode, ctx: StatementContext): Session {
  const rv = n.relation;
  if (!rv?.relname || typeof n.subname !== 'string' || typeof n.newname !== 'string') return ctx.session;
  const found = lookupComposite(ctx.session, rv.schemaname, rv.relname);
  if (found.kind === 'missing') {
    if (!n.missing_ok) ctx.report(undefinedTable(findNameToken(ctx, rv.relname, rv.location), undefinedTableMessage.relation(relationName(rv))));
    return ctx.session;
  }
  if (found.kind !== 'found') return ctx.session;
  const { type } = found;
  if (n.behavior !== 'DROP_CASCADE' && inUse(ctx.session, type)) return unknownAttributes(ctx.session, type);
  if (!type.attributes.includes(n.subname)) {
    ctx.report(undefinedColumn(findNameToken(ctx, n.subname, rv.location), undefinedColumnMessage.unqualified(n.subname)));
    return ctx.session;
  }
  if (type.attributes.includes(n.newname)) return ctx.session;
  const attributes = type.attributes.map((a) => (a === n.subname ? n.newname : a));
  return { ...ctx.session, catalog: withType(ctx.session.catalog, { ...type, attributes }) };
}

/**
 * ALTER TYPE t RENAME TO u and ALTER TYPE t SET SCHEMA s: the type the history made moves; a type it did not
 * make (or could not find) leaves the new name uncertain, so nothing is reported on it.
 */
export function moveType(names: readonly string[], to: { name?: string; schema?: string }, ctx: StatementContext): Session {
  const name = names[names.length - 1];
  const found = lookupComposite(ctx.session, names.length > 1 ? names[names.length - 2] : undefined, name);
  const target = to.name ?? name;
  if (found.kind !== 'found') return { ...ctx.session, catalog: withUncertainNames(ctx.session.catalog, [target]) };
  const moved = { ...found.type, name: target, schema: to.schema ?? found.type.schema };
  return { ...ctx.session, catalog: withType(withoutType(ctx.session.catalog, found.type.schema, found.type.name), moved) };
}

/**
 * Whether a table uses the type (a typed table of it, a column of it): then Postgres refuses to change its
 * attributes without CASCADE (2BP01, or for what depends on an attribute), which is not reported; what the
 * attributes are afterwards is not known.
 */
function inUse(session: Session, type: TypeInfo): boolean {
  if (type.typedTables) return true;
  for (const schema of session.catalog.schemas.values()) {
    for (const relation of schema.relations.values()) {
      if (relation.columns.some((c) => typeNameOf(c.type) === type.name)) return true;
    }
  }
  return false;
}

/** The unqualified name of a type as format_type writes it (`s.t[]` → `t`), for comparing with a type's name. */
const typeNameOf = (written: string) => written.replace(/(\[\])+$/, '').split('.').pop()!.replace(/^"(.*)"$/, '$1');

/** CREATE TABLE ... OF type: the type is in use from then on. */
export function withTypedTable(session: Session, n: PgNode): Session {
  const names: string[] = (n.ofTypename?.names ?? []).map((x: PgNode) => x.String?.sval);
  const found = names.length && names.length <= 2 ? lookupComposite(session, names.length === 2 ? names[0] : undefined, names[names.length - 1]) : undefined;
  if (found?.kind !== 'found') return session;
  return { ...session, catalog: withType(session.catalog, { ...found.type, typedTables: true }) };
}

/** After what the analysis does not follow (ALTER TYPE ... OWNER TO is another statement), the attributes are not known. */
function unknownAttributes(session: Session, type: TypeInfo): Session {
  const { attributes: _a, ...rest } = type;
  return { ...session, catalog: withType(session.catalog, rest) };
}

/** COMMENT ON COLUMN t.a of a composite type t: the attribute must exist (create_type.sql:153). */
export function checkAttributeComment(rv: PgNode, column: string, ctx: StatementContext): void {
  const found = lookupComposite(ctx.session, rv.schemaname, rv.relname);
  if (found.kind !== 'found' || found.type.attributes.includes(column)) return;
  ctx.report(undefinedColumn(findNameToken(ctx, column, rv.location), undefinedColumnMessage.ofRelation(column, found.type.name)));
}

/** CREATE TABLE t OF type (a WITH OPTIONS ...): each column named must be an attribute (typed_table.sql:25). */
export function checkTypedTableColumns(n: PgNode, ctx: StatementContext): void {
  const names: string[] = (n.ofTypename?.names ?? []).map((x: PgNode) => x.String?.sval);
  if (!names.length || names.length > 2) return;
  const found = lookupComposite(ctx.session, names.length === 2 ? names[0] : undefined, names[names.length - 1]);
  if (found.kind !== 'found') return;
  for (const elt of n.tableElts ?? []) {
    const def = elt.ColumnDef;
    if (!def?.colname || def.typeName || found.type.attributes.includes(def.colname)) continue;
    ctx.report(undefinedColumn(findNameToken(ctx, def.colname, def.location), undefinedColumnMessage.unqualified(def.colname)));
  }
}
