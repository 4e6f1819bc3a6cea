import type { PgNode } from '../parser/pgParser';
import { findNameToken, originAt, originOfSpan, type Session, type StatementContext } from '../context';
import { emptySchema, withFunction, withRelation, withSchema, withType } from '../catalog/edit';
import { existingRelation, sequenceRelation, targetSchema } from './createTable';
import { creationSchema, indexOwner, lookupRelation } from '../catalog/lookup';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';
import { undefinedColumn, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { formatTypeName } from '../catalog/typeNames';
import type { FunctionBody, FunctionSignature } from '../catalog/types';
import { compositeAttributes } from './compositeTypes';

/** CREATE SCHEMA: without IF NOT EXISTS it is surely new, so we know all it holds (it is closed). */
export function createSchema(n: PgNode, ctx: StatementContext): Session {
  const name: string | undefined = n.schemaname ?? n.authrole?.RoleSpec?.rolename;
  if (!name || ctx.session.catalog.schemas.has(name)) return ctx.session;
  return { ...ctx.session, catalog: withSchema(ctx.session.catalog, emptySchema(name, !n.if_not_exists)) };
}

function qualified(names: PgNode[], session: Session): [string, string] {
  const parts: string[] = names.map((n: PgNode) => n.String?.sval);
  return [parts.length > 1 ? parts[parts.length - 2] : creationSchema(session.searchPath), parts[parts.length - 1]];
}

export function createEnum(n: PgNode, ctx: StatementContext): Session {
  const [schema, name] = qualified(n.typeName, ctx.session);
  const values = (n.vals ?? []).map((v: PgNode) => v.String?.sval);
  return { ...ctx.session, catalog: withType(ctx.session.catalog, { schema, name, values, origin: originAt(ctx, undefined) }) };
}

export function alterEnum(n: PgNode, ctx: StatementContext): Session {
  const [schema, name] = qualified(n.typeName, ctx.session);
  const type = ctx.session.catalog.schemas.get(schema)?.types.get(name);
  if (!type || !n.newVal) return ctx.session;
  const values = n.oldVal ? type.values.map((v) => (v === n.oldVal ? n.newVal : v)) : [...type.values, n.newVal];
  return { ...ctx.session, catalog: withType(ctx.session.catalog, { ...type, values }) };
}

export function createCompositeType(n: PgNode, ctx: StatementContext): Session {
  const rv = n.typevar;
  const schema = rv.schemaname ?? creationSchema(ctx.session.searchPath);
  const type = { schema, name: rv.relname, values: [], attributes: compositeAttributes(n), origin: originAt(ctx, rv.location) };
  return { ...ctx.session, catalog: withType(ctx.session.catalog, type) };
}

export function createFunction(n: PgNode, ctx: StatementContext, body?: FunctionBody): Session {
  const [schema, name] = qualified(n.funcname, ctx.session);
  const params: PgNode[] = (n.parameters ?? []).map((p: PgNode) => p.FunctionParameter).filter(Boolean);
  const inputs = params.filter((p) => !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode));
  const args = inputs.map((p) => [p.name, formatTypeName(p.argType)].filter(Boolean).join(' ')).join(', ');
  const table = params.filter((p) => p.mode === 'FUNC_PARAM_TABLE');
  const returns = table.length
    ? `TABLE(${table.map((p) => `${p.name} ${formatTypeName(p.argType)}`).join(', ')})`
    : n.returnType ? formatTypeName(n.returnType) : 'void';
  const option = (name: string) => (n.options ?? []).find((o: PgNode) => o.DefElem?.defname === name)?.DefElem.arg?.String?.sval;
  // Undeclared means VOLATILE, except that a SQL function may be inlined into what its body is: unknown then.
  const volatility = (option('volatility') ?? (option('language') === 'sql' ? undefined : 'volatile')) as FunctionSignature['volatility'];
  const origin = originOfSpan(ctx, findNameToken(ctx, name));
  // Optional keys set on the new object, not spread into it (V8: about a microsecond per key a spread adds).
  const signature: FunctionSignature = { schema, name, args, returns, origin };
  if (body) signature.body = body;
  if (volatility) signature.volatility = volatility;
  return { ...ctx.session, catalog: withFunction(ctx.session.catalog, signature) };
}

export function createSequence(n: PgNode, ctx: StatementContext): Session {
  const rv = n.sequence;
  checkOwnedBy(n.options, ctx);
  if (n.if_not_exists && existingRelation(rv, ctx.session)) return ctx.session;
  const owner = ownerOf(n.options, ctx.session);
  const sequence = { ...sequenceRelation(targetSchema(rv, ctx.session), rv.relname), origin: originAt(ctx, rv.location), ...(owner ? { ownedBy: owner } : {}) };
  return { ...ctx.session, catalog: withRelation(ctx.session.catalog, sequence) };
}

/** ALTER SEQUENCE ... OWNED BY t.col | NONE: a DROP TABLE of t then drops the sequence too (truncate.sql:235). */
export function alterSequence(n: PgNode, ctx: StatementContext): Session {
  const option = ownedByOption(n.options);
  if (!option) return ctx.session;
  checkOwnedBy(n.options, ctx);
  const rv = n.sequence;
  const found = rv?.relname ? lookupRelation(ctx.session.catalog, ctx.session.searchPath, rv.schemaname, rv.relname) : undefined;
  if (found?.kind !== 'found' || found.relation.kind !== 'sequence') return ctx.session;
  const { ownedBy: _old, ...sequence } = found.relation;
  const owner = ownerOf(n.options, ctx.session);
  // OWNED BY a table we cannot find: who owns the sequence is not known, so it is left as it was.
  if (!owner && !(option.length === 1 && option[0] === 'none')) return ctx.session;
  return { ...ctx.session, catalog: withRelation(ctx.session.catalog, owner ? { ...sequence, ownedBy: owner } : sequence) };
}

function ownedByOption(options: PgNode[] | undefined): string[] | undefined {
  const items: PgNode[] | undefined = (options ?? []).find((o: PgNode) => o.DefElem?.defname === 'owned_by')?.DefElem.arg?.List?.items;
  return items?.map((i: PgNode) => i.String?.sval);
}

/** The table of `OWNED BY t.col`, when it is found. */
function ownerOf(options: PgNode[] | undefined, session: Session): { schema: string; name: string } | undefined {
  const owned = ownedByOption(options);
  if (!owned || owned.length < 2 || owned.some((x) => typeof x !== 'string')) return undefined;
  const found = lookupRelation(session.catalog, session.searchPath, owned.length > 2 ? owned[owned.length - 3] : undefined, owned[owned.length - 2]);
  return found.kind === 'found' ? { schema: found.relation.schema, name: found.relation.name } : undefined;
}

/** `OWNED BY t.col` (not NONE): the table must exist, and the column be one of its (sequence.sql:18). */
function checkOwnedBy(options: PgNode[] | undefined, ctx: StatementContext): void {
  const owned: string[] | undefined = (options ?? []).find((o: PgNode) => o.DefElem?.defname === 'owned_by')?.DefElem.arg?.List?.items?.map((i: PgNode) => i.String?.sval);
  if (!owned || owned.length < 2 || owned.some((x) => typeof x !== 'string')) return;
  const column = owned[owned.length - 1];
  const table = owned[owned.length - 2];
  const span = findNameToken(ctx, table);
  const found = lookupRelation(ctx.session.catalog, ctx.session.searchPath, owned.length > 2 ? owned[owned.length - 3] : undefined, table);
  // An index (pg_catalog's are all pg_*) is Postgres's 42809, not a missing relation.
  const mayBeIndex = table.startsWith('pg_') || indexOwner(ctx.session.catalog, ctx.session.searchPath, owned.slice(0, -1)) !== undefined;
  if (found.kind === 'missing' && !mayBeIndex) ctx.report(undefinedTable(span, undefinedTableMessage.relation(owned.slice(0, -1).join('.'))));
  if (found.kind !== 'found' || found.relation.open || ctx.session.catalog.uncertainNames.has(found.relation.name) || found.relation.columns.some((c) => c.name === column)) return;
  ctx.report(undefinedColumn(findNameToken(ctx, column, undefined), undefinedColumnMessage.ofRelation(column, found.relation.name)));
}
