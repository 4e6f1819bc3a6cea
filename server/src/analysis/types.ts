/** Plain data shared by every layer of the analysis core. No LSP types: offsets are UTF-16 code units. */

import type { Catalog } from './catalog/types';

/** A half-open range of UTF-16 offsets into one document's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information';

/** One finding of the analysis, in Postgres's own terms. */
export interface Problem {
  span: Span;
  /** The SQLSTATE Postgres would raise, e.g. `42703`; for a migration safety rule, its id (`index-blocks-writes`). */
  code: string;
  /** Postgres's own message, e.g. `column ak.customer_id does not exist`. */
  message: string;
  /** What would help: a foreign-key path or a near spelling. */
  hint?: string;
  /**
   * Names that would fit where the span's last name is (the near spellings the hint names, the table a
   * Prisma model is mapped to), likeliest first: the did-you-mean fixes write them.
   */
  replacements?: readonly string[];
  severity: Severity;
  /**
   * Set on a problem PostgreSQL raises only when the code runs (a PL/pgSQL body, a trigger): a later
   * migration may still make the code right. The layer that knows the whole history keeps the problem
   * only if it is still there against the catalog after the history (`confirmLater`).
   */
  stillWrongIn?: (later: Catalog) => boolean;
  /** The page that explains it, relative to SchemaSense's own folder (`docs/rules/<id>.md` for a safety rule). */
  docs?: string;
}

/** Where an object of the catalog was defined. */
export interface Origin {
  /** A path or URI, as the source that produced it names it. */
  file: string;
  span: Span;
  /** 0-based line of `span.start`, for messages such as "defined in 003_x.sql:12". */
  line: number;
}
