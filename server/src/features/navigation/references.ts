import type { DocumentAnalysis, Span } from '../../analysis';
import type { FileSpan } from '../types';
import { definition } from '../definition';
import { identityOf, nameAt, usesInStatement, type NameUse } from './namesInDocument';
import { outputAliasAt } from './outputAlias';
import { indexedNames, type IndexedDocument } from './referenceIndex';

/** A document of the project with its analysis: each migration of the history, and open SQL files. */
export interface ProjectDocument {
  file: string;
  analysis: DocumentAnalysis;
}

/**
 * Every place in the project that refers to the relation or column at `offset` of `current`: uses in
 * queries, DDL (indexes, constraints, policies, views, function bodies) and the statement that made it,
 * in every document given (the history and the open files, by their references index, referenceIndex.ts).
 * For an alias, a CTE or an output alias: its uses within its statement. `includeDeclaration: false` leaves the defining
 * names out.
 */
export function references(current: ProjectDocument, offset: number, project: readonly IndexedDocument[], includeDeclaration = true): FileSpan[] {
  const output = outputAliasAt(current.analysis, current.file, offset);
  if (output?.ok) return output.alias.spans.filter((s) => includeDeclaration || !s.definition).map((s) => ({ file: current.file, span: s.span }));
  const at = useAt(current, offset);
  if (!at) return [];
  const identity = identityOf(at.target);
  if (!identity) return localSpans(current, at).filter((s) => includeDeclaration || !s.definition).map((s) => ({ file: current.file, span: s.span }));
  const out: FileSpan[] = [];
  const seen = new Set<string>();
  const documents: IndexedDocument[] = [{ file: current.file, names: indexedNames(current.analysis, current.file) }, ...project.filter((d) => d.file !== current.file)];
  for (const doc of documents) {
    for (const name of doc.names.matching(identity)) {
      if (name.definition && !includeDeclaration) continue;
      const key = `${doc.file}:${name.span.start}:${name.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: doc.file, span: name.span });
    }
  }
  return out;
}

/** The places in one document that name the same thing as the name at `offset`: document highlight. */
export function highlights(current: ProjectDocument, offset: number): { span: Span; write: boolean }[] {
  const output = outputAliasAt(current.analysis, current.file, offset);
  if (output?.ok) return output.alias.spans.map((s) => ({ span: s.span, write: s.definition }));
  const at = useAt(current, offset);
  if (!at) return [];
  const identity = identityOf(at.target);
  if (!identity) return localSpans(current, at).map((s) => ({ span: s.span, write: s.definition }));
  return indexedNames(current.analysis, current.file)
    .matching(identity)
    .map((n) => ({ span: n.span, write: n.definition }));
}

/**
 * The name at an offset: a resolved use or definition, or the defining token of an alias or CTE (which the
 * resolver does not see as a use): then one of its uses stands for it. Only the statement at the offset is
 * looked at.
 */
export function useAt(doc: ProjectDocument, offset: number): NameUse | undefined {
  const statements = doc.analysis.parsed.statements;
  const around = statements.map((s, i) => (s.span.start <= offset && offset <= s.span.end ? i : -1)).filter((i) => i >= 0);
  const uses = around.flatMap((i) => usesInStatement(doc.analysis, i, doc.file)).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const at = nameAt(uses, offset);
  if (at) return at;
  const index = around[0];
  const token = statements[index]?.tokens.find((t) => t.start <= offset && offset <= t.end);
  if (!token) return undefined;
  const local = uses.filter((u) => u.statement === index && (u.target.kind === 'alias' || u.target.kind === 'cte') && localName(u) === unquoted(token.text));
  return local.find((u) => sameSpan(definition(doc.analysis, u.span.start)?.span, token));
}

/** An alias or CTE: its defining token and its uses, all in its statement. */
export function localSpans(doc: ProjectDocument, at: NameUse): { span: Span; definition: boolean }[] {
  const name = localName(at);
  if (name === undefined) return [{ span: at.span, definition: false }];
  const uses = usesInStatement(doc.analysis, at.statement, doc.file).filter((u) => localName(u) === name && u.target.kind === at.target.kind);
  const out = uses.map((u) => ({ span: u.span, definition: false }));
  const def = definition(doc.analysis, at.span.start);
  if (def && def.file === '' && !out.some((o) => sameSpan(o.span, def.span))) out.push({ span: def.span, definition: true });
  return out.sort((a, b) => a.span.start - b.span.start);
}

const unquoted = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase());

const sameSpan = (a: Span | undefined, b: Span) => !!a && a.start === b.start && a.end === b.end;

function localName(use: NameUse): string | undefined {
  if (use.target.kind === 'alias') return use.target.item.refname;
  if (use.target.kind === 'cte') return use.target.name.toLowerCase();
  return undefined;
}
