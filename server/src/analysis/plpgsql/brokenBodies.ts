import type { StatementContext } from '../context';
import type { Catalog, FunctionSignature, Relation } from '../catalog/types';
import type { Span } from '../types';
import { whenRun } from '../diagnostics/runtime';

/**
 * A DROP COLUMN or RENAME COLUMN of a column a PL/pgSQL body uses. Postgres keeps no dependency on a body:
 * the ALTER succeeds and the function fails with 42703 when it next runs. Reported at the ALTER, once per
 * function, unless the history puts the column back (or changes the function) later.
 */
export function reportBrokenBodies(ctx: StatementContext, relation: Relation, column: string, span: Span, verb: 'dropping' | 'renaming'): void {
  for (const fn of functionsUsing(ctx.session.catalog, relation, column)) {
    const use = fn.body!.uses.find((u) => u.schema === relation.schema && u.relation === relation.name && u.column === column)!;
    const stillWrongIn = (later: Catalog) => {
      const rel = later.schemas.get(relation.schema)?.relations.get(relation.name);
      if (!rel || rel.open || rel.columns.some((c) => c.name === column)) return false;
      return functionsUsing(later, rel, column).some((f) => f.schema === fn.schema && f.name === fn.name && f.args === fn.args);
    };
    ctx.report(whenRun({
      span,
      code: '42703',
      message: `breaks function ${fn.name}(): column ${use.written} does not exist`,
      hint: `${verb === 'dropping' ? 'Dropping' : 'Renaming'} column "${column}" of "${relation.name}": Postgres keeps no dependency on a PL/pgSQL body.`,
      severity: 'warning',
    }, `when ${fn.name}() next runs`, stillWrongIn, 'the ALTER'));
  }
}

function functionsUsing(catalog: Catalog, relation: Relation, column: string): FunctionSignature[] {
  const found: FunctionSignature[] = [];
  for (const schema of catalog.schemas.values()) {
    for (const overloads of schema.functions.values()) {
      for (const f of overloads) {
        if (f.body?.uses.some((u) => u.schema === relation.schema && u.relation === relation.name && u.column === column)) found.push(f);
      }
    }
  }
  return found;
}
