import { quoteIdent } from '../../../analysis/catalog/names';
import { lineIndent, parenthesized } from '../style';
import type { Fix } from '../types';
import { fromAlongPath, pathNames } from './pathSql';
import type { JoinTarget } from './target';

/**
 * "Join api_keys through api_clients (subquery)": the relation becomes a subquery that adds the missing
 * column and keeps the name, so every other reference to it stays valid:
 * `LEFT JOIN (SELECT ak.*, ac.customer_id FROM api_clients ac JOIN api_keys ak ON ak.api_client_id = ac.id) ak ON ...`.
 * Every row of the relation stays: a step from it (or from a relation after such a step) that may find no
 * partner is joined with RIGHT JOIN, which keeps the rows of the side nearer the relation.
 * The added column comes last, so column aliases (`AS ak(a, b)`) still name the same columns.
 */
export function subqueryFix(t: JoinTarget, title: string): Fix {
  const { text, statement, style } = t.facts;
  const names = pathNames(t);
  const firstNullable = t.path.findIndex((s) => s.nullable);
  const lines = [
    `${style.kw('SELECT')} ${quoteIdent(t.qualifier)}.*, ${names.column}`,
    ...fromAlongPath(t, names, (i) => style.kw(firstNullable >= 0 && i >= firstNullable ? 'RIGHT JOIN' : 'JOIN')),
  ];
  const query = parenthesized(lines, statement.text.includes('\n'), lineIndent(text, t.name.start), style);
  const newText = t.rv.alias ? query : `${query} ${quoteIdent(t.qualifier)}`;
  return { title, kind: 'quickfix', edits: [{ ...t.name, newText }], problem: t.problem };
}
