/**
 * Editor features over the analysis: pure functions of an analysed document and an offset, returning
 * plain data (features/types.ts). The language server adapts them to LSP.
 */
export { complete, type CompletionOptions } from './completion';
export { hover } from './hover';
export { definition } from './definition';
export { documentSymbols } from './navigation/documentSymbols';
export { workspaceSymbols } from './navigation/workspaceSymbols';
export { references, highlights, type ProjectDocument } from './navigation/references';
export { prepareRename, rename } from './navigation/rename';
export { renameStatement, type RenameStatement } from './navigation/renameMigration';
export { foldingRanges, type Fold } from './structure/folding';
export { selectionRanges } from './structure/selectionRanges';
export { semanticTokens, type SemanticToken, type TokenType, type TokenModifier } from './structure/semanticTokens';
export { signatureHelp } from './signatureHelp';
export { inlayHints } from './inlayHints';
export { formatDocument, type FormatOptions } from './formatting/format';
export type { CompletionEntry, CompletionKind, CompletionResult, DefinitionTarget, HoverResult, OutlineSymbol, OutlineKind, NamedObject, FileSpan } from './types';
