import type { Catalog } from './catalog/types';
import type { Anchor, ParsedStatement } from './parser/parseDocument';
import type { Origin, Problem, Span } from './types';
import type { ColumnResolution, ColumnSet, NamespaceItem, Scope } from './resolve/scope';
import type { Relation } from './catalog/types';
import type { PgNode } from './parser/pgParser';
import { dottedNameEnd } from './parser/dottedNames';
import { findWordToken, isWordShaped, stringConstantEnd } from './parser/tokenSearch';

/** What a migration session knows between statements: the schema and the search_path. */
export interface Session {
  catalog: Catalog;
  /** Schemas searched for unqualified names; null when set to something we could not read. */
  searchPath: readonly string[] | null;
  /** An open transaction block of the file (BEGIN, SAVEPOINT): what ROLLBACK returns to. */
  transaction?: TransactionState;
  /** SET SESSION AUTHORIZATION / SET ROLE to another role (statements/sessionSettings.ts); absent: the migration's own user. */
  sessionUser?: string;
  role?: string;
  /** Transactions are read-only by default (SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY, default_transaction_read_only). */
  readOnly?: boolean;
}

/** The catalog and settings a rollback restores (SET is transactional). */
export type SessionSnapshot = Pick<Session, 'catalog' | 'searchPath' | 'sessionUser' | 'role' | 'readOnly'>;

export interface TransactionState {
  /** This transaction block's own READ ONLY / READ WRITE (BEGIN READ ONLY, SET TRANSACTION ...). */
  readOnly?: boolean;
  /** The session at BEGIN; undefined for a savepoint taken in the migration tool's own transaction. */
  start?: SessionSnapshot;
  savepoints: readonly { name: string; at: SessionSnapshot; readOnly?: boolean }[];
}

/**
 * What the resolver saw on its way, for the features that need more than problems: completion asks
 * what is in scope at a position, hover and go-to-definition what a name refers to.
 */
export type Observation =
  /** A column reference and the scope it was resolved in; for one name (not `*`), what it resolved to there. */
  | { kind: 'columnRef'; span: Span; fields: readonly string[]; scope: Scope; unqualified?: ColumnResolution }
  /** A relation name (or a CTE used as one) and what it resolved to. */
  | { kind: 'relation'; span: Span; relation?: Relation; cte?: ColumnSet }
  /** A FROM item, with the items before it that a join condition or LATERAL may use. */
  | { kind: 'fromItem'; span: Span; rv: PgNode; item: NamespaceItem; visible: readonly NamespaceItem[]; scope: Scope }
  /** A bare column name of a relation in DDL: an index element, a key or foreign-key list, COMMENT ON COLUMN, ALTER COLUMN. */
  | { kind: 'columnName'; span: Span; relation: Relation; name: string };

/** Everything a statement handler needs: the session before the statement, positions, and a sink for problems. */
export interface StatementContext {
  session: Session;
  statement: ParsedStatement;
  file: string;
  report(problem: Problem): void;
  /** Problems are not wanted (completion, hover, DO-block replay): skip the work of hints. */
  quiet?: boolean;
  /** Inside a function body or DO block: it may call functions made later, so calls are not checked. */
  inRoutineBody?: boolean;
  observe?(observation: Observation): void;
  /** Something of the statement could not be checked (diagnostics/notChecked.ts); analyzeDocument keeps the first. */
  notChecked?(problem: Problem): void;
}

/**
 * The span of a dotted name (`ak.customer_id`, `public.users`) that starts at a parser location: its
 * tokens are the names and the dots between them, so quoting and spaces are covered.
 */
export function nameSpan(ctx: Pick<StatementContext, 'statement'>, location: number | undefined, parts: number): Span {
  const start = ctx.statement.at(location ?? 0);
  const anchor = ctx.statement.anchor.start;
  // A constant's location (a VALUES row's string) is the span of its one token.
  const end = dottedNameEnd(ctx.statement.text, start - anchor, parts) ?? (parts === 1 ? stringConstantEnd(ctx.statement.text, start - anchor) : undefined);
  return end !== undefined ? { start, end: anchor + end } : scannedNameSpan(ctx.statement, start, parts);
}

/**
 * From a parser location, where Postgres places an error (a constraint, a list's parenthesis, a row's
 * expression), to the end of `token` (the name it is about); `token` alone without a location.
 */
export function spanFrom(ctx: Pick<StatementContext, 'statement'>, location: number | undefined, token: Span): Span {
  if (location === undefined || location < 0) return token;
  return { start: Math.min(ctx.statement.at(location), token.start), end: token.end };
}

/** nameSpan by the real scanner's tokens: for what dottedNameEnd leaves alone (and its reference in the tests). */
export function scannedNameSpan(statement: ParsedStatement, start: number, parts: number): Span {
  const tokens = statement.tokens;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  if (!tokens[lo] || tokens[lo].start !== start) return { start, end: start + 1 };
  const last = tokens[Math.min(lo + 2 * parts - 2, tokens.length - 1)];
  return { start, end: last.end };
}

/** Some nodes (index elements, key lists) carry no location: the name's first token after `after`. */
export function findNameToken(ctx: Pick<StatementContext, 'statement'>, name: string, after?: number): Span {
  const from = after === undefined ? 0 : ctx.statement.at(after);
  const spells = (text: string) => text === `"${name}"` || text.toLowerCase() === name;
  const token = isWordShaped(name) ? findWordToken(ctx.statement, from, spells) : ctx.statement.tokens.find((t) => t.start >= from && spells(t.text));
  return token ? { start: token.start, end: token.end } : { start: ctx.statement.span.start, end: ctx.statement.span.start + 1 };
}

/** Tells the observer about a bare column name of a relation (DDL), when its token is found after `after`. */
export function observeColumnName(ctx: StatementContext, relation: Relation, name: string | undefined, after?: number): void {
  if (!ctx.observe || !name) return;
  const span = findNameToken(ctx, name, after);
  const token = ctx.statement.tokens.find((t) => t.start === span.start);
  if (token && token.end === span.end) ctx.observe({ kind: 'columnName', span, relation, name });
}

/** The span from a node's `location` to the end of its first token (a node with no location: the statement's start). */
export function locatedSpan(ctx: StatementContext, node: unknown): Span {
  const inner = node && typeof node === 'object' ? Object.values(node as Record<string, { location?: number }>)[0] : undefined;
  return nameSpan(ctx, inner?.location ?? 0, 1);
}

/** An origin in the document being analysed: it moves with its statement's anchor when an edit moves the statement. */
class AnchoredOrigin implements Origin {
  constructor(
    readonly file: string,
    private readonly anchor: Anchor,
    private readonly relative: Span,
    private readonly relativeLine: number,
  ) {}

  get span(): Span {
    return { start: this.anchor.start + this.relative.start, end: this.anchor.start + this.relative.end };
  }

  get line(): number {
    return this.anchor.line + this.relativeLine;
  }

  /**
   * The same origin only with the same anchor object: one of another statement at the same place today
   * would not move with this statement tomorrow (sameSession.ts asks this).
   */
  sameAs(other: unknown): boolean {
    return other instanceof AnchoredOrigin && other.anchor === this.anchor && other.file === this.file && other.relative.start === this.relative.start && other.relative.end === this.relative.end && other.relativeLine === this.relativeLine;
  }
}

/** An origin of the document being analysed as plain data, where it stands now (what a cache writes); undefined for any other value. */
export function fixedOrigin(value: unknown): Origin | undefined {
  if (!(value instanceof AnchoredOrigin)) return undefined;
  const { start, end } = value.span;
  return { file: value.file, span: { start, end }, line: value.line };
}

export function originAt(ctx: StatementContext, location: number | undefined, parts = 1): Origin {
  return originOfSpan(ctx, nameSpan(ctx, location, parts));
}

/** An origin at a span of the statement (document offsets), e.g. a name token found with findNameToken. */
export function originOfSpan(ctx: StatementContext, span: Span): Origin {
  const start = ctx.statement.anchor.start;
  return new AnchoredOrigin(ctx.file, ctx.statement.anchor, { start: span.start - start, end: span.end - start }, linesBefore(ctx.statement.text, span.start - start));
}

/** Line breaks in text[0, end): counted without copying the text (an origin per column of a long CREATE TABLE). */
function linesBefore(text: string, end: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
