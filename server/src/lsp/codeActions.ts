import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../analysis';
import { codeActions } from '../features/fixes';
import { LineIndex } from '../project/textPositions';
import type { OpenDocuments } from './checks';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { describeError, type Logger } from './log';
import type { WorkspaceRegistry } from './workspaces';

/**
 * `textDocument/codeAction`: the quick fixes of the SchemaSense diagnostics the client sends in the
 * request's context, computed against the catalog the diagnostics were checked with. A failure is
 * logged and answered with no actions.
 */
export function codeActionHandler(documents: OpenDocuments, registry: WorkspaceRegistry, log: Logger) {
  return async (params: CodeActionParams): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    try {
      const only = params.context.only;
      if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
      const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
      if (!documents.get(uri) || ours.length === 0) return [];
      const placement = registry.place(uri);
      const ws = await placement.entry.ready;
      // Read after the wait: the text the client sees now.
      const doc = documents.get(uri);
      if (!ws || !doc) return [];
      const text = doc.getText();
      const lines = new LineIndex(text);
      const diagnosticOf = new Map<Problem, Diagnostic>(ours.map((d) => [problemOf(d, lines), d]));
      const range = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
      const fixes = codeActions(text, ws.catalogFor(placement.path), [...diagnosticOf.keys()], range, placement.path);
      return fixes.map((fix) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.isPreferred,
        diagnostics: [diagnosticOf.get(fix.problem)!],
        edit: {
          changes: {
            [uri]: fix.edits.map((e) => ({ range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText })),
          },
        },
      }));
    } catch (e) {
      log.error(`SchemaSense: quick fixes for ${uri} failed.\n${describeError(e)}`);
      return [];
    }
  };
}

/** A diagnostic we published, back as the problem it came from (the hint line dropped). */
function problemOf(d: Diagnostic, lines: LineIndex): Problem {
  return {
    span: { start: lines.offsetAt(d.range.start), end: lines.offsetAt(d.range.end) },
    code: String(d.code ?? ''),
    message: (typeof d.message === 'string' ? d.message : d.message.value).split('\n')[0],
    severity: 'error',
  };
}
