import {
  FoldingRangeKind,
  type Connection,
  type FoldingRange,
  type SelectionRange,
  type SemanticTokens,
  type SemanticTokensLegend,
} from 'vscode-languageserver/node';
import { foldingRanges, selectionRanges, semanticTokens, type TokenModifier, type TokenType } from '../features';
import { LineIndex } from '../project/textPositions';
import type { DocumentChecker } from './checks';

type Guard = <T>(name: string, run: () => Promise<T>) => Promise<T | null>;

/** Token types as LSP's standard names, so every theme colours them; the index is the legend's. */
const TOKEN_TYPES: Record<TokenType, string> = {
  table: 'class',
  view: 'interface',
  column: 'property',
  alias: 'variable',
  cte: 'struct',
  function: 'function',
  parameter: 'parameter',
};
const TOKEN_MODIFIERS: TokenModifier[] = ['declaration', 'defaultLibrary'];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: Object.values(TOKEN_TYPES),
  tokenModifiers: TOKEN_MODIFIERS,
};

/** Folding ranges, selection ranges and semantic tokens: the LSP side of features/structure. */
export function registerStructureFeatures(connection: Connection, checker: DocumentChecker, guard: Guard): void {
  connection.onFoldingRanges((params) =>
    guard('folding ranges', async (): Promise<FoldingRange[] | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      const out: FoldingRange[] = [];
      const seen = new Set<string>();
      for (const fold of foldingRanges(current.analysis)) {
        const startLine = lines.positionAt(fold.start).line;
        const endLine = lines.positionAt(fold.end).line;
        const key = `${startLine}:${endLine}`;
        if (endLine <= startLine || seen.has(key)) continue;
        seen.add(key);
        out.push({ startLine, endLine, ...(fold.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : {}) });
      }
      return out;
    }),
  );

  connection.onSelectionRanges((params) =>
    guard('selection ranges', async (): Promise<SelectionRange[] | null> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return null;
      const lines = new LineIndex(current.text);
      return params.positions.map((position) => {
        const spans = selectionRanges(current.analysis, lines.offsetAt(position));
        let parent: SelectionRange | undefined;
        for (const span of [...spans].reverse()) parent = { range: { start: lines.positionAt(span.start), end: lines.positionAt(span.end) }, parent };
        return parent ?? { range: { start: position, end: position } };
      });
    }),
  );

  connection.languages.semanticTokens.on((params) =>
    guard('semantic tokens', async (): Promise<SemanticTokens> => {
      const current = await checker.analysisOf(params.textDocument.uri);
      if (!current) return { data: [] };
      const lines = new LineIndex(current.text);
      const types = Object.keys(TOKEN_TYPES);
      const data: number[] = [];
      let line = 0;
      let character = 0;
      for (const token of semanticTokens(current.analysis, current.path)) {
        const start = lines.positionAt(token.span.start);
        const end = lines.positionAt(token.span.end);
        if (end.line !== start.line) continue;
        const modifiers = token.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0);
        data.push(start.line - line, start.line === line ? start.character - character : start.character, end.character - start.character, types.indexOf(token.type), modifiers);
        line = start.line;
        character = start.character;
      }
      return { data };
    }).then((r) => r ?? { data: [] }),
  );
}
