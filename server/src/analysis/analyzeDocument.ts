import type { Catalog } from './catalog/types';
import type { Problem } from './types';
import { parseDocument, type ParsedDocument, type ParsedStatement } from './parser/parseDocument';
import { DEFAULT_SEARCH_PATH } from './catalog/lookup';
import { analyzeStatement } from './statements';
import type { Observation, Session } from './context';
import { tooDeepToCheck } from './diagnostics/tooDeep';

export interface DocumentAnalysis {
  parsed: ParsedDocument;
  /** Syntax and name problems, in document order. */
  problems: Problem[];
  /** The catalog after every statement of the document ran: what the next migration file sees. */
  catalogAfter: Catalog;
  /** The catalog each statement was checked against, by statement index. */
  catalogBefore: readonly Catalog[];
  /** The session (catalog and search_path) before each statement: what completion and hover resolve in. */
  sessionBefore: readonly Session[];
  /** The session after the last statement: what text typed at the end of the document sees. */
  sessionAfter: Session;
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
  const sessionBefore: Session[] = [];
  let session: Session = { catalog: before, searchPath: DEFAULT_SEARCH_PATH };
  for (const statement of parsed.statements) {
    sessionBefore.push(session);
    if (statement.syntaxError) {
      problems.push(statement.syntaxError);
      continue;
    }
    try {
      session = analyzeStatement({ session, statement, file, report: (p) => problems.push(p) });
    } catch (e) {
      // Only a walk deeper than the JS stack ends here; the statement's effect on the catalog is lost.
      if (!(e instanceof RangeError)) throw e;
      problems.push(tooDeepToCheck(statement.span));
    }
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  return { parsed, problems, catalogAfter: session.catalog, catalogBefore: sessionBefore.map((s) => s.catalog), sessionBefore, sessionAfter: session };
}

/**
 * Runs one statement again in the session it saw, reporting nothing but what the resolver observes:
 * the entry point of completion, hover and go-to-definition.
 */
export function observeStatement(statement: ParsedStatement, session: Session, observe: (o: Observation) => void, file = ''): void {
  if (statement.node) analyzeStatement({ session, statement, file, report: () => undefined, observe });
}
