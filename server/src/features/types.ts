import type { Span } from '../analysis';

/** What the editor features return, in plain data: the LSP layer maps it to protocol types. */

export type CompletionKind = 'column' | 'table' | 'view' | 'alias' | 'cte' | 'join' | 'keyword' | 'function' | 'schema';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text inserted in place of the word being typed; the label when absent. */
  insertText?: string;
  /** Orders the list: join suggestions first, then columns, relations, keywords, functions. */
  sortText: string;
}

export interface CompletionResult {
  /** The part of the document the chosen item replaces (the word being typed). */
  replace: Span;
  items: CompletionEntry[];
}

export interface HoverResult {
  span: Span;
  /** Markdown. */
  contents: string;
}

export interface DefinitionTarget {
  /** The file as the catalog's origin names it (a path); empty for the document itself. */
  file: string;
  span: Span;
}
