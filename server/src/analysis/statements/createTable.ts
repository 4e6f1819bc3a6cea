import type { PgNode } from '../parser/pgParser';
import { findNameToken, originAt, type Session, type StatementContext } from '../context';
import { undefinedColumn } from '../diagnostics/undefinedColumn';
import { walkExpression } from '../resolve/expressions';
import { tableScope } from './tableScope';
import type { Column, Relation } from '../catalog/types';
import { columnsKnownNow, withCertainName, withRelation } from '../catalog/edit';
import { creationSchema, findSchema, lookupRelation } from '../catalog/lookup';
import { baseTypeName, formatTypeName, SERIAL_TYPES } from '../catalog/typeNames';
import { resolveRelation } from '../resolve/fromClause';
import { analyzeQuery } from '../resolve/query';
import { childScope, isSystemColumnOf, renameColumns } from '../resolve/scope';
import { applyConstraint, columnNamesIn, OWN_PROPERTY_CONSTRAINTS, withOwnConstraint } from './constraints';
import { checkTypedTableColumns, withTypedTable } from './compositeTypes';
import { inheritedColumn } from '../catalog/inheritance';
import { textAfterKeyword } from './expressionText';

/** Where a new relation goes: its own schema, pg_temp for temporary ones, else the first of the search path. */
export function targetSchema(rv: PgNode, session: Session): string {
  if (rv.relpersistence === 't') return 'pg_temp';
  return rv.schemaname ?? creationSchema(session.searchPath);
}

/**
 * pg_catalog refuses new relations (42501 "permission denied to create", system catalog modifications are
 * disallowed): the statement has no effect. (ALTER ... SET SCHEMA pg_catalog is allowed, and kept.)
 */
export function refusesNewRelations(schema: string): boolean {
  return schema === 'pg_catalog';
}

export function existingRelation(rv: PgNode, session: Session): Relation | undefined {
  const found = lookupRelation(session.catalog, session.searchPath, rv.schemaname, rv.relname);
  return found.kind === 'found' ? found.relation : undefined;
}

export function newRelation(schema: string, name: string, kind: Relation['kind'], origin?: Relation['origin']): Relation {
  return { schema, name, kind, columns: [], open: false, uniqueKeys: [], foreignKeys: [], origin, indexes: [] };
}

/**
 * A column definition with its inline constraints applied; serial columns also make their sequence.
 * With `deferred`, constraints that may name other columns (CHECK, GENERATED, keys, REFERENCES) are
 * collected there instead: in CREATE TABLE they see every column, also those defined after this one.
 */
export function addColumn(
  relation: Relation,
  def: PgNode,
  ctx: StatementContext,
  deferred?: { con: PgNode; column: string }[],
): { relation: Relation; sequence?: Relation } {
  let column: Column = {
    name: def.colname,
    type: formatTypeName(def.typeName),
    nullable: true,
    origin: originAt(ctx, def.location),
  };
  // A column the table also inherits is merged: inherited, and local too.
  let others = relation.columns;
  if (relation.columns.some((c) => c.name === column.name)) {
    if (relation.columns.some((c) => c.name === column.name && c.inherited)) Object.assign(column, { inherited: true, alsoLocal: true });
    others = relation.columns.filter((c) => c.name !== column.name);
  }
  const serial = SERIAL_TYPES.has(baseTypeName(def.typeName));
  if (serial) column = { ...column, nullable: false, default: `nextval('${relation.name}_${column.name}_seq'::regclass)` };
  const identity = (def.constraints ?? []).some((c: PgNode) => c.Constraint?.contype === 'CONSTR_IDENTITY');
  const constraints: PgNode[] = def.constraints ?? [];
  // The column is built whole while only its own properties change; the table with it is made once, or when
  // a constraint on the table (not deferred: ALTER TABLE ADD COLUMN) needs it, and then takes the rest in order.
  let next: Relation | undefined;
  const table = () => next ?? { ...relation, columns: [...others, column] };
  constraints.forEach((c, k) => {
    const con = c.Constraint;
    if (!con) return;
    const own = OWN_PROPERTY_CONSTRAINTS.has(con.contype);
    if (deferred && !own) deferred.push({ con, column: column.name });
    else if (own && !next) column = withOwnConstraint(column, con, table, ctx);
    else next = applyConstraint(table(), con, ctx, column.name);
    if (con.contype === 'CONSTR_DEFAULT') {
      const text = textAfterKeyword(ctx, con.location, 'default', constraints[k + 1]?.Constraint?.location);
      if (text && next) next = withDefault(next, column.name, text);
      else if (text) column = { ...column, default: text };
    }
  });
  const sequence = serial || identity ? { ...sequenceRelation(relation.schema, `${relation.name}_${column.name}_seq`), ownedBy: { schema: relation.schema, name: relation.name } } : undefined;
  return { relation: table(), sequence };
}

function withoutDefault(column: Column): Column {
  const { default: _old, ...rest } = column;
  return rest;
}

/** The relation with a column's default set (`undefined`: dropped). */
export function withDefault(relation: Relation, column: string, text: string | undefined): Relation {
  return {
    ...relation,
    columns: relation.columns.map((c) => {
      if (c.name !== column) return c;
      const rest = withoutDefault(c);
      return text === undefined ? rest : { ...rest, default: text };
    }),
  };
}

export function sequenceRelation(schema: string, name: string): Relation {
  return {
    ...newRelation(schema, name, 'sequence'),
    columns: [['last_value', 'bigint'], ['log_cnt', 'bigint'], ['is_called', 'boolean']].map(([n, type]) => ({ name: n, type, nullable: false })),
  };
}

/** CREATE TABLE: columns, LIKE, INHERITS, PARTITION OF, then table constraints (which see every column). */
export function createTable(n: PgNode, ctx: StatementContext): Session {
  const session = ctx.session;
  const rv = n.relation;
  if (n.if_not_exists && existingRelation(rv, session)) return session;
  if (refusesNewRelations(targetSchema(rv, session))) return session;
  // A partitioned table cannot inherit (42P17), which Postgres says before looking up the parents.
  if (n.partspec && n.inhRelations?.length && !n.partbound) return session;
  let relation = newRelation(targetSchema(rv, session), rv.relname, n.kind === 'foreign' ? 'foreign table' : 'table', originAt(ctx, rv.location, rv.schemaname ? 2 : 1));
  const sequences: Relation[] = [];
  for (const parent of n.inhRelations ?? []) relation = inherit(relation, parent.RangeVar, ctx, true);
  if (n.partbound && relation.inherits?.length) relation = { ...relation, isPartition: true };
  if (n.partspec) relation = { ...relation, partitionKey: (n.partspec.partParams ?? []).flatMap((p: PgNode) => (p.PartitionElem?.name ? [p.PartitionElem.name] : columnNamesIn(p.PartitionElem?.expr))) };
  if (n.oncommit === 'ONCOMMIT_DROP') relation = { ...relation, onCommitDrop: true };
  if (n.ofTypename) {
    checkTypedTableColumns(n, ctx);
    relation = { ...relation, open: true };
  }
  const inline: { con: PgNode; column: string }[] = [];
  const constraints: PgNode[] = [];
  for (const elt of n.tableElts ?? []) {
    if (elt.ColumnDef) {
      const added = addColumn(relation, elt.ColumnDef, ctx, inline);
      relation = added.relation;
      if (added.sequence) sequences.push(added.sequence);
    } else if (elt.TableLikeClause) {
      relation = inherit(relation, elt.TableLikeClause.relation, ctx);
      // INCLUDING INDEXES (or ALL) copies the indexes under names Postgres chooses (CREATE_TABLE_LIKE_INDEXES).
      if ((elt.TableLikeClause.options ?? 0) & (1 << 6)) relation = { ...relation, unnamedIndexes: true };
    } else if (elt.Constraint) {
      constraints.push(elt.Constraint);
    }
  }
  for (const { con, column } of inline) relation = applyConstraint(relation, con, ctx, column);
  for (const c of constraints) relation = applyConstraint(relation, c, ctx);
  checkPartitionKey(relation, n.partspec, ctx);
  // Its own column list, nothing taken from another table: every column is known.
  if (!relation.open && !n.inhRelations?.length && !(n.tableElts ?? []).some((e: PgNode) => e.TableLikeClause)) relation = { ...relation, ...columnsKnownNow(session.catalog) };
  let catalog = withRelation(n.if_not_exists ? session.catalog : withCertainName(session.catalog, rv.relname), relation);
  for (const s of sequences) catalog = withRelation(catalog, s);
  return n.ofTypename ? withTypedTable({ ...session, catalog }, n) : { ...session, catalog };
}

/** PARTITION BY (col, (expr)): the key's columns are the table's own. */
function checkPartitionKey(relation: Relation, spec: PgNode, ctx: StatementContext): void {
  for (const p of spec?.partParams ?? []) {
    const elem = p.PartitionElem;
    // A system column in the key is Postgres's 42P17, not a missing column.
    if (elem?.name && !relation.open && !relation.columns.some((c) => c.name === elem.name) && !isSystemColumnOf(relation, elem.name)) {
      ctx.report(undefinedColumn(findNameToken(ctx, elem.name, elem.location), `column "${elem.name}" named in partition key does not exist`));
    }
    walkExpression(elem?.expr, tableScope(relation), ctx);
  }
}

/**
 * INHERITS, PARTITION OF and LIKE bring the other table's columns (first, in its order); the first two
 * (`parentLink`) also make the table a child that ALTER TABLE on the parent reaches.
 */
function inherit(relation: Relation, rv: PgNode, ctx: StatementContext, parentLink = false): Relation {
  // LIKE also takes a composite type (CREATE TYPE t AS (...)), whose columns the catalog does not keep.
  if (!existingRelation(rv, ctx.session) && namesType(rv, ctx.session)) return { ...relation, open: true };
  const parent = resolveRelation(rv, ctx);
  if (!parent) return { ...relation, open: true };
  const own = relation.columns.filter((c) => !parent.columns.some((p) => p.name === c.name));
  const inherits = parentLink ? { inherits: [...(relation.inherits ?? []), { schema: parent.schema, name: parent.name }] } : {};
  const columns = parentLink ? parent.columns.map((c) => inheritedColumn(c)) : parent.columns.map(({ inherited: _i, alsoLocal: _l, ...c }) => c);
  return { ...relation, columns: [...columns, ...own], open: relation.open || parent.open, ...inherits };
}

/** Whether a type of that name is on the search path (or in the named schema): a composite type, for LIKE and COMMENT ON COLUMN. */
export function namesType(rv: PgNode, session: Session): boolean {
  const schemas = rv.schemaname ? [rv.schemaname] : ['pg_catalog', ...(session.searchPath ?? [])];
  return schemas.some((s) => findSchema(session.catalog, s)?.types.has(rv.relname));
}

/** CREATE TABLE ... AS and CREATE MATERIALIZED VIEW: the query's columns, renamed by the column list. */
export function createTableAs(n: PgNode, ctx: StatementContext): Session {
  const into = n.into;
  const rv = into?.rel;
  if (!rv) return ctx.session;
  if (n.if_not_exists && existingRelation(rv, ctx.session)) return ctx.session;
  const kind = n.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
  const query = n.query?.SelectStmt ? analyzeQuery(n.query, childScope(undefined), ctx) : { columns: [], open: true };
  const columns = renameColumns(query, into.colNames?.map((c: PgNode) => c.String.sval));
  if (refusesNewRelations(targetSchema(rv, ctx.session))) return ctx.session;
  const relation: Relation = {
    ...newRelation(targetSchema(rv, ctx.session), rv.relname, kind, originAt(ctx, rv.location, rv.schemaname ? 2 : 1)),
    columns: columns.columns.map((c) => ({ name: c.name, type: c.type ?? '', nullable: true })),
    open: columns.open,
    ...(columns.open ? {} : columnsKnownNow(ctx.session.catalog)),
    ...(into.onCommit === 'ONCOMMIT_DROP' ? { onCommitDrop: true as const } : {}),
  };
  return { ...ctx.session, catalog: withRelation(ctx.session.catalog, relation) };
}
