import type { Catalog } from './catalog/types';
import type { Problem } from './types';
import { parseDocument, type ParsedDocument } from './parser/parseDocument';
import { DEFAULT_SEARCH_PATH } from './catalog/lookup';
import { analyzeStatement } from './statements';
import type { Session } from './context';

export interface DocumentAnalysis {
  parsed: ParsedDocument;
  /** Syntax and name problems, in document order. */
  problems: Problem[];
  /** The catalog after every statement of the document ran: what the next migration file sees. */
  catalogAfter: Catalog;
  /** The catalog each statement was checked against, by statement index (completion and hover read it). */
  catalogBefore: readonly Catalog[];
}

/**
 * Analyses one document against the catalog as it stands before it: each statement is checked against
 * the catalog left by the statements before it, then its DDL is applied. Each file starts with the
 * default search_path, as each migration runs in a session of its own.
 * `file` names the document in the origins of the objects it creates.
 */
export function analyzeDocument(text: string, before: Catalog, file = ''): DocumentAnalysis {
  const parsed = parseDocument(text);
  const problems: Problem[] = [];
  const catalogBefore: Catalog[] = [];
  let session: Session = { catalog: before, searchPath: DEFAULT_SEARCH_PATH };
  for (const statement of parsed.statements) {
    catalogBefore.push(session.catalog);
    if (statement.syntaxError) {
      problems.push(statement.syntaxError);
      continue;
    }
    session = analyzeStatement({ session, statement, file, report: (p) => problems.push(p) });
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  return { parsed, problems, catalogAfter: session.catalog, catalogBefore };
}
