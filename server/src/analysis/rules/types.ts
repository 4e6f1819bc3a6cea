import type { PgNode } from '../parser/pgParser';
import type { ParsedStatement } from '../parser/parseDocument';
import type { Session } from '../context';
import type { Catalog, Relation } from '../catalog/types';
import type { Severity, Span } from '../types';

/**
 * The migration safety rules' vocabulary. A rule looks at one statement with the schema as it stands just
 * before it, knows which tables existed before the file (see existing.ts), and reports findings; the engine
 * (engine.ts) turns them into problems with the rule's id as the code, applying settings and suppressions.
 */

/** A lock as `pg_locks.mode` names it. */
export type LockMode = 'AccessExclusiveLock' | 'ShareLock' | 'ShareRowExclusiveLock' | 'ShareUpdateExclusiveLock';

/**
 * What a finding says PostgreSQL does, in terms a test can measure on a real server: the lock the
 * statement's transaction holds on a table before COMMIT, and whether the table is rewritten (its
 * relfilenode changes).
 */
export interface Claim {
  table: { schema: string; name: string };
  lock?: LockMode;
  rewrite?: boolean;
}

export interface Finding {
  span: Span;
  message: string;
  /** The safe pattern, in a sentence. */
  hint?: string;
  claims?: readonly Claim[];
}

/** What a rule knows about the file it is in. */
export interface FileFacts {
  /** The document's path, as the relations' origins name it. */
  path: string;
  /**
   * Whether a relation existed before this file: made by an earlier migration that is applied (or by the
   * base schema). A relation this file created, or one a pending migration creates, is new and empty.
   */
  existing(relation: Relation): boolean;
  /** Whether the runner runs the file in one transaction: false when the file says it runs without one. */
  inTransaction: boolean;
  /** How many statements the file has (a file of one statement is not wrapped by most runners). Stateful rules only. */
  statementCount: number;
  /** The catalog after this file's last statement. Stateful rules only: others use `relationAfter`. */
  catalogAfter: Catalog;
  /** The catalog after the whole history, when known. Stateful rules only: others use `relationAfter`. */
  historyAfter?: Catalog;
  /**
   * A relation as this file leaves it (`'file'`), or as the whole history leaves it (`'history'`, undefined
   * when unknown): an index a later statement or file adds counts (foreign-key-without-index). The engine
   * remembers each such lookup of a statement, and reuses its findings while they all still find the same.
   */
  relationAfter(where: 'file' | 'history', searchPath: readonly string[] | null, schema: string | undefined, name: string): Relation | undefined;
}

/** One statement as a rule sees it. */
export interface RuleStatement {
  /** The statement's kind (`IndexStmt`, `AlterTableStmt`, …) and its node's body. */
  kind: string;
  node: PgNode;
  statement: ParsedStatement;
  /** The session just before the statement. */
  session: Session;
  /** Its index among the file's statements. */
  index: number;
  file: FileFacts;
}

export type RuleSeverity = Severity | 'off';

export interface Rule {
  /** Kebab-case; the diagnostic's code and the docs page `docs/rules/<id>.md`. */
  id: string;
  defaultSeverity: RuleSeverity;
  /** The statement kinds it looks at (the engine calls it for those only); absent: every statement. */
  kinds?: readonly string[];
  /** One line: what the rule reports (SARIF's shortDescription, the settings' description). */
  summary: string;
  /**
   * A visitor for one file: called once per statement in order, so it may keep what earlier statements
   * did (NOT VALID then VALIDATE, ADD VALUE then its use).
   */
  start(file: FileFacts): (s: RuleStatement, report: (f: Finding) => void) => void;
  /**
   * It keeps what earlier statements did, or reads the file's outcome (`catalogAfter`, `historyAfter`,
   * `statementCount`). A rule without this flag is a function of the statement, the names it looks up in
   * its session and the file's own facts (path, pending, transaction) alone, so the engine reuses its
   * findings for a statement an edit left as it was; reading the outcome without the flag throws.
   */
  stateful?: boolean;
}
