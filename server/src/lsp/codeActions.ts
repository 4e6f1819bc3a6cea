import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../analysis';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DRIFT_CODE } from '../analysis/drift';
import { codeActions } from '../features/fixes';
import { prismaMigrationFix } from '../features/fixes/prismaMigration';
import { renameStatement } from '../features';
import { nextMigration } from '../sources/migrations/nextMigration';
import type { Workspace } from '../project/workspace';
import { LineIndex } from '../project/textPositions';
import { isPrismaDocument, type OpenDocuments } from './checks';
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
      const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
      const ours = wanted(CodeActionKind.QuickFix) ? params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE) : [];
      const refactor = wanted(CodeActionKind.RefactorRewrite);
      if (!documents.get(uri) || (ours.length === 0 && !refactor)) return [];
      const placement = registry.place(uri);
      const ws = await placement.entry.ready;
      // Read after the wait: the text the client sees now.
      const doc = documents.get(uri);
      if (!ws || !doc) return [];
      const text = doc.getText();
      const lines = new LineIndex(text);
      const drift = ours.filter((d) => d.code === DRIFT_CODE);
      const writeMigration = drift.length ? migrationAction(ws, drift) : [];
      if (isPrismaDocument(placement.path)) return writeMigration;
      const renames = refactor && params.range.start.line === params.range.end.line ? renameActions(ws, placement.path, text, lines.offsetAt(params.range.start)) : [];
      const sql = ours.filter((d) => d.code !== DRIFT_CODE);
      const diagnosticOf = new Map<Problem, Diagnostic>(sql.map((d) => [problemOf(d, lines), d]));
      const range = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
      const fixes = sql.length ? codeActions(text, ws.catalogFor(placement.path), [...diagnosticOf.keys()], range, placement.path) : [];
      return writeMigration.concat(renames, fixes.map((fix) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.isPreferred,
        diagnostics: [diagnosticOf.get(fix.problem)!],
        edit: {
          changes: {
            [uri]: fix.edits.map((e) => ({ range: { start: lines.positionAt(e.start), end: lines.positionAt(e.end) }, newText: e.newText })),
          },
        },
      })));
    } catch (e) {
      log.error(`SchemaSense: quick fixes for ${uri} failed.\n${describeError(e)}`);
      return [];
    }
  };
}

/** On drift warnings: a new migration folder holding what `prisma migrate dev` would write (features/fixes/prismaMigration.ts). */
function migrationAction(ws: Workspace, diagnostics: Diagnostic[]): CodeAction[] {
  const report = ws.prismaDrift();
  const fix = report && prismaMigrationFix(report, new Date(), path.join);
  if (!fix) return [];
  const uri = pathToFileURL(fix.file).toString();
  return [{
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: false } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: fix.text }] },
      ],
    },
  }];
}

/**
 * On a table, view or column the history made (which rename refuses): a new migration after the last one, named
 * as the history's tool names them, holding `ALTER … RENAME …` with a placeholder for the new name
 * (features/navigation/renameMigration.ts, sources/migrations/nextMigration.ts).
 */
function renameActions(ws: Workspace, file: string, text: string, offset: number): CodeAction[] {
  const history = ws.migrationFiles();
  if (!history.length) return [];
  // Asked on every cursor move: the history's end as last replayed (no replay forced by an edit of an early file).
  const statement = renameStatement(ws.analyze(file, text), file, offset, () => ws.catalogAfterHistoryAsReplayed());
  const last = history[history.length - 1];
  const files = statement && nextMigration(history, ws.migrationText(last) ?? '', statement, new Date());
  if (!statement || !files) return [];
  const root = ws.options.root;
  return [{
    title: `Rename ${statement.what} in a new migration (${path.relative(root, files[0].file)})`,
    kind: CodeActionKind.RefactorRewrite,
    edit: {
      documentChanges: files.flatMap((f) => {
        const uri = pathToFileURL(path.resolve(root, f.file)).toString();
        return [
          { kind: 'create' as const, uri, options: { ignoreIfExists: false } },
          { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text }] },
        ];
      }),
    },
  }];
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
