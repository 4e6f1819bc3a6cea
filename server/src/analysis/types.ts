/** Plain data shared by every layer of the analysis core. No LSP types: offsets are UTF-16 code units. */

/** A half-open range of UTF-16 offsets into one document's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information';

/** One finding of the analysis, in Postgres's own terms. */
export interface Problem {
  span: Span;
  /** The SQLSTATE Postgres would raise, e.g. `42703`. */
  code: string;
  /** Postgres's own message, e.g. `column ak.customer_id does not exist`. */
  message: string;
  /** What would help: a foreign-key path or a near spelling. */
  hint?: string;
  severity: Severity;
}

/** Where an object of the catalog was defined. */
export interface Origin {
  /** A path or URI, as the source that produced it names it. */
  file: string;
  span: Span;
  /** 0-based line of `span.start`, for messages such as "defined in 003_x.sql:12". */
  line: number;
}
