import type { Problem } from '../../analysis';
import { editDistance } from '../../analysis/diagnostics/nearSpelling';
import type { StatementFacts } from './statementFacts';
import { nameTokens } from './syntax';
import type { Fix } from './types';
import { change } from './didYouMean';

/**
 * "Change to `users`": the names the analysis put on the problem (`replacements`: a near spelling of a
 * column CREATE INDEX, ALTER TABLE, COMMENT, a constraint or a trigger names; the relation a misspelled
 * or Prisma model name means) written over the last name of its span, schema and quoting of the rest kept.
 * The first is preferred when it is the only one or nearer than the second.
 */
export function suggestedFixes(problem: Problem, facts: StatementFacts): Fix[] {
  const names = problem.replacements ?? [];
  const parts = nameTokens(facts.text, problem.span);
  const at = parts[parts.length - 1];
  if (!names.length || !at) return [];
  const written = unquoted(facts.text.slice(at.start, at.end)).toLowerCase();
  const distance = (s: string) => editDistance(written, s.toLowerCase());
  const alone = names.length === 1 || distance(names[1]) > distance(names[0]);
  return names.map((name, i) => change(problem, name, at, alone && i === 0, facts.style.ident));
}

const unquoted = (token: string) => (token.startsWith('"') ? token.slice(1, -1).replace(/""/g, '"') : token);
