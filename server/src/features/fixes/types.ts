import type { Problem } from '../../analysis';

/** Replace the text between two UTF-16 offsets of the document. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix for one problem: edits of the document it was computed on. */
export interface Fix {
  /** What the editor shows, e.g. "Join api_keys through api_clients (subquery)". */
  title: string;
  kind: 'quickfix';
  /** The fix "Auto Fix" and `schemasense check --fix` apply: it keeps what the query means. */
  isPreferred?: boolean;
  /** Why a fix that is not preferred is left for a person (`one-to-many`); `check --fix` says it. */
  leftBecause?: string;
  /** Non-overlapping edits. */
  edits: TextEdit[];
  problem: Problem;
}
