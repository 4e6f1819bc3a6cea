import type { Problem } from '../../../analysis';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { addDefaultFixes } from './addDefault';
import { checkThenSetNotNullFixes } from './checkThenSetNotNull';
import { concurrentlyFixes } from './concurrently';
import { notValidFixes } from './notValid';

/**
 * Quick fixes of the migration safety rules (analysis/rules): the safe form of the statement where one
 * exists. None is preferred: each changes how the migration runs (outside a transaction, over several
 * migrations) or picks a value, which is for the author to decide; `check --fix` leaves them.
 */
export function safetyFixes(problem: Problem, facts: StatementFacts): Fix[] {
  return [concurrentlyFixes, notValidFixes, addDefaultFixes, checkThenSetNotNullFixes].flatMap((kind) => kind(problem, facts));
}
