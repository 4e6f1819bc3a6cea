import * as fs from 'fs';
import { pathToFileURL } from 'url';
import {
  CompletionItemKind,
  CompletionTriggerKind,
  type CompletionContext,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type Hover,
  type Location,
  type Position,
} from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../analysis';
import { complete, definition, hover, type CompletionKind } from '../features';
import { LineIndex } from '../project/textPositions';
import type { DocumentChecker } from './checks';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  column: CompletionItemKind.Field,
  table: CompletionItemKind.Class,
  view: CompletionItemKind.Interface,
  alias: CompletionItemKind.Variable,
  cte: CompletionItemKind.Struct,
  join: CompletionItemKind.Snippet,
  keyword: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  schema: CompletionItemKind.Module,
};

/** Line indexes of definition targets in other files, by path and text length (cheap staleness check). */
const fileLines = new Map<string, { size: number; lines: LineIndex }>();

/** The line index of a file on disk (cached while its length stays), for a location in another file. */
export function linesOf(file: string): LineIndex | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const cached = fileLines.get(file);
    if (cached && cached.size === text.length) return cached.lines;
    const lines = new LineIndex(text);
    fileLines.set(file, { size: text.length, lines });
    return lines;
  } catch {
    return undefined;
  }
}

/** Completion at a position of an analysed text, as LSP items (what the server answers). */
export function completionList(analysis: DocumentAnalysis, text: string, position: Position, context?: CompletionContext): CompletionList {
  const lines = new LineIndex(text);
  const afterSpace = context?.triggerKind === CompletionTriggerKind.TriggerCharacter && context.triggerCharacter === ' ';
  const result = complete(analysis, lines.offsetAt(position), { afterSpace });
  const range = { start: lines.positionAt(result.replace.start), end: lines.positionAt(result.replace.end) };
  const items: CompletionItem[] = result.items.map((item) => ({
    label: item.label,
    kind: KINDS[item.kind],
    detail: item.detail,
    documentation: item.documentation ? { kind: MarkupKind.Markdown, value: item.documentation } : undefined,
    sortText: item.sortText,
    textEdit: { range, newText: item.insertText ?? item.label },
    insertTextFormat: InsertTextFormat.PlainText,
  }));
  return { isIncomplete: false, items };
}

/** Hover at a position of an analysed text, as LSP hover (null where there is nothing to say). */
export function hoverAt(analysis: DocumentAnalysis, text: string, position: Position): Hover | null {
  const lines = new LineIndex(text);
  const found = hover(analysis, lines.offsetAt(position));
  if (!found) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.contents },
    range: { start: lines.positionAt(found.span.start), end: lines.positionAt(found.span.end) },
  };
}

/**
 * Completion, hover and go-to-definition: the LSP side of server/src/features. Each request reads the
 * document's current analysis (shared with diagnostics) and converts offsets to positions.
 */
export function registerLanguageFeatures(
  connection: Connection,
  checker: DocumentChecker,
  guard: <T>(name: string, run: () => Promise<T>) => Promise<T | null>,
): void {
  connection.onCompletion((params) =>
    guard('completion', async (): Promise<CompletionList | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      return current ? completionList(current.analysis, current.text, params.position, params.context) : null;
    }),
  );

  connection.onHover((params) =>
    guard('hover', async (): Promise<Hover | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      return current ? hoverAt(current.analysis, current.text, params.position) : null;
    }),
  );

  connection.onDefinition((params) =>
    guard('definition', async (): Promise<Location | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const target = definition(current.analysis, lines.offsetAt(params.position));
      if (!target) return null;
      const inDocument = target.file === '' || target.file === current.path;
      const targetLines = inDocument ? lines : linesOf(target.file);
      if (!targetLines) return null;
      return {
        uri: inDocument ? params.textDocument.uri : pathToFileURL(target.file).toString(),
        range: { start: targetLines.positionAt(target.span.start), end: targetLines.positionAt(target.span.end) },
      };
    }),
  );
}
