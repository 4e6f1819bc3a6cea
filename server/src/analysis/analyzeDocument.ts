import type { Catalog } from './catalog/types';
import type { Problem } from './types';
import { reparseDocument, type ParsedDocument, type ParsedStatement } from './parser/parseDocument';
import { DEFAULT_SEARCH_PATH } from './catalog/lookup';
import { analyzeStatement } from './statements';
import type { Observation, Session } from './context';
import { tooDeepToCheck } from './diagnostics/tooDeep';
import { built, divergence, replayed, settled, type SessionEntry, type Stretch } from './sessionDelta';
import { withoutSessionObjects } from './catalog/edit';
import { afterRejected } from './rejected';

export interface DocumentAnalysis {
  parsed: ParsedDocument;
  /** Syntax and name problems, in document order. */
  problems: Problem[];
  /** The catalog the document was analysed against. */
  base: Catalog;
  /** The catalog after every statement of the document ran: what the next migration file sees. */
  catalogAfter: Catalog;
  /**
   * The session (catalog and search_path) before statement `i`: what completion and hover resolve in; for
   * `i` past the last statement, `sessionAfter`. Built when first read (a statement replayed after an edit
   * keeps its session as an overlay: sessionDelta.ts), then the same object on every read.
   */
  sessionBefore(i: number): Session;
  /** The session after the last statement: what text typed at the end of the document sees. */
  sessionAfter: Session;
  /** What `sessionBefore` builds from, one entry per statement and one after the last: read by the next analysis only. */
  sessions: readonly SessionEntry[];
  /** Problems of each statement, offsets relative to the statement's anchor (so they move with it). */
  statementProblems: readonly (readonly Problem[])[];
  /**
   * For each statement, a token of the analysis run that last analysed it: a statement reused or replayed
   * after an edit keeps its token, as it sees the session it was analysed in, or one that differs only in
   * objects it does not name (sessionDelta.ts). What is computed from a statement and the names it looks
   * up (the safety rules' findings) can be kept while its token stays the same. (A token, not that session:
   * holding the sessions of earlier runs would keep their catalogs alive.)
   */
  analysedIn: readonly object[];
}

/**
 * Analyses one document against the catalog as it stands before it: each statement is checked against
 * the catalog left by the statements before it, then its DDL is applied. Each file starts with the
 * default search_path, as each migration runs in a session of its own.
 * `file` names the document in the origins of the objects it creates.
 *
 * With `previous` (the analysis of this document before an edit, against the same base), a statement the
 * edit did not touch and that sees the same session as before is not analysed again: its problems and
 * its effect are reused. An edit that leaves the catalog as it was (typing inside a query or a view body)
 * thus re-analyses one statement, whatever the size of the file.
 */
export function analyzeDocument(text: string, before: Catalog, file = '', previous?: DocumentAnalysis): DocumentAnalysis {
  const reusable = previous && previous.base === before ? previous : undefined;
  const { parsed, reuse } = reparseDocument(text, reusable?.parsed);
  const statementProblems: (readonly Problem[])[] = [];
  const sessions: SessionEntry[] = [];
  const analysedIn: object[] = [];
  const run = {};
  // The same base gives the same first session: reuse its object, so identity checks below hold.
  let session: SessionEntry = reusable ? reusable.sessions[0] : { catalog: before, searchPath: DEFAULT_SEARCH_PATH };
  // How the session differs from the one the previous analysis had before the same statement (null: not by objects).
  let diverged: Stretch | null | undefined;
  parsed.statements.forEach((statement, i) => {
    sessions.push(session);
    const j = reuse && (i < reuse.changedFrom || i >= reuse.unchangedFrom) ? reuse.previousIndex(i) : -1;
    const oldBefore = j >= 0 ? reusable!.sessions[j] : undefined;
    const oldAfter = j >= 0 ? reusable!.sessions[j + 1] : undefined;
    if (oldBefore === session) {
      statementProblems.push(reusable!.statementProblems[j]);
      analysedIn.push(reusable!.analysedIn[j]);
      session = oldAfter!;
      return;
    }
    // An unchanged statement in a changed session: replayed when the change cannot reach it (sessionDelta.ts).
    // The divergence stays the same along replayed statements; it is measured again after any other.
    if (oldBefore) {
      if (diverged === undefined) {
        const d = divergence(built(oldBefore), built(session));
        diverged = d ? { divergence: d } : null;
      }
      const next = diverged && replayed(statement, reusable!.statementProblems[j], oldBefore, oldAfter!, session, diverged);
      if (next) {
        statementProblems.push(reusable!.statementProblems[j]);
        analysedIn.push(reusable!.analysedIn[j]);
        session = next;
        return;
      }
    }
    diverged = undefined;
    const { problems, after } = analyzeOne(statement, built(session), file);
    statementProblems.push(problems);
    analysedIn.push(run);
    session = after;
    // The parts of the session after it that are what they were before the edit are shared again, so the
    // divergence ends where the edit's effect ends (sessionDelta.ts): after an edited statement that left the
    // session as it was, and after an unchanged statement analysed again, the statements after it are reused.
    const k = reuse && i === reuse.unchangedFrom - 1 ? reuse.previousIndex(reuse.unchangedFrom) - 1 : -1;
    const previousAfter = oldAfter ?? (k >= 0 ? reusable!.sessions[k + 1] : undefined);
    if (previousAfter) session = settled(built(previousAfter), after);
  });
  const problems: Problem[] = [];
  parsed.statements.forEach((s, i) => {
    for (const p of statementProblems[i]) problems.push(moved(p, s.anchor.start));
  });
  sessions.push(session);
  const sessionAfter = built(session);
  return {
    parsed,
    problems,
    base: before,
    // Temporary tables end with the file's session.
    catalogAfter: withoutSessionObjects(sessionAfter.catalog),
    sessionBefore: readerOf(sessions),
    sessionAfter,
    sessions,
    statementProblems,
    analysedIn,
  };
}

/**
 * `sessionBefore` over the entries. Made outside `analyzeDocument` on purpose: a closure made there would
 * share its scope, which holds the previous analysis, and so keep every earlier version alive.
 */
function readerOf(sessions: readonly SessionEntry[]): (i: number) => Session {
  const last = sessions.length - 1;
  return (i) => built(sessions[Math.min(Math.max(i, 0), last)]);
}

/** One statement: its problems relative to its anchor, and the session after it. */
function analyzeOne(statement: ParsedStatement, session: Session, file: string): { problems: Problem[]; after: Session } {
  const start = statement.anchor.start;
  const problems: Problem[] = [];
  // A span is kept inside its statement and never reversed, whatever a walk over odd text computed.
  const end = start + statement.text.length;
  const report = (p: Problem) => {
    const from = Math.min(Math.max(p.span.start, start), end);
    const to = Math.min(Math.max(p.span.end, from), end);
    problems.push(moved({ ...p, span: { start: from, end: to } }, -start));
  };
  if (statement.syntaxError) {
    report(statement.syntaxError);
    return { problems, after: session };
  }
  let after = session;
  // One not-checked note per statement: the first thing it could not check.
  let skipped: Problem | undefined;
  const notChecked = (p: Problem) => {
    skipped ??= p;
  };
  try {
    after = analyzeStatement({ session, statement, file, report, notChecked });
  } catch (e) {
    // Only a walk deeper than the JS stack ends here; the statement's effect on the catalog is lost.
    if (!(e instanceof RangeError)) throw e;
    report(tooDeepToCheck(statement.span));
  }
  if (skipped) report(skipped);
  problems.sort((a, b) => a.span.start - b.span.start);
  // Postgres applies nothing of a statement it rejects: the statements after it see the session before it.
  return { problems, after: problems.some((p) => p.severity === 'error') ? afterRejected(session, after) : after };
}

const moved = (p: Problem, by: number): Problem => (by === 0 ? p : { ...p, span: { start: p.span.start + by, end: p.span.end + by } });

/**
 * Runs one statement again in the session it saw, reporting nothing but what the resolver observes:
 * the entry point of completion, hover and go-to-definition.
 */
export function observeStatement(statement: ParsedStatement, session: Session, observe: (o: Observation) => void, file = ''): void {
  if (statement.node) analyzeStatement({ session, statement, file, report: () => undefined, quiet: true, observe });
}
