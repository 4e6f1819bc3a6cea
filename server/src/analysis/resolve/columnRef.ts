import type { PgNode } from '../parser/pgParser';
import { nameSpan, type StatementContext } from '../context';
import { mayHaveUncertainColumns } from '../catalog/edit';
import { mayBeAttributeFunction } from '../catalog/functions';
import { undefinedColumn, columnHint, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { undefinedTable, undefinedTableMessage, nearNameHint } from '../diagnostics/undefinedTable';
import { ambiguousColumn } from '../diagnostics/ambiguousColumn';
import { editDistance, nearSpellings } from '../diagnostics/nearSpelling';
import { notChecked, notCheckedDetail } from '../diagnostics/notChecked';
import {
  entryOutOfSight, findAliasedRelation, findColumn, findRelationItem, resolveUnqualified, SYSTEM_COLUMNS,
  type NamespaceItem, type Scope,
} from './scope';

/** The names of a ColumnRef; `*` for a star. */
export function columnRefFields(ref: PgNode): string[] {
  return (ref.fields ?? []).map((f: PgNode) => (f.String ? f.String.sval : '*'));
}

/** Every column name an unqualified reference could have meant: for did-you-mean. */
function itemsInReach(scope: Scope): NamespaceItem[] {
  const items: NamespaceItem[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) items.push(...level.items);
  return items;
}

export function namesInReach(scope: Scope): string[] {
  const names: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const item of level.items) if (item.colsVisible) names.push(...item.columns.map((c) => c.name));
  }
  return names;
}

/**
 * `m.user_id` where m lacks it: the column of another FROM item in reach (by its name: `p.user_id`) that
 * has it or a near spelling of it, as Postgres's own hint points there (one edit for the other alias, as
 * its fuzzy search counts it). Only when exactly one is nearest.
 */
export function columnElsewhere(scope: Scope, item: NamespaceItem, name: string): { refname: string; column: string } | undefined {
  let best: { refname: string; column: string; distance: number }[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const other of level.items) {
      if (other === item || other.columns === item.columns || !other.relVisible || !other.refname || other.open) continue;
      const near = other.columns.some((c) => c.name === name) ? [name] : nearSpellings(name, other.columns.map((c) => c.name));
      if (!near.length) continue;
      const distance = editDistance(name.toLowerCase(), near[0].toLowerCase());
      if (best.length && distance > best[0].distance) continue;
      const found = { refname: other.refname, column: near[0], distance };
      best = best.length && distance === best[0].distance ? [...best, found] : [found];
    }
  }
  return best.length === 1 ? { refname: best[0].refname, column: best[0].column } : undefined;
}


/** Checks one column reference against the scope; reports 42703, 42702 or 42P01 as Postgres would. */
export function resolveColumnRef(ref: PgNode, scope: Scope, ctx: StatementContext): void {
  const fields = columnRefFields(ref);
  // Placed when first asked for, by a problem or an observer that reads it: a name the scanner must place
  // costs a scan of the whole statement, and most observers (a view's dependencies) never read it.
  let placed: ReturnType<typeof nameSpan> | undefined;
  const span = () => (placed ??= nameSpan(ctx, ref.location, fields.length));
  const unqualified = fields.length === 1 && fields[0] !== '*' ? resolveUnqualified(scope, fields[0]) : undefined;
  ctx.observe?.({
    kind: 'columnRef',
    get span() {
      return span();
    },
    fields,
    scope,
    unqualified,
  });
  if (fields.length === 1) {
    if (unqualified === undefined) return;
    const name = fields[0];
    const r = unqualified;
    if (r.kind === 'ambiguous') ctx.report(ambiguousColumn(span(), name, r.items.map((i) => i.refname)));
    else if (r.kind === 'missing' && ctx.session.catalog.uncertainNames.has(name) && itemsInReach(scope).some((i) => i.colsVisible && mayHaveUncertainColumns(ctx.session.catalog, i.relation ?? { open: true }))) uncertainColumn(ctx, span(), name);
    else if (r.kind === 'missing') {
      ctx.report(undefinedColumn(span(), undefinedColumnMessage.unqualified(name), columnHint(ctx, name, namesInReach(scope))));
    }
    return;
  }
  if (fields.length === 2) checkQualified(fields[0], undefined, fields[1], scope, ctx, span);
  else if (fields.length === 3) checkQualified(fields[1], fields[0], fields[2], scope, ctx, span);
}

function variablesInReach(scope: Scope): boolean {
  for (let level: Scope | undefined = scope; level; level = level.parent) if (level.items.some((i) => i.variables)) return true;
  return false;
}

/** A column left unreported because dynamic SQL may have made the name: noted as not checked. */
function uncertainColumn(ctx: StatementContext, span: ReturnType<typeof nameSpan>, name: string): void {
  const { rejectedNames, refusableNames } = ctx.session.catalog;
  if (rejectedNames?.has(name)) ctx.notChecked?.(notChecked(span, 'earlier error', notCheckedDetail.rejectedName(name)));
  else if (refusableNames?.has(name)) ctx.notChecked?.(notChecked(span, 'may have been refused', notCheckedDetail.refusableName(name)));
  else ctx.notChecked?.(notChecked(span, 'dynamic SQL', notCheckedDetail.uncertainName(name)));
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
    checkColumnOfItem(item, scope, qualifier, name, ctx, span);
    return;
  }
  if (schema !== undefined) return;
  // `a.b` is always table a's column b to Postgres's parser (a composite column's field is `(a).b`), but a
  // PL/pgSQL variable or an SQL function's parameter `a` of a composite type makes it a field (their hooks
  // run when no FROM item is called a). So a name that is a column here is reported only where no variable
  // or parameter is in reach (rowtypes.sql:41).
  const asColumn = resolveUnqualified(scope, qualifier);
  if (asColumn.kind !== 'missing' && (asColumn.kind !== 'column' || variablesInReach(scope))) return;
  const aliased = findAliasedRelation(scope, qualifier);
  const tokenSpan = span();
  if (aliased) {
    ctx.report(undefinedTable(tokenSpan, undefinedTableMessage.invalidReference(qualifier), `Perhaps you meant to reference the table alias "${aliased.refname}".`));
    return;
  }
  const outOfSight = entryOutOfSight(scope, qualifier);
  if (outOfSight) {
    const lateral = outOfSight.lateral ? ' To reference that table, you must mark this subquery with LATERAL.' : '';
    const hint = `There is an entry for table "${outOfSight.item.refname}", but it cannot be referenced from this part of the query.${lateral}`;
    ctx.report(undefinedTable(tokenSpan, undefinedTableMessage.invalidReference(qualifier), hint));
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
  scope: Scope,
  qualifier: string,
  name: string,
  ctx: StatementContext,
  span: () => ReturnType<typeof nameSpan>,
): void {
  if (name === '*' || item.open || findColumn(item, name)) return;
  if (item.systemColumns && SYSTEM_COLUMNS.has(name)) return;
  // A function `name(relation)` may be called as `relation.name` (attribute notation).
  if (mayBeAttributeFunction(ctx.session.catalog, name)) return;
  const wordMayBeColumn = mayHaveUncertainColumns(ctx.session.catalog, item.relation ?? { open: true });
  const uncertain = [wordMayBeColumn ? name : undefined, item.relation?.name].find((n) => n !== undefined && ctx.session.catalog.uncertainNames.has(n));
  if (uncertain !== undefined) return uncertainColumn(ctx, span(), uncertain);
  const elsewhere = () => {
    const other = ctx.quiet ? undefined : columnElsewhere(scope, item, name);
    return other && `Perhaps you meant to reference the column "${other.refname}.${other.column}".`;
  };
  const hint = columnHint(ctx, name, item.columns.map((c) => c.name), item.relation, qualifier) ?? elsewhere();
  ctx.report(undefinedColumn(span(), undefinedColumnMessage.qualified(qualifier, name), hint));
}
