import type { DocumentAnalysis, Observation, ParsedStatement, Relation, Session, Span } from '../../analysis';
import { observeStatement } from '../../analysis';
import { changedRelations } from '../../analysis/catalog/edit';
import { findColumn, findRelationItem, resolveUnqualified } from '../../analysis/resolve/scope';
import type { Target } from '../hover';

/** One name of a document and what it refers to. `statement` is its statement's index (aliases and CTEs live there). */
export interface NameUse {
  span: Span;
  target: Target;
  statement: number;
  /** The name is where the object was made (CREATE TABLE's name, a column definition), not a use of it. */
  definition?: boolean;
}

/**
 * Every name of a document the resolver resolved (relations, columns, aliases, CTEs), and the relations
 * and columns the document defines. Computed once per analysis (an analysis never changes).
 */
export function namesInDocument(analysis: DocumentAnalysis, file: string): readonly NameUse[] {
  const cached = cache.get(analysis);
  if (cached && cached.file === file) return cached.uses;
  const uses: NameUse[] = [];
  analysis.parsed.statements.forEach((_, i) => uses.push(...statementUses(analysis, i, file)));
  uses.push(...definitionsOf(analysis, file));
  uses.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  cache.set(analysis, { file, uses });
  return uses;
}

const cache = new WeakMap<DocumentAnalysis, { file: string; uses: NameUse[] }>();

/** The names of statement `i` (its uses and the definitions it makes), in document order; cached per analysis. */
export function usesInStatement(analysis: DocumentAnalysis, i: number, file: string): readonly NameUse[] {
  let perAnalysis = byStatement.get(analysis);
  if (!perAnalysis || perAnalysis.file !== file) byStatement.set(analysis, (perAnalysis = { file, statements: new Map() }));
  let uses = perAnalysis.statements.get(i);
  if (!uses) {
    uses = [...statementUses(analysis, i, file), ...definitionsOf(analysis, file).filter((d) => d.statement === i)];
    uses.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    perAnalysis.statements.set(i, uses);
  }
  return uses;
}

const byStatement = new WeakMap<DocumentAnalysis, { file: string; statements: Map<number, NameUse[]> }>();

/** definitionsIn, once per analysis. */
export function definitionsOf(analysis: DocumentAnalysis, file: string): readonly NameUse[] {
  const cached = definitionCache.get(analysis);
  if (cached && cached.file === file) return cached.uses;
  const uses = definitionsIn(analysis, file);
  definitionCache.set(analysis, { file, uses });
  return uses;
}

const definitionCache = new WeakMap<DocumentAnalysis, { file: string; uses: NameUse[] }>();

/**
 * The names statement `i` of the document resolved (document offsets), by running it again in its session;
 * remembered per statement object while its analysis is reused (relative to its anchor, so a statement an
 * edit moved keeps them): after an edit only the statements analysed again are observed again.
 */
export function statementUses(analysis: DocumentAnalysis, i: number, file: string): NameUse[] {
  const statement = analysis.parsed.statements[i];
  // The token of the run that analysed it: the same while the statement sees the objects it names as they
  // were (DocumentAnalysis.analysedIn), even in a session rebuilt after an edit elsewhere.
  const analysedIn = analysis.analysedIn[i];
  const anchor = statement.anchor.start;
  let cached = observed.get(statement);
  if (!cached || cached.analysedIn !== analysedIn || cached.file !== file) {
    const uses = observeUses(statement, analysis.sessionBefore(i), i, file);
    cached = { analysedIn, file, uses: uses.map((u) => ({ ...u, span: { start: u.span.start - anchor, end: u.span.end - anchor } })) };
    observed.set(statement, cached);
  }
  return cached.uses.map((u) => ({ ...u, statement: i, span: { start: u.span.start + anchor, end: u.span.end + anchor } }));
}

/**
 * statementUses without remembering anything (document offsets): for names kept elsewhere (the references
 * index's, per statement or per file of the history, whose analysis is dropped after).
 */
export function observeUses(statement: ParsedStatement, session: Session, i: number, file: string): NameUse[] {
  const uses: NameUse[] = [];
  // The statement's own text at its anchor as it is now: right even if an edit moved it meanwhile.
  const text = { slice: (start: number, end: number) => statement.text.slice(start - statement.anchor.start, end - statement.anchor.start) };
  observeStatement(statement, session, (o) => uses.push(...usesOf(text, o, i)), file);
  return uses;
}

const observed = new WeakMap<ParsedStatement, { analysedIn: object; file: string; uses: NameUse[] }>();

/** The innermost name at an offset (its span holds the offset, ends included). */
export function nameAt(uses: readonly NameUse[], offset: number): NameUse | undefined {
  let hit: NameUse | undefined;
  for (const u of uses) {
    if (u.span.start > offset) break;
    if (offset <= u.span.end && (!hit || u.span.end - u.span.start <= hit.span.end - hit.span.start)) hit = u;
  }
  return hit;
}

function usesOf(text: { slice(start: number, end: number): string }, o: Observation, statement: number): NameUse[] {
  switch (o.kind) {
    case 'relation':
      if (o.relation) return [{ span: o.span, target: { kind: 'relation', relation: o.relation }, statement }];
      return [{ span: o.span, target: { kind: 'cte', name: text.slice(o.span.start, o.span.end).replace(/^"|"$/g, ''), columns: o.cte }, statement }];
    case 'fromItem':
      // The relation's own name is observed as a relation; an alias after it is where the alias is defined.
      return [];
    case 'columnName': {
      const column = o.relation.columns.find((c) => c.name === o.name);
      return column ? [{ span: o.span, target: { kind: 'column', column: { name: o.name, column, relation: o.relation } }, statement }] : [];
    }
    case 'columnRef': {
      const fields = o.fields;
      const name = fields[fields.length - 1];
      if (fields.length === 1) {
        const r = resolveUnqualified(o.scope, name);
        if (r.kind === 'column' && r.column) return [{ span: o.span, target: { kind: 'column', column: r.column, owner: r.item }, statement }];
        return [];
      }
      const item = findRelationItem(o.scope, fields[fields.length - 2], fields.length > 2 ? fields[fields.length - 3] : undefined);
      if (!item) return [];
      const dot = o.span.start + text.slice(o.span.start, o.span.end).lastIndexOf('.');
      const qualifierStart = fields.length > 2 ? o.span.start + text.slice(o.span.start, dot).lastIndexOf('.') + 1 : o.span.start;
      const out: NameUse[] = [{ span: { start: qualifierStart, end: dot }, target: { kind: 'alias', item }, statement }];
      const column = name === '*' ? undefined : findColumn(item, name);
      if (column) out.push({ span: { start: dot + 1, end: o.span.end }, target: { kind: 'column', column, owner: item }, statement });
      return out;
    }
  }
}

/** Relations and columns whose origin is in this document. */
export function definitionsIn(analysis: DocumentAnalysis, file: string): NameUse[] {
  const out: NameUse[] = [];
  const statements = analysis.parsed.statements;
  // The last statement starting at or before the offset (statements are in document order).
  const statementOf = (offset: number) => {
    let lo = 0;
    let hi = statements.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (statements[mid].span.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Only what the document made has its origin here; a schema the document left as it was has none.
  const base = analysis.base;
  const seen = new Set<unknown>();
  const add = (origin: { file: string; span: Span } | undefined, target: Target) => {
    if (!origin || origin.file !== file || seen.has(origin)) return;
    seen.add(origin);
    out.push({ span: origin.span, target, statement: statementOf(origin.span.start), definition: true });
  };
  // Objects the document creates and drops again are left out: the catalog after it is what is kept.
  // A relation the document left as it was in the base has no origin here: only those it changed are read.
  for (const { schema, keys } of changedRelations(base, analysis.catalogAfter)!) {
    for (const key of keys) {
      const relation = schema.relations.get(key);
      if (!relation) continue;
      add(relation.origin, { kind: 'relation', relation });
      for (const column of relation.columns) add(column.origin, { kind: 'column', column: { name: column.name, column, relation } });
    }
  }
  return out;
}

/** What identifies a relation or column across the history: its origin (kept through renames) and its name. */
export interface Identity {
  /** `file:start`: the same place however many times the file was analysed. */
  origin?: string;
  key: string;
}

const originKey = (origin: { file: string; span: Span } | undefined) => origin && `${origin.file}:${origin.span.start}`;

export function identityOf(target: Target): Identity | undefined {
  const parts = keyParts(target);
  if (!parts) return undefined;
  const origin = target.kind === 'relation' ? target.relation.origin : target.kind === 'column' ? target.column.column?.origin : undefined;
  return { origin: originKey(origin), key: keyOf(parts) };
}

/** What an identity's key is made of: the relation's `schema.name`, and the column's name for a column. */
export interface KeyParts {
  schema: string;
  relation: string;
  column?: string;
}

export function keyParts(target: Target): KeyParts | undefined {
  switch (target.kind) {
    case 'relation':
      return { schema: target.relation.schema, relation: target.relation.name };
    case 'column': {
      const relation: Relation | undefined = target.column.relation ?? target.owner?.relation;
      return relation && { schema: relation.schema, relation: relation.name, column: target.column.name };
    }
    default:
      return undefined;
  }
}

/** `r:schema.name` or `c:schema.relation.column`. */
export const keyOf = (p: KeyParts): string => (p.column === undefined ? `r:${p.schema}.${p.relation}` : `c:${p.schema}.${p.relation}.${p.column}`);

export function sameObject(a: Identity, b: Identity): boolean {
  return (a.origin !== undefined && a.origin === b.origin) || a.key === b.key;
}
