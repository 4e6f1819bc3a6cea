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

export type OutlineKind =
  | 'table' | 'view' | 'materialized view' | 'index' | 'function' | 'procedure' | 'policy' | 'trigger' | 'type'
  | 'sequence' | 'schema' | 'column' | 'constraint';

/** One entry of a document's outline. */
export interface OutlineSymbol {
  name: string;
  kind: OutlineKind;
  detail?: string;
  /** The whole statement (or table element). */
  span: Span;
  /** The name itself, inside `span`. */
  selection: Span;
  children: OutlineSymbol[];
}

/** A place in some file of the project: `file` is a path, or empty for the document asked about. */
export interface FileSpan {
  file: string;
  span: Span;
}

/** An object of the history found by name (workspace symbols). */
export interface NamedObject {
  name: string;
  kind: 'table' | 'view' | 'materialized view' | 'foreign table' | 'sequence' | 'column' | 'function';
  /** The relation a column belongs to, the schema of a relation or function. */
  container?: string;
  file: string;
  span: Span;
}
