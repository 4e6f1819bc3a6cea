import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Problem, Severity } from '../analysis';
import type { LineIndex } from '../project/textPositions';
import { docsUri } from '../project/docsLocation';

export const DIAGNOSTIC_SOURCE = 'schemasense';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/**
 * One problem of the core as an LSP diagnostic: `code` is the SQLSTATE (a safety rule's id, with its page as
 * `codeDescription`), the message is Postgres's own,
 * with the hint on a line of its own. `lines` indexes the text that was checked; a span outside it is
 * clamped to it.
 */
export function toDiagnostic(problem: Problem, lines: LineIndex): Diagnostic {
  const clamp = (n: number) => Math.min(Math.max(0, Number.isFinite(n) ? n : 0), lines.text.length);
  const start = clamp(problem.span.start);
  const end = Math.max(start, clamp(problem.span.end));
  const message = problem.hint ? `${problem.message}\nHint: ${problem.hint}` : problem.message;
  return {
    range: { start: lines.positionAt(start), end: lines.positionAt(end) },
    severity: severities[problem.severity] ?? DiagnosticSeverity.Error,
    code: problem.code,
    ...(problem.docs ? { codeDescription: { href: docsUri(problem.docs) } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message,
  };
}
