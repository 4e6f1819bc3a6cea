import type { Problem } from '../../../analysis';
import { keepsRows, rowsPer } from '../../../analysis/catalog/cardinality';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { aggregateFix } from './aggregate';
import { extraJoinFix } from './extraJoin';
import { subqueryFix } from './subquery';
import { joinTarget } from './target';
import { singularOf } from './words';

/**
 * A qualified column its relation lacks but a relation reachable over foreign keys has
 * (`ak.customer_id`): rewrites that join through the path. Along a path of many-to-one steps (foreign
 * keys to primary or unique keys) the subquery is preferred: it keeps every row and every other
 * reference as they were. Along a path with a one-to-many step the join rewrites repeat each row once per
 * partner: their titles say so (`… one row per project`) and they are never preferred; the aggregate, which
 * joins one row per group, is preferred there when each aggregate it moves ignores duplicates. Never a
 * switch to another relation's column, which would change what the query means; no fix at all when no
 * foreign-key path exists.
 */
export function joinThroughFixes(problem: Problem, facts: StatementFacts): Fix[] {
  const t = joinTarget(problem, facts);
  if (!t) return [];
  const joined = `Join ${t.relation.name} through ${t.path.map((s) => s.to.name).join(', ')}`;
  const per = t.column.replace(/_id$/, '').replace(/_/g, ' ');
  const keeps = keepsRows(t.path);
  const many = rowsPer(t.path);
  const repeats = many ? `, one row per ${singularOf(many.name).replace(/_/g, ' ')}` : '';
  const left = keeps ? undefined : many && t.path.some((s) => !s.forward) ? 'one-to-many' : 'no key known for a step of the path';
  const subquery = subqueryFix(t, `${joined} (subquery${repeats})`);
  const aggregate = aggregateFix(t, `Aggregate ${t.relation.name} per ${per} in a subquery`);
  const fixes = [
    keeps ? { ...subquery, isPreferred: true } : { ...subquery, leftBecause: left },
    withReason(extraJoinFix(t, `${joined} (extra join${repeats})`), keeps ? 'another rewrite is preferred' : left),
    aggregate && !keeps && aggregate.ignoresDuplicates
      ? { ...aggregate.fix, isPreferred: true }
      : withReason(aggregate?.fix, keeps ? 'another rewrite is preferred' : 'an aggregate it moves counts duplicates'),
  ];
  return fixes.filter((f): f is Fix => f !== undefined);
}

const withReason = (fix: Fix | undefined, why: string | undefined): Fix | undefined => fix && { ...fix, leftBecause: why };
