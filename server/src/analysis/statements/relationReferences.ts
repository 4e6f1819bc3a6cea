import type { PgNode } from '../parser/pgParser';
import { checkAttributeComment } from './compositeTypes';
import { checkIndexName } from './indexNames';
import { checkTriggerFields, tableTrigger } from '../plpgsql/triggerFields';
import { withTrigger } from './triggerDependencies';
import { existingRelation, namesType } from './createTable';
import { findNameToken, observeColumnName, originAt, type Session, type StatementContext } from '../context';
import { expressionAt } from './expressionText';
import { withOpenFunctions, withOpenSchema, withRelation } from '../catalog/edit';
import { undefinedColumnOf, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { resolveRelation } from '../resolve/fromClause';
import { walkExpression } from '../resolve/expressions';
import { tableScope } from './tableScope';
import { checkTriggerFunction } from '../resolve/functionCalls';
import { childScope, isSystemColumnOf, SYSTEM_COLUMNS } from '../resolve/scope';
import { analyzeQuery } from '../resolve/query';
import type { Relation, RelationName } from '../catalog/types';
import { indexOwner, lookupRelation } from '../catalog/lookup';
import { implicitIndexName, indexElementName, withIndex } from '../catalog/indexes';
import { figureName } from '../resolve/outputColumns';

/**
 * Statements that only name a table and expressions over its columns: CREATE INDEX, CREATE POLICY,
 * COMMENT ON COLUMN, TRUNCATE, LOCK, CREATE TRIGGER, GRANT. They change no column.
 */

export function createIndex(n: PgNode, ctx: StatementContext): Session {
  const relation = resolveRelation(n.relation, ctx);
  if (!relation) return ctx.session;
  const scope = tableScope(relation);
  for (const p of [...(n.indexParams ?? []), ...(n.indexIncludingParams ?? [])]) {
    const elem = p.IndexElem;
    observeColumnName(ctx, relation, elem?.name, n.relation.location);
    // An index on a system column is Postgres's 0A000, not a missing column.
    if (elem?.name && !relation.open && !relation.columns.some((c) => c.name === elem.name) && !isSystemColumnOf(relation, elem.name)) {
      ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, elem.name, n.relation.location), undefinedColumnMessage.unqualified(elem.name), elem.name, relation.columns.map((c) => c.name)));
    }
    walkExpression(elem?.expr, scope, ctx);
  }
  walkExpression(n.whereClause, scope, ctx);
  // A unique index on plain columns (no expression, no predicate) is a unique key, as Postgres's catalog says.
  const columns: string[] = (n.indexParams ?? []).map((p: PgNode) => p.IndexElem?.name);
  const where = n.whereClause ? whereText(ctx) : undefined;
  const included: string[] = (n.indexIncludingParams ?? []).map((p: PgNode) => p.IndexElem?.name).filter((c: unknown): c is string => typeof c === 'string');
  const details = { unique: !!n.unique, where, origin: originAt(ctx, n.relation.location), included };
  const named = [...(n.indexParams ?? []), ...(n.indexIncludingParams ?? [])].map((p: PgNode) => indexElementName(p.IndexElem, figureName));
  // An expression Postgres names in a way the analysis does not follow: the index's name is a guess, so no
  // name of the table's indexes is surely missing.
  const guessed = !n.idxname && named.includes(null);
  let indexed = withIndex(guessed ? { ...relation, unnamedIndexes: true } : relation, n.idxname ?? implicitIndexName(relation.name, named.map((x) => x ?? undefined), 'idx'), columns.map((c) => c ?? ''), details);
  if (n.unique && !n.whereClause && columns.length && columns.every(Boolean)) indexed = { ...indexed, uniqueKeys: [...relation.uniqueKeys, columns] };
  return indexed === relation ? ctx.session : { ...ctx.session, catalog: withRelation(ctx.session.catalog, indexed) };
}

/** The predicate of CREATE INDEX ... WHERE, as written (a partial index). */
function whereText(ctx: StatementContext): string {
  const match = /\bwhere\b/i.exec(ctx.statement.text);
  return match ? expressionAt(ctx.statement.text, match.index + match[0].length) : '';
}

/** CREATE/ALTER POLICY: its expressions see the table's columns; the other relations they use are recorded. */
export function createPolicy(n: PgNode, ctx: StatementContext): Session {
  const relation = resolveRelation(n.table, ctx);
  if (!relation) return ctx.session;
  const uses: RelationName[] = [];
  const observe: StatementContext['observe'] = (o) => {
    ctx.observe?.(o);
    if (o.kind === 'relation' && o.relation && o.relation !== relation) uses.push({ schema: o.relation.schema, name: o.relation.name });
  };
  walkExpression([n.qual, n.with_check], tableScope(relation), { ...ctx, observe });
  const others = (relation.policies ?? []).filter((p) => p.name !== n.policy_name);
  const kept = n.qual || n.with_check || !relation.policies?.some((p) => p.name === n.policy_name) ? uses : relation.policies.find((p) => p.name === n.policy_name)!.uses;
  return { ...ctx.session, catalog: withRelation(ctx.session.catalog, { ...relation, policies: [...others, { name: n.policy_name, uses: kept }] }) };
}

/** DROP POLICY name ON table. */
export function dropPolicy(session: Session, names: string[]): Session {
  const found = lookupRelation(session.catalog, session.searchPath, names.length > 2 ? names[names.length - 3] : undefined, names[names.length - 2]);
  if (found.kind !== 'found' || !found.relation.policies?.some((p) => p.name === names[names.length - 1])) return session;
  return { ...session, catalog: withRelation(session.catalog, { ...found.relation, policies: found.relation.policies.filter((p) => p.name !== names[names.length - 1]) }) };
}

/**
 * CREATE/ALTER PUBLICATION ... TABLE t (a, b): the column lists are recorded on the tables (a DROP COLUMN of
 * one may be refused; Postgres may also have refused the list, for a replica identity it lacks). Nothing is
 * reported: the publication itself is not kept, and an unknown one is Postgres's first error.
 */
export function publicationTables(n: PgNode, kind: 'create' | 'alter', ctx: StatementContext): Session {
  let catalog = ctx.session.catalog;
  const publication: string = n.pubname;
  const without = (r: Relation) => ({ ...r, publishedColumns: (r.publishedColumns ?? []).filter((e) => e.publication !== publication) });
  if (kind === 'alter' && n.action === 'AP_SetObjects') {
    for (const schema of catalog.schemas.values()) for (const r of schema.relations.values()) if (r.publishedColumns?.some((e) => e.publication === publication)) catalog = withRelation(catalog, without(r));
  }
  for (const obj of n.pubobjects ?? []) {
    const t = obj.PublicationObjSpec?.pubtable;
    if (!t?.relation) continue;
    const found = lookupRelation(catalog, ctx.session.searchPath, t.relation.schemaname, t.relation.relname);
    if (found.kind !== 'found') continue;
    const columns: string[] = (t.columns ?? []).map((c: PgNode) => c.String?.sval).filter((c: unknown): c is string => typeof c === 'string');
    // A table named twice with a column list is Postgres's 42710 before any column is looked at.
    const named = (n.pubobjects ?? []).filter((o: PgNode) => o.PublicationObjSpec?.pubtable?.relation?.relname === t.relation.relname).length;
    if (!(kind === 'alter' && n.action === 'AP_DropObjects') && named === 1) checkPublishedColumns(found.relation, columns, t.relation.location, ctx);
    const base = without(found.relation);
    if (kind === 'alter' && n.action === 'AP_DropObjects') catalog = withRelation(catalog, base);
    else if (columns.length) catalog = withRelation(catalog, { ...base, publishedColumns: [...base.publishedColumns, { publication, columns }] });
  }
  return catalog === ctx.session.catalog ? ctx.session : { ...ctx.session, catalog };
}

/** A publication's column list names columns of the table (publication.sql:411); a system column is another error (42P10). */
function checkPublishedColumns(relation: Relation, columns: readonly string[], after: number, ctx: StatementContext): void {
  if (relation.open || ctx.session.catalog.uncertainNames.has(relation.name)) return;
  for (const column of columns) {
    if (relation.columns.some((c) => c.name === column) || isSystemColumnOf(relation, column)) continue;
    ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, column, after), undefinedColumnMessage.ofRelation(column, relation.name), column, relation.columns.map((c) => c.name)));
  }
}

export function commentOn(n: PgNode, ctx: StatementContext): Session {
  const names: string[] = (n.object?.List?.items ?? []).map((i: PgNode) => i.String?.sval);
  if (n.objtype === 'OBJECT_COLUMN' && names.length >= 2) {
    const column = names[names.length - 1];
    const rv = { relname: names[names.length - 2], schemaname: names.length > 2 ? names[names.length - 3] : undefined, location: locationOf(ctx, names[names.length - 2]) };
    // COMMENT ON COLUMN also names an attribute of a composite type.
    if (!existingRelation(rv, ctx.session) && namesType(rv, ctx.session)) {
      checkAttributeComment(rv, column, ctx);
      return ctx.session;
    }
    const relation = resolveRelation(rv, ctx);
    if (relation) observeColumnName(ctx, relation, column, rv.location);
    if (relation && !relation.open && !relation.columns.some((c) => c.name === column)) {
      ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, column, rv.location), undefinedColumnMessage.ofRelation(column, relation.name), column, relation.columns.map((c) => c.name)));
    }
  } else if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_SEQUENCE', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'].includes(n.objtype)) {
    resolveRelation({ relname: names[names.length - 1], schemaname: names.length > 1 ? names[names.length - 2] : undefined, location: locationOf(ctx, names[names.length - 1]) }, ctx);
  } else if (n.objtype === 'OBJECT_INDEX' && names.length >= 1 && names.length <= 2) {
    const name = names[names.length - 1];
    checkIndexName({ relname: name, schemaname: names.length > 1 ? names[0] : undefined, location: locationOf(ctx, name) }, ctx);
  } else if (n.objtype === 'OBJECT_TABCONSTRAINT' && names.length >= 2) {
    // COMMENT ON CONSTRAINT c ON t: the table must exist (a missing constraint is 42704, not checked).
    const table = names[names.length - 2];
    resolveRelation({ relname: table, schemaname: names.length > 2 ? names[names.length - 3] : undefined, location: locationOf(ctx, table) }, ctx);
  }
  return ctx.session;
}

/** Byte location (as the parser would give it) of a name's token, for nodes that carry none. */
function locationOf(ctx: StatementContext, name: string): number {
  const span = findNameToken(ctx, name);
  const before = ctx.statement.text.slice(0, span.start - ctx.statement.span.start);
  return Buffer.byteLength(before, 'utf8');
}

/** COPY t (a, b) FROM/TO ... [WHERE ...] and COPY (query) TO: the table, its listed columns, the WHERE over them. */
export function copy(n: PgNode, ctx: StatementContext): Session {
  if (n.query?.SelectStmt) analyzeQuery(n.query, childScope(undefined), ctx);
  const relation: Relation | undefined = n.relation ? resolveRelation(n.relation, ctx) : undefined;
  if (!relation) return ctx.session;
  checkColumnsOf(relation, n.attlist ?? [], ctx, n.relation.location, true);
  walkExpression(n.whereClause, tableScope(relation), ctx);
  return ctx.session;
}

/** CREATE STATISTICS ... ON a, b FROM t: the table, and the columns it names. */
export function createStatistics(n: PgNode, ctx: StatementContext): Session {
  const rv: PgNode | undefined = n.relations?.length === 1 ? n.relations[0].RangeVar : undefined;
  if (!rv) return ctx.session;
  // Statistics on an index, a sequence, a view or a composite type are Postgres's 42809.
  const found = lookupRelation(ctx.session.catalog, ctx.session.searchPath, rv.schemaname, rv.relname);
  if (found.kind === 'missing' && (indexOwner(ctx.session.catalog, ctx.session.searchPath, [rv.schemaname, rv.relname].filter(Boolean)) || namesType(rv, ctx.session))) return ctx.session;
  if (found.kind === 'found' && !['table', 'materialized view', 'foreign table'].includes(found.relation.kind)) return ctx.session;
  const relation: Relation | undefined = resolveRelation(rv, ctx);
  if (!relation) return ctx.session;
  for (const e of n.exprs ?? []) {
    const name: string | undefined = e.StatsElem?.name;
    if (name !== undefined) {
      observeColumnName(ctx, relation, name);
      if (!relation.open && !relation.columns.some((c) => c.name === name) && !SYSTEM_COLUMNS.has(name)) {
        ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, name), undefinedColumnMessage.unqualified(name), name, relation.columns.map((c) => c.name)));
      }
    } else walkExpression(e.StatsElem?.expr, tableScope(relation), ctx);
  }
  return ctx.session;
}

/** TRUNCATE, LOCK, CREATE TRIGGER, ALTER ... ENABLE RLS: the tables must exist. */
export function checkRelations(relations: PgNode[], ctx: StatementContext): Session {
  for (const r of relations) if (r?.RangeVar ?? r?.relname) resolveRelation(r.RangeVar ?? r, ctx);
  return ctx.session;
}

/** GRANT ... ON t, with column privileges `GRANT SELECT (a, b) ON t`. */
export function grant(n: PgNode, ctx: StatementContext): Session {
  if (n.targtype !== 'ACL_TARGET_OBJECT' || n.objtype !== 'OBJECT_TABLE') return ctx.session;
  const columns = (n.privileges ?? []).flatMap((p: PgNode) => p.AccessPriv?.cols ?? []);
  for (const object of n.objects ?? []) {
    const relation = object.RangeVar && resolveRelation(object.RangeVar, ctx);
    // Column privileges may name system columns (`GRANT SELECT (tableoid)`).
    // The column list comes before the table: `GRANT SELECT (a) ON t`.
    if (relation) checkColumnsOf(relation, columns, ctx, undefined, relation.kind === 'table' || relation.kind === 'materialized view');
  }
  return ctx.session;
}

/** ANALYZE / VACUUM with column lists. */
/** The options VACUUM and ANALYZE know (vacuum.c); another is Postgres's 42601 before any table is looked up. */
const VACUUM_OPTIONS = new Set([
  'verbose', 'skip_locked', 'analyze', 'freeze', 'full', 'disable_page_skipping', 'index_cleanup', 'process_toast', 'truncate', 'parallel',
  'process_main', 'skip_database_stats', 'only_database_stats', 'buffer_usage_limit',
]);

export function vacuum(n: PgNode, ctx: StatementContext): Session {
  if ((n.options ?? []).some((o: PgNode) => !VACUUM_OPTIONS.has(o.DefElem?.defname))) return ctx.session;
  for (const r of n.rels ?? []) {
    const rel = r.VacuumRelation;
    const relation = rel?.relation && resolveRelation(rel.relation, ctx);
    if (relation) checkColumnsOf(relation, rel.va_cols ?? [], ctx, rel.relation.location);
  }
  return ctx.session;
}

/** CREATE TRIGGER: `UPDATE OF` columns exist, and WHEN sees the row as NEW and OLD. */
export function createTrigger(n: PgNode, ctx: StatementContext): Session {
  const relation = resolveRelation(n.relation, ctx);
  if (!relation) return ctx.session;
  // `UPDATE OF a, b ON t`: the columns come before the table.
  checkColumnsOf(relation, n.columns ?? [], ctx);
  checkTriggerFunction(n.funcname, ctx);
  const row = tableScope(relation).items[0];
  const rows = ['new', 'old'].map((refname) => ({ ...row, refname, relname: undefined, schema: undefined, colsVisible: false }));
  walkExpression(n.whenClause, childScope(undefined, rows), ctx);
  checkTriggerFields(n, relation, ctx);
  const columns: string[] = (n.columns ?? []).map((c: PgNode) => c.String?.sval).filter((c: unknown): c is string => typeof c === 'string');
  let recorded = withTrigger(relation, n.trigname, columns);
  const trigger = tableTrigger(n);
  if (trigger) recorded = { ...recorded, triggers: [...(relation.triggers ?? []).filter((t) => t.name !== trigger.name), trigger] };
  return recorded === relation ? ctx.session : { ...ctx.session, catalog: withRelation(ctx.session.catalog, recorded) };
}

/** Column name lists (String nodes) that must name columns of the relation: `column "x" of relation "t"`. */
function checkColumnsOf(relation: Relation, columns: PgNode[], ctx: StatementContext, after?: number, systemColumns = false): void {
  for (const c of columns) observeColumnName(ctx, relation, c.String?.sval, after);
  if (relation.open) return;
  for (const c of columns) {
    const name: string | undefined = c.String?.sval;
    if (name === undefined || relation.columns.some((col) => col.name === name)) continue;
    if (systemColumns && SYSTEM_COLUMNS.has(name)) continue;
    ctx.report(undefinedColumnOf(ctx, findNameToken(ctx, name, after), undefinedColumnMessage.ofRelation(name, relation.name), name, relation.columns.map((col) => col.name)));
  }
}

/** CREATE EXTENSION: an extension that creates tables or views opens the schema it is installed into. */
const RELATION_FREE_EXTENSIONS = new Set([
  'pgcrypto', 'uuid-ossp', 'citext', 'pg_trgm', 'hstore', 'btree_gist', 'btree_gin', 'unaccent', 'ltree',
  'fuzzystrmatch', 'intarray', 'cube', 'earthdistance', 'tablefunc', 'pgjwt', 'plpgsql', 'vector', 'moddatetime',
  'isn', 'seg', 'tsm_system_rows', 'tsm_system_time', 'pg_prewarm', 'http', 'pgsodium', 'pg_net', 'supabase_vault',
]);

export function createExtension(n: PgNode, ctx: StatementContext): Session {
  const schemaOption = (n.options ?? []).find((o: PgNode) => o.DefElem?.defname === 'schema');
  const schema = schemaOption?.DefElem?.arg?.String?.sval ?? ctx.session.searchPath?.[0] ?? 'public';
  // Every extension brings functions we do not list.
  const catalog = withOpenFunctions(ctx.session.catalog, schema);
  if (RELATION_FREE_EXTENSIONS.has(n.extname)) return { ...ctx.session, catalog };
  return { ...ctx.session, catalog: withOpenSchema(catalog, schema) };
}
