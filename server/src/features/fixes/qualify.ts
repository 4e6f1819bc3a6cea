import type { Problem } from '../../analysis';
import { quoteIdent } from '../../analysis/catalog/names';
import { nearSpellings } from '../../analysis/diagnostics/nearSpelling';
import { namesInReach } from '../../analysis/resolve/columnRef';
import { findColumn, findRelationItem, type NamespaceItem, type Scope } from '../../analysis/resolve/scope';
import { refAt, type StatementFacts } from './statementFacts';
import type { Fix } from './types';

/**
 * "Qualify as `u.customer_id`": an ambiguous unqualified column gets one fix per FROM item that has it
 * (none preferred: the choice changes what the query means); an unknown unqualified column gets one per
 * FROM item holding a near spelling of it, as Postgres's own hint names them.
 */
export function qualifyFixes(problem: Problem, facts: StatementFacts): Fix[] {
  const ref = refAt(facts, problem.span);
  if (!ref || ref.fields.length !== 1) return [];
  const name = ref.fields[0];
  if (problem.code === '42702') return qualified(problem, ref.scope, name, facts.style.ident);
  if (problem.code !== '42703') return [];
  return nearSpellings(name, namesInReach(ref.scope)).slice(0, 3).flatMap((s) => qualified(problem, ref.scope, s, facts.style.ident));
}

function qualified(problem: Problem, scope: Scope, name: string, ident: (name: string) => string): Fix[] {
  return owners(scope, name).map((item) => {
    const newText = `${quoteIdent(item.refname!)}.${ident(name)}`;
    const leftBecause = 'which relation is meant changes what the query means';
    return { title: `Qualify as \`${newText}\``, kind: 'quickfix' as const, leftBecause, edits: [{ ...problem.span, newText }], problem };
  });
}

/**
 * The FROM items of the innermost level where an unqualified `name` would resolve that have the column
 * and that their name reaches from here (an inner item of the same name would hide them).
 */
function owners(scope: Scope, name: string): NamespaceItem[] {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    if (!level.items.some((i) => i.colsVisible && findColumn(i, name))) continue;
    return level.items.filter((i) => {
      if (!i.relVisible || !i.refname || !findColumn(i, name)) return false;
      // A join's sides are copies of the items its condition saw: the same columns mean the same item.
      return findRelationItem(scope, i.refname)?.columns === i.columns;
    });
  }
  return [];
}
