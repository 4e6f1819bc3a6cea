import type { PgNode } from '../parser/pgParser';
import { findNameToken, observeColumnName, spanFrom, type StatementContext } from '../context';
import type { Column, Relation } from '../catalog/types';
import { lookupRelation } from '../catalog/lookup';
import { withRelation } from '../catalog/edit';
import { undefinedColumnOf } from '../diagnostics/undefinedColumn';
import { resolveRelation } from '../resolve/fromClause';
import { walkExpression } from '../resolve/expressions';
import { tableScope } from './tableScope';
import { implicitIndexName, indexElementName, withIndex } from '../catalog/indexes';
import { figureName } from '../resolve/outputColumns';
import { childScope, isSystemColumnOf } from '../resolve/scope';
import type { Span } from '../types';

const names = (list: PgNode[] | undefined): string[] => (list ?? []).map((n: PgNode) => n.String.sval);

/**
 * Checks one constraint of a table (inline on `column`, or table-level) and returns the table with it:
 * key columns must exist, a foreign key's table and columns too, and CHECK expressions see the columns.
 */
export function applyConstraint(relation: Relation, con: PgNode, ctx: StatementContext, column?: string): Relation {
  const own = (list: string[]) => (column !== undefined && list.length === 0 ? [column] : list);
  switch (con.contype) {
    case 'CONSTR_NOTNULL':
    case 'CONSTR_IDENTITY':
      return withNullability(relation, own([]), false);
    case 'CONSTR_NULL':
      return withNullability(relation, own([]), true);
    case 'CONSTR_DEFAULT':
      checkColumnDefault(con, () => relation, ctx);
      return relation;
    case 'CONSTR_PRIMARY': {
      const keys = own(names(con.keys));
      checkKeyColumns(relation, keys, con, ctx);
      const included = names(con.including);
      return withIndex({ ...withNullability(relation, keys, false), primaryKey: keys }, con.conname ?? implicitIndexName(relation.name, keys, 'pkey'), keys, { unique: true, constraint: true, primary: true, included });
    }
    case 'CONSTR_UNIQUE': {
      const keys = own(names(con.keys));
      checkKeyColumns(relation, keys, con, ctx);
      const included = names(con.including);
      return withIndex({ ...relation, uniqueKeys: [...relation.uniqueKeys, keys] }, con.conname ?? implicitIndexName(relation.name, [...keys, ...included], 'key'), keys, { unique: true, constraint: true, included });
    }
    case 'CONSTR_FOREIGN':
      return applyForeignKey(relation, con, ctx, own(names(con.fk_attrs)));
    case 'CONSTR_EXCLUSION': {
      // EXCLUDE (col WITH =, (expr) WITH &&): named after its elements as an index is.
      const elements = (con.exclusions ?? []).map((e: PgNode) => indexElementName(e?.List?.items?.[0]?.IndexElem, figureName));
      const guessed = !con.conname && elements.includes(null);
      return withIndex(guessed ? { ...relation, unnamedIndexes: true } : relation, con.conname ?? implicitIndexName(relation.name, elements.map((x: string | null) => x ?? undefined), 'excl'), [], { constraint: true });
    }
    case 'CONSTR_CHECK':
      walkExpression(con.raw_expr, tableScope(relation), seeingTable(relation, ctx));
      return { ...relation, checks: [...(relation.checks ?? []), { name: con.conname, notNullOf: notNullColumn(con.raw_expr), validated: !con.skip_validation }] };
    case 'CONSTR_GENERATED': {
      walkExpression(con.raw_expr, tableScope(relation), seeingTable(relation, ctx));
      if (column === undefined) return relation;
      const generatedFrom = columnNamesIn(con.raw_expr);
      return { ...relation, columns: relation.columns.map((c) => (c.name === column ? { ...c, generatedFrom } : c)) };
    }
    default:
      return relation;
  }
}

/** Inline constraints that only set the column's own properties; the others may name any column of the table. */
export const OWN_PROPERTY_CONSTRAINTS = new Set(['CONSTR_NOTNULL', 'CONSTR_NULL', 'CONSTR_IDENTITY', 'CONSTR_DEFAULT']);

/**
 * An own-property constraint (OWN_PROPERTY_CONSTRAINTS) applied to its column alone, as applyConstraint applies
 * it to the table (`table`: the table with the column, made only when a DEFAULT expression needs to see it):
 * CREATE TABLE builds each column whole before it joins the table, not the table once per constraint.
 */
export function withOwnConstraint(column: Column, con: PgNode, table: () => Relation, ctx: StatementContext): Column {
  if (con.contype === 'CONSTR_DEFAULT') {
    checkColumnDefault(con, table, ctx);
    return column;
  }
  const nullable = con.contype === 'CONSTR_NULL';
  return column.nullable === nullable ? column : { ...column, nullable };
}

/** A column's DEFAULT expression; a constant names nothing, so it needs no catalog with the table in it. */
function checkColumnDefault(con: PgNode, table: () => Relation, ctx: StatementContext): void {
  checkDefault(con.raw_expr, con.raw_expr?.A_Const ? ctx : seeingTable(table(), ctx));
}

/**
 * The context a CREATE TABLE's expressions (CHECK, GENERATED, DEFAULT) are checked in: Postgres cooks them once
 * the table exists, so a regclass literal may name the table itself (generated.sql:254).
 */
function seeingTable(relation: Relation, ctx: StatementContext): StatementContext {
  if (ctx.session.catalog.schemas.get(relation.schema)?.relations.has(relation.name)) return ctx;
  return { ...ctx, session: { ...ctx.session, catalog: withRelation(ctx.session.catalog, relation) } };
}

/** The column names an expression uses (its one-part column references): a partition key's, a generated column's. */
export function columnNamesIn(expr: unknown): string[] {
  const found: string[] = [];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const ref = (x as PgNode).ColumnRef;
    const name = ref?.fields?.length === 1 ? ref.fields[0].String?.sval : undefined;
    if (typeof name === 'string') found.push(name);
    for (const v of Object.values(x as object)) walk(v);
  };
  walk(expr);
  return found;
}

function applyForeignKey(relation: Relation, con: PgNode, ctx: StatementContext, columns: string[]): Relation {
  checkColumnsExist(relation, columns, ctx, con.location, inForeignKey);
  // ON DELETE SET NULL/DEFAULT (cols): columns of this table too (foreign_key.sql:468).
  checkColumnsExist(relation, names(con.fk_del_set_cols), ctx, con.location, inForeignKey);
  const pk = con.pktable;
  const self = pk.relname === relation.name && (!pk.schemaname || pk.schemaname === relation.schema);
  const target = self ? relation : resolveRelation(pk, ctx);
  let refColumns = names(con.pk_attrs);
  if (target) {
    checkColumnsExist(target, refColumns, ctx, pk.location, inForeignKey);
    if (refColumns.length === 0) refColumns = [...(target.primaryKey ?? [])];
  }
  const found = lookupRelation(ctx.session.catalog, ctx.session.searchPath, pk.schemaname, pk.relname);
  const refSchema = target?.schema ?? (found.kind === 'found' ? found.relation.schema : pk.schemaname ?? 'public');
  const fk = { name: con.conname, columns, refSchema, refTable: pk.relname, refColumns };
  return { ...relation, foreignKeys: [...relation.foreignKeys, fk] };
}

function withNullability(relation: Relation, columns: string[], nullable: boolean): Relation {
  if (!columns.length) return relation;
  return { ...relation, columns: relation.columns.map((c) => (columns.includes(c.name) ? { ...c, nullable } : c)) };
}

const inForeignKey = (name: string) => `column "${name}" referenced in foreign key constraint does not exist`;

/**
 * A key's or a foreign key's column list: each name must be a column. `words` is Postgres's message for a
 * missing one, `place` its span from the name's token (Postgres places some at the constraint).
 */
function checkColumnsExist(relation: Relation, columns: string[], ctx: StatementContext, after: number | undefined, words: (name: string) => string, place: (token: Span) => Span = (token) => token): void {
  for (const name of columns) observeColumnName(ctx, relation, name, after);
  if (relation.open) return;
  for (const name of columns) {
    // A key or foreign key on a system column is Postgres's 0A000, not a missing column.
    if (relation.columns.some((c) => c.name === name) || isSystemColumnOf(relation, name)) continue;
    ctx.report(undefinedColumnOf(ctx, place(findNameToken(ctx, name, after)), words(name), name, relation.columns.map((c) => c.name)));
  }
}

/**
 * A PRIMARY KEY's or UNIQUE's columns, in Postgres's words: in CREATE TABLE "named in key", placed at the
 * constraint (`PRIMARY KEY`, `CONSTRAINT name`) and here run to the name; in ALTER TABLE unplaced, and a
 * primary key's columns are first made NOT NULL, which finds a missing one "of relation".
 */
function checkKeyColumns(relation: Relation, keys: string[], con: PgNode, ctx: StatementContext): void {
  const alter = ctx.statement.node?.AlterTableStmt !== undefined;
  const words = (name: string) =>
    alter && con.contype === 'CONSTR_PRIMARY' ? `column "${name}" of relation "${relation.name}" does not exist` : `column "${name}" named in key does not exist`;
  const atConstraint = (token: Span): Span => (alter ? token : spanFrom(ctx, con.location, token));
  checkColumnsExist(relation, keys, ctx, con.location, words, atConstraint);
}

/**
 * A DEFAULT expression may not name columns at all (a different error), but relation names inside it
 * (`nextval('seq')`) are resolved: walk it in a scope where every column name is unknowable.
 */
export function checkDefault(expr: PgNode, ctx: StatementContext): void {
  walkExpression(expr, childScope(undefined, [{ columns: [], open: true, relVisible: false, colsVisible: true, systemColumns: false }]), ctx);
}

/** The column of a check that is exactly `col IS NOT NULL`. */
function notNullColumn(expr: PgNode): string | undefined {
  const test = expr?.NullTest;
  const fields = test?.nulltesttype === 'IS_NOT_NULL' ? test.arg?.ColumnRef?.fields : undefined;
  return fields?.length === 1 ? fields[0].String?.sval : undefined;
}
