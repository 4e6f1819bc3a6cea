import { parseDocument, type Span } from '../analysis';
import type { PgNode } from '../analysis/parser/pgParser';
import { forwardText, noTransactionMarker } from '../sources/migrations/sections';

/**
 * How a migration file is run: its statements (cut by the real Postgres scanner, so positions in Postgres's
 * errors map back to the file), which of them cannot run inside a transaction, and whether the file manages
 * transactions itself. Pure: no I/O.
 */

export interface Step {
  /** The statement's UTF-16 span in the file. */
  span: Span;
  /** 0-based line of the statement's start. */
  line: number;
  /** The text sent to the server. Same length as the span: words are only ever blanked, never removed. */
  sql: string;
  /** Why the statement cannot run inside a transaction block, when it cannot. */
  outsideTransaction?: string;
  /** BEGIN/COMMIT/ROLLBACK/... written in the file (savepoints are not: they work inside the runner's transaction). */
  transactionControl?: 'begin' | 'commit' | 'other';
  /** For a rehearsal (dry-run, verification): the statement made runnable inside a transaction, or a note why it is skipped. */
  rehearsal: { sql: string; note?: string } | { skip: string };
}

export interface FilePlan {
  steps: Step[];
  /** The file wraps itself in BEGIN … COMMIT: the runner's own transaction replaces that pair. */
  wrapped: boolean;
  /**
   * Why the file cannot run in one transaction (statements that refuse one, transaction control in the middle,
   * or the tool's no-transaction marker); empty when it can.
   */
  noTransactionReasons: string[];
}


export function planFile(text: string, serverVersion: number): FilePlan {
  const forward = forwardText(text);
  const steps: Step[] = parseDocument(forward).statements.map((s) => {
    const sql = forward.slice(s.span.start, s.span.end);
    const outsideTransaction = s.node ? refusesTransaction(s.node, serverVersion) : undefined;
    const transactionControl = s.node ? transactionControlOf(s.node) : undefined;
    const where = `line ${s.line + 1}`;
    let rehearsal: Step['rehearsal'] = { sql };
    if (transactionControl) rehearsal = { skip: `${where}: ${firstWords(sql)} skipped: the rehearsal runs in one transaction that is rolled back` };
    else if (outsideTransaction) {
      const concurrently = s.tokens.find((t) => /^concurrently$/i.test(t.text));
      rehearsal = concurrently
        ? {
            sql: blank(sql, concurrently.start - s.span.start, concurrently.end - s.span.start),
            note: `${where}: run without CONCURRENTLY, since a transaction that is rolled back cannot hold it (the result is the same)`,
          }
        : { skip: `${where}: ${firstWords(sql)} skipped: ${outsideTransaction}` };
    }
    return { span: s.span, line: s.line, sql, outsideTransaction, transactionControl, rehearsal };
  });

  const control = steps.filter((s) => s.transactionControl);
  const wrapped =
    control.length === 2 && steps[0]?.transactionControl === 'begin' && steps[steps.length - 1]?.transactionControl === 'commit';
  const reasons: string[] = [];
  const marker = noTransactionMarker(forward);
  if (marker) reasons.push(`the file asks to run without a transaction (${marker})`);
  for (const s of steps) if (s.outsideTransaction) reasons.push(`line ${s.line + 1}: ${s.outsideTransaction}`);
  if (control.length > 0 && !wrapped) reasons.push(`the file manages its own transactions (${control.map((s) => `line ${s.line + 1}: ${firstWords(s.sql)}`).join(', ')})`);
  return { steps, wrapped, noTransactionReasons: reasons };
}

/** Why this statement cannot run inside a transaction block, or undefined when it can. */
function refusesTransaction(node: PgNode, serverVersion: number): string | undefined {
  const [kind] = Object.keys(node);
  const body = node[kind] ?? {};
  switch (kind) {
    case 'IndexStmt':
      return body.concurrent ? 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block' : undefined;
    case 'DropStmt':
      return body.concurrent ? 'DROP INDEX CONCURRENTLY cannot run inside a transaction block' : undefined;
    case 'ReindexStmt':
      return (body.params ?? []).some((p: PgNode) => p.DefElem?.defname === 'concurrently')
        ? 'REINDEX CONCURRENTLY cannot run inside a transaction block'
        : undefined;
    case 'AlterTableStmt':
      return (body.cmds ?? []).some((c: PgNode) => c.AlterTableCmd?.def?.PartitionCmd?.concurrent)
        ? 'ALTER TABLE ... DETACH PARTITION CONCURRENTLY cannot run inside a transaction block'
        : undefined;
    case 'VacuumStmt':
      return body.is_vacuumcmd ? 'VACUUM cannot run inside a transaction block' : undefined;
    case 'AlterEnumStmt':
      return body.newVal !== undefined && serverVersion < 120000
        ? 'ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12'
        : undefined;
    case 'CreatedbStmt':
      return 'CREATE DATABASE cannot run inside a transaction block';
    case 'DropdbStmt':
      return 'DROP DATABASE cannot run inside a transaction block';
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE cannot run inside a transaction block';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE cannot run inside a transaction block';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM cannot run inside a transaction block';
    default:
      return undefined;
  }
}

function transactionControlOf(node: PgNode): Step['transactionControl'] {
  const kind: string | undefined = node.TransactionStmt?.kind;
  if (!kind || /SAVEPOINT|RELEASE|ROLLBACK_TO/.test(kind)) return undefined;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT') return 'commit';
  return 'other';
}

function blank(sql: string, start: number, end: number): string {
  return sql.slice(0, start) + ' '.repeat(end - start) + sql.slice(end);
}

/** The start of a statement for messages: `CREATE INDEX CONCURRENTLY`. */
export function firstWords(sql: string, count = 3): string {
  return sql.replace(/\s+/g, ' ').trim().split(' ').slice(0, count).join(' ').replace(/;$/, '');
}
