import { BulkRegistration, DocumentFormattingRequest, DocumentRangeFormattingRequest, MarkupKind, type Connection, type DocumentSelector, type InlayHint, type SignatureHelp, type TextEdit } from 'vscode-languageserver/node';
import { formatDocument, inlayHints, signatureHelp } from '../features';
import { LineIndex } from '../project/textPositions';
import type { DocumentChecker } from './checks';
import type { FeatureSettings } from './featureSettings';
import type { Logger } from './log';

/**
 * The documents our formatter is for: SQL ones (the `sql` language id, which `.sql`, `.pgsql` and `.psql`
 * files get). Not `prisma`: the client sends schema.prisma for its drift warnings alone, and its formatting
 * belongs to the Prisma extension.
 */
export const FORMATTING_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'sql' },
  { scheme: 'untitled', language: 'sql' },
];

/** Document and range formatting registered dynamically with FORMATTING_SELECTOR (when the client supports it). */
export async function registerSqlFormatting(connection: Connection): Promise<void> {
  // One request for both, so that a client sees them together.
  const both = BulkRegistration.create();
  both.add(DocumentFormattingRequest.type, { documentSelector: FORMATTING_SELECTOR });
  both.add(DocumentRangeFormattingRequest.type, { documentSelector: FORMATTING_SELECTOR });
  await connection.client.register(both);
}

type Guard = <T>(name: string, run: () => Promise<T>) => Promise<T | null>;

/** Formatting (document and range), signature help and inlay hints. */
export function registerEditingFeatures(
  connection: Connection,
  checker: DocumentChecker,
  settings: (uri: string) => Promise<FeatureSettings>,
  log: Logger,
  guard: Guard,
): void {
  const format = async (uri: string, options: { tabSize: number; insertSpaces: boolean }, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<TextEdit[] | null> => {
    const current = await checker.analysisOf(uri);
    if (!current) return null;
    const lines = new LineIndex(current.text);
    const { keywordCase, indent } = await settings(uri);
    const span = range && { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
    // schemasense.format.indent, else the editor's indentation.
    const layout = indent === 'tab' ? { tabSize: options.tabSize, insertSpaces: false } : indent !== undefined ? { tabSize: indent, insertSpaces: true } : { tabSize: options.tabSize, insertSpaces: options.insertSpaces };
    const result = formatDocument(current.analysis, { keywordCase, ...layout }, span);
    for (const r of result.refused) {
      log.info(`SchemaSense: formatting left the statement at ${current.path}:${lines.positionAt(r.span.start).line + 1} as written: ${r.why}.`);
    }
    return result.edits.map((e) => ({ range: { start: lines.positionAt(e.span.start), end: lines.positionAt(e.span.end) }, newText: e.newText }));
  };

  connection.onDocumentFormatting((params) => guard('formatting', () => format(params.textDocument.uri, params.options)));
  connection.onDocumentRangeFormatting((params) => guard('range formatting', () => format(params.textDocument.uri, params.options, params.range)));

  connection.onSignatureHelp((params) =>
    guard('signature help', async (): Promise<SignatureHelp | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const help = signatureHelp(current.analysis, lines.offsetAt(params.position));
      if (!help) return null;
      return {
        signatures: help.signatures.map((s) => ({
          label: s.label,
          documentation: s.documentation && { kind: MarkupKind.PlainText, value: s.documentation },
          parameters: s.parameters.map((p) => ({ label: p })),
        })),
        activeSignature: help.activeSignature,
        activeParameter: help.activeParameter,
      };
    }),
  );

  connection.languages.inlayHint.on((params) =>
    guard('inlay hints', async (): Promise<InlayHint[] | null> => {
      if (!(await settings(params.textDocument.uri)).inlayHints) return [];
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const span = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
      return inlayHints(current.analysis, span).map((h) => ({ position: lines.positionAt(h.offset), label: h.label, paddingRight: true }));
    }),
  );
}
