import type { Span } from '../../../analysis';
import { applyEdits } from '../edits';
import { lineIndent, startsLine } from '../style';
import { within } from '../syntax';
import type { Fix, TextEdit } from '../types';
import { joinsBackAlongPath, pathNames, relationName } from './pathSql';
import { PATH_JOIN_TYPES, toMissingColumn, type JoinTarget } from './target';

/**
 * "Join api_keys through api_clients (extra join)": the relations of the path are joined before the
 * relation, with the same join type; the conjuncts of the condition that use only the missing column
 * move to the relation that has it, and the relation joins along its foreign key:
 * `LEFT JOIN api_clients ac ON c.id = ac.customer_id LEFT JOIN api_keys ak ON ak.api_client_id = ac.id`.
 * Other references to the missing column read it where it now is.
 */
export function extraJoinFix(t: JoinTarget, title: string): Fix | undefined {
  const join = t.join;
  if (!join || !PATH_JOIN_TYPES.has(join.node.jointype) || join.node.alias) return undefined;
  const { text, style } = t.facts;
  const names = pathNames(t);
  const rewritten = (span: Span) => applyEdits(text, toMissingColumn(t, names.column, span), span);
  const usesOthers = (span: Span) => t.otherUses.some((r) => within(r.span, span));
  const moved = join.conjuncts.filter((c) => !usesOthers(c) && t.missing.some((r) => within(r.span, c)));
  if (moved.length === 0) return undefined;
  const kept = join.conjuncts.filter((c) => !moved.includes(c));

  const keyword = text.slice(join.keyword.start, join.keyword.end);
  const last = t.path[t.path.length - 1].to;
  const joins = [
    `${keyword} ${relationName(t, last)} ${names.last} ${style.kw('ON')} ${moved.map(rewritten).join(` ${style.kw('AND')} `)}`,
    ...joinsBackAlongPath(t, names, () => keyword, text.slice(t.name.start, t.itemEnd), kept.map(rewritten)),
  ];
  const separator = startsLine(text, join.keyword.start) ? `\n${lineIndent(text, join.keyword.start)}` : ' ';
  const edits: TextEdit[] = [{ start: join.keyword.start, end: join.condition.end, newText: joins.join(separator) }];
  edits.push(...t.missing.filter((r) => !within(r.span, join.condition)).map((r) => ({ ...r.span, newText: names.column })));
  return { title, kind: 'quickfix', edits, problem: t.problem };
}
