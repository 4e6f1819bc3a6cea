import type { PgNode } from '../parser/pgParser';
import { nameSpan, type StatementContext } from '../context';
import { lookupRelation } from '../catalog/lookup';
import { indexMayExist } from '../catalog/indexes';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';
import { undefinedColumn, undefinedColumnMessage } from '../diagnostics/undefinedColumn';
import { SYSTEM_COLUMNS } from './scope';

/**
 * Relation names inside string literals that Postgres resolves while parsing: `'t'::regclass`, and
 * the sequence argument of nextval/currval/setval (an implicit regclass). Unknown ones are 42P01.
 */
export function checkRegclassLiteral(cast: PgNode, ctx: StatementContext): void {
  const names = cast.typeName?.names ?? [];
  if (names[names.length - 1]?.String?.sval !== 'regclass') return;
  checkLiteral(cast.arg?.A_Const, ctx);
}

/** A regclass literal may also name an index. */
function mayBeIndex(ctx: StatementContext, schema: string | undefined, name: string): boolean {
  return indexMayExist(ctx.session.catalog, ctx.session.searchPath, schema, name);
}

const SEQUENCE_FUNCTIONS = new Set(['nextval', 'currval', 'setval']);

/**
 * Text arguments Postgres resolves as a relation when the call runs: which argument, by the call's arity.
 * has_table_privilege([user,] table, privilege) and its kin, has_column_privilege([user,] table, column,
 * privilege) (whose column must then exist), `regclass('t')`.
 */
const RELATION_ARGUMENT: ReadonlyMap<string, (arity: number) => number | undefined> = new Map([
  ['regclass', (n: number) => (n === 1 ? 0 : undefined)],
  ['has_table_privilege', (n: number) => (n === 2 ? 0 : n === 3 ? 1 : undefined)],
  ['has_any_column_privilege', (n: number) => (n === 2 ? 0 : n === 3 ? 1 : undefined)],
  ['has_sequence_privilege', (n: number) => (n === 2 ? 0 : n === 3 ? 1 : undefined)],
  ['has_column_privilege', (n: number) => (n === 3 ? 0 : n === 4 ? 1 : undefined)],
]);

export function checkSequenceArgument(call: PgNode, ctx: StatementContext): void {
  const names = call.funcname ?? [];
  const fname: string | undefined = names[names.length - 1]?.String?.sval;
  if (SEQUENCE_FUNCTIONS.has(fname ?? '')) return checkLiteral(call.args?.[0]?.A_Const, ctx);
  const at = names.length === 1 && fname !== undefined ? RELATION_ARGUMENT.get(fname)?.(call.args?.length ?? 0) : undefined;
  if (at === undefined) return;
  const constant = call.args?.[at]?.A_Const;
  checkLiteral(constant, ctx);
  if (fname === 'has_column_privilege') checkColumnLiteral(constant, call.args?.[at + 1]?.A_Const, ctx);
}

/** has_column_privilege's column: a column of the table (or a system column), else 42703. */
function checkColumnLiteral(table: PgNode, column: PgNode, ctx: StatementContext): void {
  const parts = typeof table?.sval?.sval === 'string' ? parseQualifiedName(table.sval.sval) : undefined;
  const name: unknown = column?.sval?.sval;
  if (!parts || parts.length > 2 || typeof name !== 'string') return;
  const found = lookupRelation(ctx.session.catalog, ctx.session.searchPath, parts.length === 2 ? parts[0] : undefined, parts[parts.length - 1]);
  if (found.kind !== 'found' || found.relation.open || ctx.session.catalog.uncertainNames.has(found.relation.name)) return;
  // A dropped column's name (`........pg.dropped.2........`) is accepted: the function returns NULL for it.
  if (found.relation.columns.some((c) => c.name === name) || SYSTEM_COLUMNS.has(name) || /^\.+pg\.dropped\.\d+\.+$/.test(name)) return;
  ctx.report(undefinedColumn(nameSpan(ctx, column.location, 1), undefinedColumnMessage.ofRelation(name, found.relation.name)));
}

function checkLiteral(constant: PgNode, ctx: StatementContext): void {
  const text: unknown = constant?.sval?.sval;
  if (typeof text !== 'string') return;
  const parts = parseQualifiedName(text);
  if (!parts || parts.length > 2) return;
  const [schema, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  // Postgres truncates names to 63 bytes and serial sequence names in a way of its own: leave those alone.
  if (Buffer.byteLength(name) >= 60) return;
  if (lookupRelation(ctx.session.catalog, ctx.session.searchPath, schema, name).kind !== 'missing') return;
  if (mayBeIndex(ctx, schema, name)) return;
  ctx.report(undefinedTable(nameSpan(ctx, constant.location, 1), undefinedTableMessage.relation(text)));
}

/** `public."Foo"` → ['public', 'Foo']: unquoted parts fold to lower case. Undefined when it is no plain name. */
function parseQualifiedName(text: string): string[] | undefined {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text))) {
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase());
    if (m[3] === '') return parts;
  }
  return parts.length && re.lastIndex >= text.length ? parts : undefined;
}
