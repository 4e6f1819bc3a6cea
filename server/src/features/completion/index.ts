import type { DocumentAnalysis, Relation, Session } from '../../analysis';
import { lookupRelation } from '../../analysis/catalog/lookup';
import { quoteIdent } from '../../analysis/catalog/names';
import { builtinFunctions } from '../../analysis/catalog/builtin';
import { findRelationItem, type NamespaceItem, type Scope } from '../../analysis/resolve/scope';
import type { CompletionEntry, CompletionResult } from '../types';
import { columnFacts, columnType, columnsTable, relationLabel, whereDefined } from '../describe';
import { statementAt } from '../statementAt';
import { cursorAt, type CursorContext } from './cursorContext';
import { scopeAtCursor } from './scopeAtCursor';
import { keywordsFor } from './keywords';
import { joinConditions, joinItems } from './joins';
import { RANK } from './rank';


export interface CompletionOptions {
  /**
   * The editor asked because a space was typed: answer only where a name is what comes next (after FROM,
   * JOIN, INTO, UPDATE, TABLE, REFERENCES, and ON), so a list does not pop up after every word.
   */
  afterSpace?: boolean;
}

/** Where typing a space opens the list by itself. */
function opensAfterSpace(context: CursorContext): boolean {
  return context.kind === 'relation' || context.kind === 'joinCondition';
}

/**
 * Completion at an offset of an analysed document: columns, relations, joins, keywords and functions
 * that fit the position, from the schema as it stands at that statement.
 */
export function complete(analysis: DocumentAnalysis, offset: number, options: CompletionOptions = {}): CompletionResult {
  const { statement, session } = statementAt(analysis, offset);
  const cursor = cursorAt(statement, offset);
  const context = cursor.context;
  const items: CompletionEntry[] = [];
  if (options.afterSpace && !opensAfterSpace(context)) return { replace: cursor.replace, items };
  switch (context.kind) {
    case 'member': {
      const { scope } = scopeAtCursor(analysis.parsed.text, statement, session, cursor.replace, context.relationPosition);
      const item = scope && findRelationItem(scope, context.qualifier);
      if (item && !context.relationPosition) items.push(...itemColumns(item, false));
      else items.push(...relationItems(session, [], context.qualifier));
      break;
    }
    case 'relation': {
      const at = scopeAtCursor(analysis.parsed.text, statement, session, cursor.replace, true);
      items.push(...cteItems(at.fromItem?.scope), ...relationItems(session, context.join ? at.fromItem?.visible ?? [] : []));
      if (context.join && at.fromItem) items.push(...joinItems(session, at.fromItem.visible));
      break;
    }
    case 'joinCondition': {
      const { scope } = scopeAtCursor(analysis.parsed.text, statement, session, cursor.replace, false);
      if (scope) items.push(...joinConditions(scope.items), ...scopeColumns(scope));
      break;
    }
    case 'insertColumns':
    case 'referencedColumns': {
      const found = lookupRelation(session.catalog, session.searchPath, context.schema, context.table);
      if (found.kind === 'found') items.push(...tableColumns(found.relation, context.kind === 'insertColumns' ? context.listed : undefined));
      break;
    }
    case 'expression': {
      const { scope } = scopeAtCursor(analysis.parsed.text, statement, session, cursor.replace, false);
      if (scope) items.push(...scopeColumns(scope));
      items.push(...functionItems(session));
      break;
    }
    case 'statementStart':
      break;
  }
  items.push(...keywordsFor(context, cursor.before).map((k) => ({ label: k, kind: 'keyword' as const, sortText: RANK.keyword + k })));
  return { replace: cursor.replace, items };
}

function columnEntry(label: string, column: NamespaceItem['columns'][number], owner: string): CompletionEntry {
  const facts = column.column ? columnFacts(column.relation, column.column) : [];
  const doc = [facts.join(', '), whereDefined(column.column?.origin)].filter(Boolean).join('\n\n');
  return {
    label,
    kind: 'column',
    detail: `${column.column ? columnType(column.column) : column.type || ''} · ${owner}`.replace(/^ · /, ''),
    documentation: doc || undefined,
    sortText: RANK.column + label,
  };
}

const ownerOf = (item: NamespaceItem) => (item.relation ? relationLabel(item.relation) : item.refname ?? 'subquery');

/** The columns of one FROM item (after `alias.`), optionally qualified. */
function itemColumns(item: NamespaceItem, qualify: boolean): CompletionEntry[] {
  return item.columns.map((c) => columnEntry(qualify && item.refname ? `${item.refname}.${quoteIdent(c.name)}` : quoteIdent(c.name), c, ownerOf(item)));
}

/**
 * Every column an unqualified name could reach at the cursor, innermost level first; a name two items
 * share is offered qualified by each alias. Aliases themselves follow.
 */
function scopeColumns(scope: Scope): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const seen = new Set<string>();
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const named = level.items.filter((i) => i.relVisible && i.refname);
    const count = new Map<string, number>();
    for (const item of named) for (const c of item.columns) count.set(c.name, (count.get(c.name) ?? 0) + 1);
    for (const item of named) {
      for (const c of item.columns) {
        const label = (count.get(c.name) ?? 0) > 1 ? `${item.refname}.${quoteIdent(c.name)}` : quoteIdent(c.name);
        if (!seen.has(label)) entries.push(columnEntry(label, c, ownerOf(item)));
        seen.add(label);
      }
      if (!seen.has(item.refname!)) entries.push({ label: item.refname!, kind: 'alias', detail: `alias for ${ownerOf(item)}`, sortText: RANK.alias + item.refname });
      seen.add(item.refname!);
    }
    // Unnamed items (a join without alias, an unaliased function): only the names no named item has.
    for (const item of level.items.filter((i) => i.colsVisible && !i.refname)) {
      for (const c of item.columns) {
        const label = quoteIdent(c.name);
        if (!seen.has(label) && !count.has(c.name)) entries.push(columnEntry(label, c, ownerOf(item)));
        seen.add(label);
      }
    }
  }
  return entries;
}

/** A table's own columns (INSERT column list, REFERENCES): keys first for REFERENCES. */
function tableColumns(relation: Relation, listed?: readonly string[]): CompletionEntry[] {
  const keys = new Set([...(relation.primaryKey ?? []), ...relation.uniqueKeys.flat()]);
  const columns = listed ? relation.columns.filter((c) => !listed.includes(c.name)) : relation.columns.filter((c) => keys.has(c.name));
  return columns.map((column) => columnEntry(quoteIdent(column.name), { name: column.name, column, relation }, relationLabel(relation)));
}

/** Past this many relations, completion items carry no column table (the list would weigh megabytes). */
const DOCUMENTED_RELATIONS = 300;

/**
 * Tables and views of the catalog (of one schema after `schema.`): unqualified when their schema is on
 * the search path. Relations a foreign key links to a visible FROM item rank first.
 */
function relationItems(session: Session, visible: readonly NamespaceItem[], onlySchema?: string): CompletionEntry[] {
  const linked = new Set(visible.flatMap((i) => (i.relation ? linkedRelations(session, i.relation) : [])));
  const relations = [...session.catalog.schemas.values()]
    .filter((s) => onlySchema === undefined || s.name === onlySchema)
    .flatMap((s) => [...s.relations.values()].filter((r) => r.kind !== 'sequence'));
  const documented = relations.length <= DOCUMENTED_RELATIONS;
  return relations.map((r) => {
    const label = onlySchema !== undefined || session.searchPath?.includes(r.schema) ? quoteIdent(r.name) : `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`;
    const rank = linked.has(`${r.schema}.${r.name}`) ? RANK.join : RANK.relation;
    return {
      label,
      kind: r.kind === 'table' || r.kind === 'foreign table' ? 'table' : 'view',
      detail: `${r.kind} · ${r.columns.length} columns`,
      documentation: documented ? [columnsTable(r), whereDefined(r.origin)].filter(Boolean).join('\n\n') : whereDefined(r.origin),
      sortText: rank + label,
    } as CompletionEntry;
  });
}

/** `schema.name` keys of the relations a foreign key links to this one, either way. */
function linkedRelations(session: Session, relation: Relation): string[] {
  const keys = relation.foreignKeys.map((fk) => `${fk.refSchema}.${fk.refTable}`);
  for (const s of session.catalog.schemas.values()) {
    for (const r of s.relations.values()) {
      if (r.foreignKeys.some((fk) => fk.refSchema === relation.schema && fk.refTable === relation.name)) keys.push(`${r.schema}.${r.name}`);
    }
  }
  return keys;
}

function cteItems(scope: Scope | undefined): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  for (let level = scope; level; level = level.parent) {
    for (const [name, columns] of level.ctes) {
      entries.push({ label: quoteIdent(name), kind: 'cte', detail: `CTE · ${columns?.columns.map((c) => c.name).join(', ') ?? ''}`, sortText: RANK.join + name });
    }
  }
  return entries;
}

/** Built-in and catalog functions, one item per name with its signatures. */
function functionItems(session: Session): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  for (const schema of session.catalog.schemas.values()) {
    for (const [name, signatures] of schema.functions) {
      entries.push({ label: name, kind: 'function', detail: signatures.map((f) => `${name}(${f.args}) → ${f.returns}`).join('\n'), sortText: RANK.function + name });
    }
  }
  for (const [name, signatures] of builtinFunctions) {
    const detail = `${name}(${signatures[0].args}) → ${signatures[0].returns}${signatures.length > 1 ? ` (+${signatures.length - 1} overloads)` : ''}`;
    entries.push({ label: name, kind: 'function', detail, sortText: RANK.function + name });
  }
  return entries;
}
