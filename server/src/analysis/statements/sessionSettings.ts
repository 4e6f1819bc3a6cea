import type { PgNode } from '../parser/pgParser';
import type { Session, SessionSnapshot } from '../context';

/**
 * The session settings that decide whether PostgreSQL runs a statement at all, as far as the analysis follows
 * them: the role (SET SESSION AUTHORIZATION, SET ROLE, RESET ROLE) and read-only transactions (SET SESSION
 * CHARACTERISTICS AS TRANSACTION READ ONLY, default_transaction_read_only, BEGIN READ ONLY, SET TRANSACTION).
 * What they make PostgreSQL refuse is in refusable.ts.
 */

/** What a rollback restores: the catalog, the search_path and these settings (only those set). */
export function sessionSnapshot(s: Session): SessionSnapshot {
  return {
    catalog: s.catalog,
    searchPath: s.searchPath,
    ...(s.sessionUser !== undefined ? { sessionUser: s.sessionUser } : {}),
    ...(s.role !== undefined ? { role: s.role } : {}),
    ...(s.readOnly !== undefined ? { readOnly: s.readOnly } : {}),
  };
}

/** The session with a snapshot's content (settings it does not hold are unset). */
export function restored(session: Session, snapshot: SessionSnapshot): Session {
  const { sessionUser: _u, role: _r, readOnly: _o, ...rest } = session;
  return { ...rest, ...snapshot };
}

/** `transaction_read_only` of BEGIN / START TRANSACTION / SET TRANSACTION options: true, false, or not given. */
export function transactionReadOnly(options: PgNode[] | undefined): boolean | undefined {
  const opt = (options ?? []).find((o: PgNode) => o.DefElem?.defname === 'transaction_read_only')?.DefElem;
  if (!opt) return undefined;
  return onOff(opt.arg);
}

function onOff(arg: PgNode): boolean | undefined {
  const c = arg?.A_Const ?? arg;
  if (c?.ival !== undefined) return (c.ival.ival ?? 0) !== 0;
  if (c?.boolval !== undefined) return !!c.boolval.boolval;
  const s = c?.sval?.sval?.toLowerCase();
  if (s === undefined) return undefined;
  if (['on', 'true', 'yes', '1'].includes(s)) return true;
  if (['off', 'false', 'no', '0'].includes(s)) return false;
  return undefined;
}

/** Whether a statement now runs in a read-only transaction. */
export function isReadOnly(session: Session): boolean {
  return session.transaction?.readOnly ?? session.readOnly ?? false;
}

/** The role statements now run as; undefined: the migration's own user, or a role the history made a superuser. */
export function currentRole(session: Session): string | undefined {
  const role = session.role ?? session.sessionUser;
  return role !== undefined && session.catalog.superusers?.has(role) ? undefined : role;
}

/** CREATE ROLE / ALTER ROLE with SUPERUSER or NOSUPERUSER: who runs DDL unrefused (refusable.ts). */
export function roleAttributes(n: PgNode, session: Session): Session {
  const role: string | undefined = n.role?.rolename ?? (typeof n.role === 'string' ? n.role : undefined);
  const option = (n.options ?? []).find((o: PgNode) => o.DefElem?.defname === 'superuser')?.DefElem;
  if (role === undefined || !option) return session;
  const superuser = option.arg?.Boolean?.boolval === true || option.arg?.Integer?.ival === 1;
  if (superuser === (session.catalog.superusers?.has(role) ?? false)) return session;
  const superusers = new Set(session.catalog.superusers);
  if (superuser) superusers.add(role);
  else superusers.delete(role);
  return { ...session, catalog: { ...session.catalog, superusers } };
}

const unset = <K extends 'sessionUser' | 'role' | 'readOnly'>(s: Session, key: K): Session => {
  if (s[key] === undefined) return s;
  const copy = { ...s };
  delete copy[key];
  return copy;
};

/** SET / RESET of the settings above; any other variable leaves the session as it is. */
export function setSessionSetting(n: PgNode, session: Session): Session {
  const value = (): string | undefined => n.args?.[0]?.A_Const?.sval?.sval;
  const reset = n.kind === 'VAR_RESET' || n.kind === 'VAR_SET_DEFAULT';
  switch (n.kind === 'VAR_RESET_ALL' ? 'reset all' : n.name) {
    case 'reset all':
      return unset(session, 'readOnly');
    case 'session_authorization': {
      // Also ends SET ROLE.
      const s = unset(unset(session, 'role'), 'sessionUser');
      const v = reset ? undefined : value();
      return v === undefined ? s : { ...s, sessionUser: v };
    }
    case 'role': {
      const v = reset ? undefined : value();
      const s = unset(session, 'role');
      return v === undefined || v === 'none' ? s : { ...s, role: v };
    }
    case 'default_transaction_read_only': {
      const v = reset ? undefined : onOff(n.args?.[0]);
      return v === undefined ? unset(session, 'readOnly') : { ...session, readOnly: v };
    }
    case 'SESSION CHARACTERISTICS': {
      const v = transactionReadOnly(n.args);
      return v === undefined ? session : { ...session, readOnly: v };
    }
    case 'TRANSACTION': {
      // Outside a transaction block SET TRANSACTION is only a warning.
      const v = transactionReadOnly(n.args);
      if (v === undefined || !session.transaction) return session;
      return { ...session, transaction: { ...session.transaction, readOnly: v } };
    }
    default:
      return session;
  }
}
