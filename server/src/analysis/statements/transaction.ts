import type { PgNode } from '../parser/pgParser';
import type { Session, TransactionState } from '../context';
import { restored, sessionSnapshot, transactionReadOnly } from './sessionSettings';
import { TEMP_SCHEMA, withoutRelation } from '../catalog/edit';

/**
 * Transaction control inside a file: ROLLBACK undoes what the transaction did (DDL is transactional in
 * Postgres, and so is SET), ROLLBACK TO SAVEPOINT what followed the savepoint. A savepoint outside BEGIN is
 * taken as in the transaction the migration tool runs the file in (a plain session would reject it).
 * ROLLBACK without BEGIN changes nothing: whether the tool opened a transaction we cannot tell. Nor does
 * `AND CHAIN` without BEGIN start one (outside a transaction block Postgres refuses it, 25P01): a later
 * ROLLBACK must not undo what may have been committed.
 */
export function transactionControl(n: PgNode, session: Session): Session {
  const state = session.transaction;
  const snapshot = sessionSnapshot(session);
  switch (n.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START': {
      // BEGIN inside a transaction is a warning in Postgres, and changes nothing.
      if (state?.start) return session;
      const readOnly = transactionReadOnly(n.options);
      return { ...session, transaction: { start: snapshot, savepoints: [], ...(readOnly === undefined ? {} : { readOnly }) } };
    }
    case 'TRANS_STMT_COMMIT':
      return withoutOnCommitDrop(ended(session, n.chain && state?.start ? snapshot : undefined));
    case 'TRANS_STMT_PREPARE':
      return ended(session, n.chain && state?.start ? snapshot : undefined);
    case 'TRANS_STMT_ROLLBACK':
      if (!state?.start) return session;
      return ended(restored(session, state.start), n.chain ? state.start : undefined);
    case 'TRANS_STMT_SAVEPOINT': {
      const savepoints = [...(state?.savepoints ?? []), { name: n.savepoint_name, at: snapshot, readOnly: state?.readOnly }];
      return { ...session, transaction: { ...state, start: state?.start, savepoints } };
    }
    case 'TRANS_STMT_ROLLBACK_TO':
    case 'TRANS_STMT_RELEASE': {
      const i = state ? lastIndexOf(state, n.savepoint_name) : -1;
      // An unknown savepoint is Postgres's 3B001: the statement does nothing.
      if (!state || i < 0) return session;
      if (n.kind === 'TRANS_STMT_RELEASE') return { ...session, transaction: { ...state, savepoints: state.savepoints.slice(0, i) } };
      // ROLLBACK TO keeps the savepoint itself, and destroys the later ones; SET TRANSACTION after it is undone too.
      const { readOnly, at } = state.savepoints[i];
      return { ...restored(session, at), transaction: { ...state, readOnly, savepoints: state.savepoints.slice(0, i + 1) } };
    }
    default:
      return session;
  }
}

/**
 * COMMIT drops the temporary tables made ON COMMIT DROP (temp.sql:94): those of the transaction it ends, and any
 * made outside one, which the end of their own statement's transaction already dropped.
 */
function withoutOnCommitDrop(session: Session): Session {
  const temp = session.catalog.schemas.get(TEMP_SCHEMA);
  if (!temp) return session;
  let catalog = session.catalog;
  for (const relation of temp.relations.values()) if (relation.onCommitDrop) catalog = withoutRelation(catalog, TEMP_SCHEMA, relation.name);
  return catalog === session.catalog ? session : { ...session, catalog };
}

function lastIndexOf(state: TransactionState, name: string): number {
  for (let i = state.savepoints.length - 1; i >= 0; i--) if (state.savepoints[i].name === name) return i;
  return -1;
}

/** The session after its transaction ends; `AND CHAIN` starts the next one at once. */
function ended(session: Session, chain: TransactionState['start']): Session {
  const { transaction: _, ...rest } = session;
  return chain ? { ...rest, transaction: { start: chain, savepoints: [] } } : rest;
}
