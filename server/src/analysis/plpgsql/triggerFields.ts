import type { PgNode } from '../parser/pgParser';
import { findNameToken, type StatementContext } from '../context';
import type { Catalog, FunctionSignature, Relation, TableTrigger } from '../catalog/types';
import { findSchema } from '../catalog/lookup';
import { whenRun } from '../diagnostics/runtime';

const INSERT = 4;
const DELETE = 8;
const UPDATE = 16;

/**
 * CREATE TRIGGER ... FOR EACH ROW EXECUTE FUNCTION f(): the NEW and OLD fields f's body uses must be
 * columns of this table (NEW on INSERT and UPDATE, OLD on UPDATE and DELETE), else every such statement
 * on the table fails with 42703 when the trigger fires. Fields used only under a test of TG_OP or
 * TG_TABLE_NAME are left alone (runBody.ts). Kept only if the history never adds the column.
 */
export function checkTriggerFields(n: PgNode, relation: Relation, ctx: StatementContext): void {
  if (!n.row || relation.open) return;
  const fn = triggerFunction(ctx.session.catalog, ctx.session.searchPath, n.funcname ?? []);
  if (!fn?.body) return;
  const events: number = n.events ?? 0;
  const fires = firedRecords(events);
  const name: string = fn.name;
  const span = findNameToken(ctx, name, n.relation?.location);
  for (const { record, field } of fn.body.triggerFields) {
    if (!fires[record] || relation.columns.some((c) => c.name === field)) continue;
    const stillWrongIn = (later: Catalog) => {
      const rel = later.schemas.get(relation.schema)?.relations.get(relation.name);
      const f = triggerFunction(later, ctx.session.searchPath, n.funcname ?? []);
      return !!rel && !rel.open && !rel.columns.some((c) => c.name === field) && !!f?.body?.triggerFields.some((t) => t.record === record && t.field === field);
    };
    const on = record === 'new' ? (events & INSERT ? 'an INSERT' : 'an UPDATE') : events & UPDATE ? 'an UPDATE' : 'a DELETE';
    ctx.report(whenRun({
      span,
      code: '42703',
      message: `record "${record}" has no field "${field}"`,
      hint: `${name}() uses ${record.toUpperCase()}.${field}; table "${relation.name}" has no column "${field}".`,
      severity: 'warning',
    }, `when the trigger fires (${on} on ${relation.name})`, stillWrongIn, 'CREATE TRIGGER'));
  }
}

/** Which of NEW and OLD a row trigger on these events has. */
export function firedRecords(events: number): { new: boolean; old: boolean } {
  return { new: (events & (INSERT | UPDATE)) !== 0, old: (events & (UPDATE | DELETE)) !== 0 };
}

/** The row trigger a CREATE TRIGGER adds to its table's record (brokenBodies.ts reads it). */
export function tableTrigger(n: PgNode): TableTrigger | undefined {
  if (!n.row || !n.trigname) return undefined;
  const parts: string[] = (n.funcname ?? []).map((f: PgNode) => f.String?.sval);
  return { name: n.trigname, functionSchema: parts.length > 1 ? parts[parts.length - 2] : undefined, functionName: parts[parts.length - 1], events: n.events ?? 0 };
}

/** The function a recorded trigger runs. */
export function functionOfTrigger(catalog: Catalog, searchPath: readonly string[] | null, t: TableTrigger): FunctionSignature | undefined {
  return triggerFunction(catalog, searchPath, [...(t.functionSchema ? [t.functionSchema] : []), t.functionName].map((sval) => ({ String: { sval } })));
}

/** The trigger function a CREATE TRIGGER names (no arguments), along the search path when unqualified. */
function triggerFunction(catalog: Catalog, searchPath: readonly string[] | null, funcname: PgNode[]): FunctionSignature | undefined {
  const parts: string[] = funcname.map((f) => f.String?.sval);
  const name = parts[parts.length - 1];
  const schemas = parts.length > 1 ? [parts[parts.length - 2]] : ['pg_catalog', ...(searchPath ?? [])];
  for (const s of schemas) {
    const fn = findSchema(catalog, s)?.functions.get(name)?.find((f) => f.args === '');
    if (fn) return fn;
  }
  return undefined;
}
