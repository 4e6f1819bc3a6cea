/**
 * Editor features over the analysis: pure functions of an analysed document and an offset, returning
 * plain data (features/types.ts). The language server adapts them to LSP.
 */
export { complete, type CompletionOptions } from './completion';
export { hover } from './hover';
export { definition } from './definition';
export type { CompletionEntry, CompletionKind, CompletionResult, DefinitionTarget, HoverResult } from './types';
