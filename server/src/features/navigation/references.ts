import type { DocumentAnalysis, Span } from '../../analysis';
import type { FileSpan } from '../types';
import { definition } from '../definition';
import { identityOf, nameAt, namesInDocument, sameObject, type NameUse } from './namesInDocument';

/** A document of the project with its analysis: each migration of the history, and open SQL files. */
export interface ProjectDocument {
  file: string;
  analysis: DocumentAnalysis;
}

/**
 * Every place in the project that refers to the relation or column at `offset` of `current`: uses in
 * queries, DDL (indexes, constraints, policies, views, function bodies) and the statement that made it,
 * in every document given (the history and the open files). For an alias or a CTE: its uses within its
 * statement. `includeDeclaration: false` leaves the defining names out.
 */
export function references(current: ProjectDocument, offset: number, project: readonly ProjectDocument[], includeDeclaration = true): FileSpan[] {
  const at = useAt(current, offset);
  if (!at) return [];
  const identity = identityOf(at.target);
  if (!identity) return localSpans(current, at).filter((s) => includeDeclaration || !s.definition).map((s) => ({ file: current.file, span: s.span }));
  const out: FileSpan[] = [];
  const seen = new Set<string>();
  const documents = [current, ...project.filter((d) => d.file !== current.file)];
  for (const doc of documents) {
    for (const use of namesInDocument(doc.analysis, doc.file)) {
      if (use.definition && !includeDeclaration) continue;
      const other = identityOf(use.target);
      if (!other || !sameObject(identity, other)) continue;
      const key = `${doc.file}:${use.span.start}:${use.span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: doc.file, span: use.span });
    }
  }
  return out;
}

/** The places in one document that name the same thing as the name at `offset`: document highlight. */
export function highlights(current: ProjectDocument, offset: number): { span: Span; write: boolean }[] {
  const at = useAt(current, offset);
  if (!at) return [];
  const identity = identityOf(at.target);
  if (!identity) return localSpans(current, at).map((s) => ({ span: s.span, write: s.definition }));
  return namesInDocument(current.analysis, current.file)
    .filter((u) => {
      const other = identityOf(u.target);
      return other && sameObject(identity, other);
    })
    .map((u) => ({ span: u.span, write: !!u.definition }));
}

/**
 * The name at an offset: a resolved use or definition, or the defining token of an alias or CTE (which the
 * resolver does not see as a use): then one of its uses stands for it.
 */
export function useAt(doc: ProjectDocument, offset: number): NameUse | undefined {
  const uses = namesInDocument(doc.analysis, doc.file);
  const at = nameAt(uses, offset);
  if (at) return at;
  const index = doc.analysis.parsed.statements.findIndex((s) => s.span.start <= offset && offset <= s.span.end);
  const token = doc.analysis.parsed.statements[index]?.tokens.find((t) => t.start <= offset && offset <= t.end);
  if (!token) return undefined;
  const local = uses.filter((u) => u.statement === index && (u.target.kind === 'alias' || u.target.kind === 'cte') && localName(u) === unquoted(token.text));
  return local.find((u) => sameSpan(definition(doc.analysis, u.span.start)?.span, token));
}

/** An alias or CTE: its defining token and its uses, all in its statement. */
export function localSpans(doc: ProjectDocument, at: NameUse): { span: Span; definition: boolean }[] {
  const name = localName(at);
  if (name === undefined) return [{ span: at.span, definition: false }];
  const uses = namesInDocument(doc.analysis, doc.file).filter((u) => u.statement === at.statement && localName(u) === name && u.target.kind === at.target.kind);
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
