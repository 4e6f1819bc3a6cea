import { pathToFileURL } from 'url';
import {
  DocumentHighlightKind,
  ResponseError,
  SymbolKind,
  type Connection,
  type DocumentHighlight,
  type DocumentSymbol,
  type Location,
  type Range,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { documentSymbols, highlights, prepareRename, references, rename, workspaceSymbols, type OutlineKind, type OutlineSymbol, } from '../features';
import type { NamedObject } from '../features/types';
import type { Span } from '../analysis';
import { LineIndex } from '../project/textPositions';
import type { DocumentChecker } from './checks';
import type { ReferenceIndexer } from './referenceIndexer';
import type { WorkspaceRegistry } from './workspaces';

const OUTLINE_KINDS: Record<OutlineKind, SymbolKind> = {
  table: SymbolKind.Class,
  view: SymbolKind.Interface,
  'materialized view': SymbolKind.Interface,
  index: SymbolKind.Key,
  function: SymbolKind.Function,
  procedure: SymbolKind.Method,
  policy: SymbolKind.Event,
  trigger: SymbolKind.Event,
  type: SymbolKind.TypeParameter,
  sequence: SymbolKind.Number,
  schema: SymbolKind.Namespace,
  column: SymbolKind.Field,
  constraint: SymbolKind.Property,
};

const OBJECT_KINDS: Record<NamedObject['kind'], SymbolKind> = {
  table: SymbolKind.Class,
  view: SymbolKind.Interface,
  'materialized view': SymbolKind.Interface,
  'foreign table': SymbolKind.Class,
  sequence: SymbolKind.Number,
  column: SymbolKind.Field,
  function: SymbolKind.Function,
};

type Guard = <T>(name: string, run: () => Promise<T>) => Promise<T | null>;

/** Outline, workspace symbols, references, document highlight and rename: the LSP side of features/navigation. */
export function registerNavigationFeatures(connection: Connection, checker: DocumentChecker, registry: WorkspaceRegistry, indexer: ReferenceIndexer, guard: Guard): void {
  /** The document's analysis and the history's, with line indexes made once per text. */
  const project = async (uri: string) => {
    const current = await checker.analysisOf(uri);
    if (!current) return undefined;
    const ws = await registry.place(uri).entry.ready;
    const history = ws ? indexer.documents(ws) : [];
    const texts = new Map(ws ? ws.historyDocuments().map((d) => [d.file, d.text]) : []);
    return { current, doc: { file: current.path, analysis: current.analysis }, history, texts };
  };
  const range = (lines: LineIndex, span: Span): Range => ({ start: lines.positionAt(span.start), end: lines.positionAt(span.end) });

  connection.onDocumentSymbol((params) =>
    guard('document symbols', async (): Promise<DocumentSymbol[] | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const convert = (s: OutlineSymbol): DocumentSymbol => ({
        name: s.name,
        detail: s.detail,
        kind: OUTLINE_KINDS[s.kind],
        range: range(lines, s.span),
        selectionRange: range(lines, s.selection),
        children: s.children.map(convert),
      });
      return documentSymbols(current.analysis).map(convert);
    }),
  );

  connection.onWorkspaceSymbol((params) =>
    guard('workspace symbols', async (): Promise<SymbolInformation[] | null> => {
      const out: SymbolInformation[] = [];
      const lines = new Map<string, LineIndex | undefined>();
      for (const entry of registry.all()) {
        const ws = await entry.ready;
        if (!ws) continue;
        const texts = new Map(ws.historyDocuments().map((d) => [d.file, d.text]));
        for (const o of workspaceSymbols(ws.catalogAfterHistory(), params.query)) {
          if (!lines.has(o.file)) lines.set(o.file, texts.has(o.file) ? new LineIndex(texts.get(o.file)!) : undefined);
          const index = lines.get(o.file);
          if (!index) continue;
          out.push({ name: o.name, kind: OBJECT_KINDS[o.kind], containerName: o.container, location: { uri: pathToFileURL(o.file).toString(), range: range(index, o.span) } });
        }
      }
      return out;
    }),
  );

  connection.onReferences((params) =>
    guard('references', async (): Promise<Location[] | null> => {
      const p = await project(params.textDocument.uri);
      if (!p) return null;
      const lines = new LineIndex(p.current.text);
      const found = references(p.doc, lines.offsetAt(params.position), p.history, params.context.includeDeclaration);
      const indexes = new Map<string, LineIndex>([[p.doc.file, lines]]);
      const texts = p.texts;
      return found.map((f) => {
        const file = f.file || p.doc.file;
        let index = indexes.get(file);
        if (!index) indexes.set(file, (index = new LineIndex(texts.get(file) ?? '')));
        return { uri: file === p.doc.file ? params.textDocument.uri : pathToFileURL(file).toString(), range: range(index, f.span) };
      });
    }),
  );

  connection.onDocumentHighlight((params) =>
    guard('document highlight', async (): Promise<DocumentHighlight[] | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      return highlights({ file: current.path, analysis: current.analysis }, lines.offsetAt(params.position)).map((h) => ({
        range: range(lines, h.span),
        kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );

  connection.onPrepareRename((params) =>
    guard('prepare rename', async () => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const check = prepareRename(current.analysis, current.path, lines.offsetAt(params.position));
      if (!check.ok) throw new ResponseError(0, check.reason);
      return { range: range(lines, check.span), placeholder: check.name };
    }),
  );

  connection.onRenameRequest((params) =>
    guard('rename', async (): Promise<WorkspaceEdit | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const result = rename(current.analysis, current.path, lines.offsetAt(params.position), params.newName);
      if (result.error) throw new ResponseError(0, result.error);
      return { changes: { [params.textDocument.uri]: result.edits.map((e) => ({ range: range(lines, e.span), newText: e.newText })) } };
    }),
  );
}
