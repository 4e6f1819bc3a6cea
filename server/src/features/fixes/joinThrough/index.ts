import type { Problem } from '../../../analysis';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { aggregateFix } from './aggregate';
import { extraJoinFix } from './extraJoin';
import { subqueryFix } from './subquery';
import { joinTarget } from './target';

/**
 * A qualified column its relation lacks but a relation reachable over foreign keys has
 * (`ak.customer_id`): rewrites that join through the path. The subquery is preferred: it keeps every row
 * and every other reference as they were. Never a switch to another relation's column, which would
 * change what the query means; no fix at all when no foreign-key path exists.
 */
export function joinThroughFixes(problem: Problem, facts: StatementFacts): Fix[] {
  const t = joinTarget(problem, facts);
  if (!t) return [];
  const joined = `Join ${t.relation.name} through ${t.path.map((s) => s.to.name).join(', ')}`;
  const per = t.column.replace(/_id$/, '').replace(/_/g, ' ');
  const fixes = [
    { ...subqueryFix(t, `${joined} (subquery)`), isPreferred: true },
    extraJoinFix(t, `${joined} (extra join)`),
    aggregateFix(t, `Aggregate ${t.relation.name} per ${per} in a subquery`),
  ];
  return fixes.filter((f): f is Fix => f !== undefined);
}
