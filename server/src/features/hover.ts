import type { DocumentAnalysis, Observation, Relation } from '../analysis';
import { observeStatement } from '../analysis';
import { findColumn, findRelationItem, resolveUnqualified, type ColumnSet, type NamespaceItem, type ScopeColumn } from '../analysis/resolve/scope';
import { quoteIdent } from '../analysis/catalog/names';
import type { HoverResult } from './types';
import { columnFacts, columnType, columnsTable, relationLabel, whereDefined } from './describe';
import { statementAt } from './statementAt';

/** What a name at an offset refers to: a column, a relation (table, view, CTE) or an alias. */
export type Target =
  | { kind: 'column'; column: ScopeColumn; owner?: NamespaceItem }
  | { kind: 'relation'; relation: Relation }
  | { kind: 'cte'; name: string; columns?: ColumnSet }
  | { kind: 'alias'; item: NamespaceItem };

/** The observation under the offset in its statement, resolved to what it names; shared by hover and definition. */
export function targetAt(analysis: DocumentAnalysis, offset: number): { span: { start: number; end: number }; target: Target } | undefined {
  const { statement, session } = statementAt(analysis, offset);
  if (!statement?.node) return undefined;
  let hit: Observation | undefined;
  observeStatement(statement, session, (o) => {
    if (o.span.start <= offset && offset <= o.span.end && (!hit || o.span.end - o.span.start < hit.span.end - hit.span.start)) hit = o;
  });
  if (!hit) return undefined;
  if (hit.kind === 'relation') {
    if (hit.relation) return { span: hit.span, target: { kind: 'relation', relation: hit.relation } };
    const name = analysis.parsed.text.slice(hit.span.start, hit.span.end);
    return { span: hit.span, target: { kind: 'cte', name, columns: hit.cte } };
  }
  if (hit.kind === 'columnName') {
    const { name, relation } = hit;
    const column = relation.columns.find((c) => c.name === name);
    return column ? { span: hit.span, target: { kind: 'column', column: { name, column, relation } } } : undefined;
  }
  if (hit.kind === 'fromItem') return hit.item.relation ? { span: hit.span, target: { kind: 'relation', relation: hit.item.relation } } : undefined;
  return columnTarget(analysis.parsed.text, hit, offset);
}

function columnTarget(text: string, o: Extract<Observation, { kind: 'columnRef' }>, offset: number) {
  const fields = o.fields;
  const name = fields[fields.length - 1];
  if (fields.length === 1) {
    const r = resolveUnqualified(o.scope, name);
    if (r.kind === 'column' && r.column) return { span: o.span, target: { kind: 'column' as const, column: r.column, owner: r.item } };
    if (r.kind === 'wholeRow') return { span: o.span, target: { kind: 'alias' as const, item: r.item } };
    return undefined;
  }
  const item = findRelationItem(o.scope, fields[fields.length - 2], fields.length > 2 ? fields[fields.length - 3] : undefined);
  if (!item) return undefined;
  // On the qualifier (`ak` of `ak.id`): the alias; on the column name: the column.
  const qualifierEnd = o.span.start + text.slice(o.span.start, o.span.end).lastIndexOf('.');
  if (offset <= qualifierEnd) return { span: { start: o.span.start, end: qualifierEnd }, target: { kind: 'alias' as const, item } };
  const column = findColumn(item, name);
  return column ? { span: o.span, target: { kind: 'column' as const, column, owner: item } } : undefined;
}

export function hover(analysis: DocumentAnalysis, offset: number): HoverResult | undefined {
  const found = targetAt(analysis, offset);
  return found && { span: found.span, contents: describeTarget(found.target) };
}

function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'column': {
      const { column, owner } = target;
      const relation = column.relation ?? owner?.relation;
      const head = `**${owner?.variables ? 'variable' : 'column'}** \`${quoteIdent(column.name)}\` ${column.column ? columnType(column.column) : column.type ?? ''}`;
      const from = relation ? `of ${relation.kind} \`${relationLabel(relation)}\`` : owner?.refname ? `of \`${owner.refname}\`` : '';
      const facts = column.column ? columnFacts(relation, column.column) : [];
      return [[head, from].filter(Boolean).join(' '), facts.join(', '), whereDefined(column.column?.origin)].filter(Boolean).join('\n\n');
    }
    case 'relation':
      return describeRelation(target.relation);
    case 'cte':
      return `**CTE** \`${target.name}\`: ${target.columns?.columns.map((c) => c.name).join(', ') ?? 'columns unknown'}`;
    case 'alias': {
      const { item } = target;
      if (item.relation) return `**alias** \`${item.refname}\` for ${describeRelation(item.relation)}`;
      return `**alias** \`${item.refname}\`: ${item.columns.map((c) => c.name).join(', ')}${item.open ? ', …' : ''}`;
    }
  }
}

function describeRelation(relation: Relation): string {
  return [`**${relation.kind}** \`${relationLabel(relation)}\``, columnsTable(relation), whereDefined(relation.origin)].filter(Boolean).join('\n\n');
}
