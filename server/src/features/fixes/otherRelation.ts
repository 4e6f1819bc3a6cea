import type { Problem } from '../../analysis';
import { findJoinPaths } from '../../analysis/catalog/foreignKeyPaths';
import { quoteIdent } from '../../analysis/catalog/names';
import { nearSpellings } from '../../analysis/diagnostics/nearSpelling';
import { columnElsewhere } from '../../analysis/resolve/columnRef';
import { findRelationItem } from '../../analysis/resolve/scope';
import { refAt, type StatementFacts } from './statementFacts';
import type { Fix } from './types';

/**
 * "Change to `p.user_id`": a qualified column its relation lacks, with no near spelling there and no
 * foreign-key path to it (joinThrough's case), that another FROM item in reach has (or nearly): the hint
 * Postgres gives. Never preferred: it reads another relation's column, which a person must confirm.
 */
export function otherRelationFixes(problem: Problem, facts: StatementFacts): Fix[] {
  const ref = refAt(facts, problem.span);
  if (problem.code !== '42703' || !ref || ref.fields.length !== 2) return [];
  const [qualifier, name] = ref.fields;
  const item = findRelationItem(ref.scope, qualifier);
  if (!item || nearSpellings(name, item.columns.map((c) => c.name)).length) return [];
  const reaches = (r: { columns: readonly { name: string }[] }) => r.columns.some((c) => c.name === name);
  if (item.relation && findJoinPaths(facts.session.catalog, item.relation, reaches).length) return [];
  const other = columnElsewhere(ref.scope, item, name);
  if (!other) return [];
  const newText = `${quoteIdent(other.refname)}.${facts.style.ident(other.column)}`;
  return [{ title: `Change to \`${newText}\``, kind: 'quickfix', leftBecause: "reads another relation's column", edits: [{ ...problem.span, newText }], problem }];
}
