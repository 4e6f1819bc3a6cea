import type { PgNode } from '../parser/pgParser';
import { nameSpan, type StatementContext } from '../context';
import { undefinedColumn, columnHint, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { undefinedTable, undefinedTableMessage, nearNameHint } from '../diagnostics/undefinedTable';
import { ambiguousColumn } from '../diagnostics/ambiguousColumn';
import {
  findAliasedRelation, findColumn, findRelationItem, resolveUnqualified, SYSTEM_COLUMNS,
  type NamespaceItem, type Scope,
} from './scope';

/** The names of a ColumnRef; `*` for a star. */
export function columnRefFields(ref: PgNode): string[] {
  return (ref.fields ?? []).map((f: PgNode) => (f.String ? f.String.sval : '*'));
}

/** Every column name an unqualified reference could have meant: for did-you-mean. */
export function namesInReach(scope: Scope): string[] {
  const names: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const item of level.items) if (item.colsVisible) names.push(...item.columns.map((c) => c.name));
  }
  return names;
}

/** A function `name(relation)` may be called as `relation.name` (attribute notation). */
function isAttributeFunction(ctx: StatementContext, name: string): boolean {
  for (const schema of ctx.session.catalog.schemas.values()) if (schema.functions.has(name)) return true;
  return false;
}

/** Checks one column reference against the scope; reports 42703, 42702 or 42P01 as Postgres would. */
export function resolveColumnRef(ref: PgNode, scope: Scope, ctx: StatementContext): void {
  const fields = columnRefFields(ref);
  const span = () => nameSpan(ctx, ref.location, fields.length);
  ctx.observe?.({ kind: 'columnRef', span: span(), fields, scope });
  if (fields.length === 1) {
    if (fields[0] === '*') return;
    const name = fields[0];
    const r = resolveUnqualified(scope, name);
    if (r.kind === 'ambiguous') ctx.report(ambiguousColumn(span(), name, r.items.map((i) => i.refname)));
    else if (r.kind === 'missing' && !ctx.session.catalog.uncertainNames.has(name)) {
      ctx.report(undefinedColumn(span(), undefinedColumnMessage.unqualified(name), columnHint(ctx, name, namesInReach(scope))));
    }
    return;
  }
  if (fields.length === 2) checkQualified(fields[0], undefined, fields[1], scope, ctx, span);
  else if (fields.length === 3) checkQualified(fields[1], fields[0], fields[2], scope, ctx, span);
}

function checkQualified(
  qualifier: string,
  schema: string | undefined,
  name: string,
  scope: Scope,
  ctx: StatementContext,
  span: () => ReturnType<typeof nameSpan>,
): void {
  const item = findRelationItem(scope, qualifier, schema);
  if (item) {
    checkColumnOfItem(item, qualifier, name, ctx, span);
    return;
  }
  // `a.b` may also be field b of a composite column a; only a longer name is surely a FROM reference.
  if (schema !== undefined) return;
  const asColumn = resolveUnqualified(scope, qualifier);
  if (asColumn.kind !== 'missing') return;
  const aliased = findAliasedRelation(scope, qualifier);
  const tokenSpan = span();
  if (aliased) {
    ctx.report(undefinedTable(tokenSpan, undefinedTableMessage.invalidReference(qualifier), `Perhaps you meant to reference the table alias "${aliased.refname}".`));
    return;
  }
  const refnames: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const i of level.items) if (i.relVisible && i.refname) refnames.push(i.refname);
  }
  ctx.report(undefinedTable(tokenSpan, undefinedTableMessage.missingFromEntry(qualifier), nearNameHint(qualifier, refnames, 'the table ')));
}

function checkColumnOfItem(
  item: NamespaceItem,
  qualifier: string,
  name: string,
  ctx: StatementContext,
  span: () => ReturnType<typeof nameSpan>,
): void {
  if (name === '*' || item.open || findColumn(item, name)) return;
  if (item.systemColumns && SYSTEM_COLUMNS.has(name)) return;
  if (isAttributeFunction(ctx, name) || ctx.session.catalog.uncertainNames.has(name)) return;
  if (item.relation && ctx.session.catalog.uncertainNames.has(item.relation.name)) return;
  const hint = columnHint(ctx, name, item.columns.map((c) => c.name), item.relation, qualifier);
  ctx.report(undefinedColumn(span(), undefinedColumnMessage.qualified(qualifier, name), hint));
}
