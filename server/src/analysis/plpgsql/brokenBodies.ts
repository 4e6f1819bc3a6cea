import type { StatementContext } from '../context';
import type { BodyColumnUse, Catalog, FunctionSignature, Relation } from '../catalog/types';
import type { Span } from '../types';
import { whenRun } from '../diagnostics/runtime';
import { firedRecords, functionOfTrigger } from './triggerFields';

/**
 * A DROP COLUMN or RENAME COLUMN of a column a PL/pgSQL body uses (or a trigger's NEW/OLD field), a DROP
 * TABLE of a table a body uses. Postgres keeps no dependency on a body: the statement succeeds and the
 * function fails when it next runs (42703, 42P01). Reported at the statement, once per function or
 * trigger, unless the history puts the column or table back (or replaces or drops the function) later.
 */
export function reportBrokenBodies(ctx: StatementContext, relation: Relation, column: string, span: Span, verb: 'dropping' | 'renaming'): void {
  const matches = (u: BodyColumnUse, rel: Relation) => u.schema === rel.schema && u.relation === rel.name && u.column === column;
  for (const fn of functionsUsing(ctx.session.catalog, (u) => matches(u, relation))) {
    const use = fn.body!.uses.find((u) => matches(u, relation))!;
    const stillWrongIn = (later: Catalog) => {
      const rel = later.schemas.get(relation.schema)?.relations.get(relation.name);
      if (!rel || rel.open || rel.columns.some((c) => c.name === column)) return false;
      return functionsUsing(later, (u) => matches(u, rel)).some((f) => sameFunction(f, fn));
    };
    ctx.report(whenRun({
      span,
      code: '42703',
      message: `breaks function ${fn.name}(): column ${use.written} does not exist`,
      hint: `${verb === 'dropping' ? 'Dropping' : 'Renaming'} column "${column}" of "${relation.name}": Postgres keeps no dependency on a PL/pgSQL body.`,
      severity: 'warning',
    }, `when ${fn.name}() next runs`, stillWrongIn, 'the ALTER'));
  }
  for (const t of relation.triggers ?? []) {
    const fn = functionOfTrigger(ctx.session.catalog, ctx.session.searchPath, t);
    const fires = firedRecords(t.events);
    const field = fn?.body?.triggerFields.find((f) => f.field === column && fires[f.record]);
    if (!fn || !field) continue;
    const stillWrongIn = (later: Catalog) => {
      const rel = later.schemas.get(relation.schema)?.relations.get(relation.name);
      if (!rel || rel.open || rel.columns.some((c) => c.name === column) || !rel.triggers?.some((x) => x.name === t.name)) return false;
      return !!functionOfTrigger(later, ctx.session.searchPath, t)?.body?.triggerFields.some((f) => f.field === column && f.record === field.record);
    };
    ctx.report(whenRun({
      span,
      code: '42703',
      message: `breaks trigger ${t.name} on ${relation.name}: record "${field.record}" has no field "${column}"`,
      hint: `${fn.name}() uses ${field.record.toUpperCase()}.${column}.`,
      severity: 'warning',
    }, `when the trigger next fires`, stillWrongIn, 'the ALTER'));
  }
}

/** DROP TABLE of a table a PL/pgSQL body uses: 42P01 when the function next runs. */
export function reportBodiesOfDroppedRelation(ctx: StatementContext, relation: Relation, span: Span): void {
  const matches = (u: BodyColumnUse) => u.schema === relation.schema && u.relation === relation.name;
  for (const fn of functionsUsing(ctx.session.catalog, matches)) {
    const stillWrongIn = (later: Catalog) =>
      !later.schemas.get(relation.schema)?.relations.has(relation.name) && functionsUsing(later, matches).some((f) => sameFunction(f, fn));
    ctx.report(whenRun({
      span,
      code: '42P01',
      message: `breaks function ${fn.name}(): relation "${relation.name}" does not exist`,
      hint: 'Postgres keeps no dependency on a PL/pgSQL body.',
      severity: 'warning',
    }, `when ${fn.name}() next runs`, stillWrongIn, 'the DROP'));
  }
}

const sameFunction = (a: FunctionSignature, b: FunctionSignature) => a.schema === b.schema && a.name === b.name && a.args === b.args;

function functionsUsing(catalog: Catalog, test: (u: BodyColumnUse) => boolean): FunctionSignature[] {
  const found: FunctionSignature[] = [];
  for (const schema of catalog.schemas.values()) {
    for (const overloads of schema.functions.values()) {
      for (const f of overloads) if (f.body?.uses.some(test)) found.push(f);
    }
  }
  return found;
}
