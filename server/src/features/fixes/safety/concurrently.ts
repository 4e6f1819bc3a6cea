import type { Problem } from '../../../analysis';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { tokenAt } from './statementParts';

/**
 * index-blocks-writes, drop-index-blocks-table: build or drop the index CONCURRENTLY. Not preferred: the
 * migration must then run outside a transaction, which is the author's call (and the runner's).
 */
export function concurrentlyFixes(problem: Problem, facts: StatementFacts): Fix[] {
  if (problem.code !== 'index-blocks-writes' && problem.code !== 'drop-index-blocks-table') return [];
  const index = tokenAt(facts.statement, 'index');
  if (!index) return [];
  const building = problem.code === 'index-blocks-writes';
  return [
    {
      title: `${building ? 'Build' : 'Drop'} the index CONCURRENTLY (the migration must then run outside a transaction)`,
      kind: 'quickfix',
      problem,
      leftBecause: 'outside a transaction',
      edits: [{ start: index.end, end: index.end, newText: ` ${facts.style.kw('CONCURRENTLY')}` }],
    },
  ];
}
