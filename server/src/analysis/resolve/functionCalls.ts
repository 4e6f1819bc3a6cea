import type { PgNode } from '../parser/pgParser';
import type { ParsedStatement } from '../parser/parseDocument';
import { dottedNameEnd } from '../parser/dottedNames';
import { findWordPair, nextTokenStart } from '../parser/tokenSearch';
import { nameSpan, type StatementContext } from '../context';
import { functionNamesInReach, lookupFunctionName, mayBeTypeName } from '../catalog/functions';
import { formatTypeName } from '../catalog/typeNames';
import { undefinedFunction } from '../diagnostics/undefinedFunction';
import type { Span } from '../types';
import { columnRefFields } from './columnRef';
import { findColumn, findRelationItem, resolveUnqualified, type Scope, type ScopeColumn } from './scope';

/**
 * The static 42883 check: a call of a function no schema we fully know has under any arity. Only where
 * Postgres's message can be written exactly (no argument, or constants and casts, whose types we know)
 * and where the call cannot be something else: a one-argument call of a type name is a cast, a call with
 * named or variadic arguments, `*` or an aggregate's clauses is left alone. Never in routine bodies (they
 * may call functions made later) or where problems are not wanted.
 */
export function checkFunctionCall(call: PgNode, scope: Scope, ctx: StatementContext): void {
  if (ctx.quiet || ctx.inRoutineBody) return;
  const names = qualifiedName(call.funcname);
  if (!names || call.agg_star || call.agg_distinct || call.func_variadic || call.agg_order || call.agg_filter || call.over) return;
  const args: PgNode[] = call.args ?? [];
  // `f(t)` / `f(col)` with one argument may be attribute notation (`t.f`): left alone.
  if (args.length === 1 && (args[0]?.ColumnRef || mayBeTypeName(ctx.session.catalog, names.name))) return;
  const types = args.map((a) => argumentType(a, scope));
  if (types.some((t) => t === undefined)) return;
  report(names, types as string[], () => nameSpan(ctx, call.location, names.schema === undefined ? 1 : 2), ctx);
}

/** `EXECUTE FUNCTION public.touch_updated_at()`: Postgres looks the trigger function up with no arguments. */
export function checkTriggerFunction(funcname: PgNode[] | undefined, ctx: StatementContext): void {
  if (ctx.quiet) return;
  const names = qualifiedName(funcname);
  if (!names) return;
  report(names, [], () => triggerFunctionSpan(ctx.statement, names.schema === undefined ? 1 : 2), ctx);
}

/** The function's name after `EXECUTE FUNCTION` (or PROCEDURE), of `parts` names: found without a token scan when the name is plain. */
function triggerFunctionSpan(statement: ParsedStatement, parts: number): Span | undefined {
  const pair = findWordPair(statement, (text) => /^execute$/i.test(text), (text) => /^(function|procedure)$/i.test(text));
  if (!pair) return undefined;
  const start = nextTokenStart(statement, pair.second.end);
  const end = start === undefined ? undefined : dottedNameEnd(statement.text, start - statement.anchor.start, parts);
  if (start !== undefined && end !== undefined) return { start, end: statement.anchor.start + end };
  const tokens = statement.tokens;
  const execute = tokens.findIndex((t, i) => /^execute$/i.test(t.text) && /^(function|procedure)$/i.test(tokens[i + 1]?.text ?? ''));
  const first = tokens[execute + 2];
  const last = tokens[execute + 2 * parts];
  return execute >= 0 && first && last ? { start: first.start, end: last.end } : undefined;
}

/** `span` is placed only for a missing function: a name the scanner must place costs a scan of the whole statement. */
function report(names: { schema?: string; name: string }, types: string[], span: () => Span | undefined, ctx: StatementContext): void {
  if (lookupFunctionName(ctx.session, names.schema, names.name) !== 'missing') return;
  const at = span();
  if (!at) return;
  const written = names.schema === undefined ? names.name : `${names.schema}.${names.name}`;
  const candidates = functionNamesInReach(ctx.session, names.schema);
  ctx.report(undefinedFunction(at, written, types, names.name, candidates));
}

function qualifiedName(funcname: PgNode[] | undefined): { schema?: string; name: string } | undefined {
  const parts: (string | undefined)[] = (funcname ?? []).map((n: PgNode) => n.String?.sval);
  if (parts.length === 1 && parts[0]) return { name: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { schema: parts[0], name: parts[1] };
  return undefined;
}

/** The type Postgres resolves an argument to, as format_type prints it; undefined when not known here. */
function argumentType(arg: PgNode, scope: Scope): string | undefined {
  if (arg?.ColumnRef) return columnType(arg.ColumnRef, scope);
  const c = arg?.A_Const;
  if (c) {
    if (c.isnull || c.sval) return 'unknown';
    if (c.boolval) return 'boolean';
    if (c.ival) return 'integer';
    if (c.fval) return /^[0-9]+$/.test(c.fval.fval ?? '') && BigInt(c.fval.fval) <= 9223372036854775807n ? 'bigint' : 'numeric';
    return undefined;
  }
  if (arg?.TypeCast?.typeName) {
    const type = formatTypeName(arg.TypeCast.typeName).replace(/\([^)]*\)/g, '');
    return type && !type.includes('.') && !type.includes('"') ? type : undefined;
  }
  return undefined;
}

/** A column reference's type when it names a column of known built-in-looking type (`integer`, `text[]`). */
function columnType(ref: PgNode, scope: Scope): string | undefined {
  const fields = columnRefFields(ref);
  let column: ScopeColumn | undefined;
  if (fields.length === 1) {
    const r = resolveUnqualified(scope, fields[0]);
    column = r.kind === 'column' ? r.column : undefined;
  } else if (fields.length === 2) {
    const item = findRelationItem(scope, fields[0]);
    column = item && !item.open ? findColumn(item, fields[1]) : undefined;
  }
  const type = (column?.type ?? column?.column?.type ?? '').replace(/\([^)]*\)/g, '');
  return /^[a-z][a-z0-9 ]*(\[\])*$/.test(type) ? type : undefined;
}
