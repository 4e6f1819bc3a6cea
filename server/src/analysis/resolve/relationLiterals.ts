import type { PgNode } from '../parser/pgParser';
import { nameSpan, type StatementContext } from '../context';
import { lookupRelation } from '../catalog/lookup';
import { lookupIndex } from '../catalog/indexes';
import { undefinedTable, undefinedTableMessage } from '../diagnostics/undefinedTable';

/**
 * Relation names inside string literals that Postgres resolves while parsing: `'t'::regclass`, and
 * the sequence argument of nextval/currval/setval (an implicit regclass). Unknown ones are 42P01.
 */
export function checkRegclassLiteral(cast: PgNode, ctx: StatementContext): void {
  const names = cast.typeName?.names ?? [];
  if (names[names.length - 1]?.String?.sval !== 'regclass') return;
  checkLiteral(cast.arg?.A_Const, ctx);
}

/** A regclass literal may also name an index: one we know of, or one we cannot rule out. */
function mayBeIndex(ctx: StatementContext, schema: string | undefined, name: string): boolean {
  if (schema !== undefined) return lookupIndex(ctx.session.catalog, schema, name) !== 'missing';
  // pg_catalog's indexes are all named pg_*.
  if (name.startsWith('pg_')) return true;
  const schemas = ['pg_temp', ...(ctx.session.searchPath ?? [])];
  return ctx.session.searchPath === null || schemas.some((s) => (s === 'pg_temp' && !ctx.session.catalog.schemas.has(s) ? false : lookupIndex(ctx.session.catalog, s, name) !== 'missing'));
}

const SEQUENCE_FUNCTIONS = new Set(['nextval', 'currval', 'setval']);

export function checkSequenceArgument(call: PgNode, ctx: StatementContext): void {
  const names = call.funcname ?? [];
  if (!SEQUENCE_FUNCTIONS.has(names[names.length - 1]?.String?.sval)) return;
  checkLiteral(call.args?.[0]?.A_Const, ctx);
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
