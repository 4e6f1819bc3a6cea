import type { PgNode } from '../parser/pgParser';
import type { Session } from '../context';
import { DEFAULT_SEARCH_PATH } from '../catalog/lookup';

/** SET search_path / RESET: unqualified names are looked up along it from then on. */
export function setSearchPath(n: PgNode, session: Session): Session {
  if (n.name !== 'search_path') return session;
  if (n.kind === 'VAR_RESET' || n.kind === 'VAR_SET_DEFAULT') return { ...session, searchPath: DEFAULT_SEARCH_PATH };
  if (n.kind !== 'VAR_SET_VALUE') return { ...session, searchPath: null };
  const values = (n.args ?? []).map((a: PgNode) => a.A_Const?.sval?.sval);
  return { ...session, searchPath: values.some((v: unknown) => typeof v !== 'string') ? null : parseSearchPath(values.join(',')) };
}

/** `SELECT set_config('search_path', '...', ...)` as pg_dump and Supabase write it. */
export function searchPathFromSetConfig(select: PgNode, session: Session): Session {
  for (const t of select?.targetList ?? []) {
    const call = t.ResTarget?.val?.FuncCall;
    const name = call?.funcname?.at(-1)?.String?.sval;
    if (name !== 'set_config' || call.args?.[0]?.A_Const?.sval?.sval !== 'search_path') continue;
    const value = call.args?.[1]?.A_Const?.sval?.sval;
    return { ...session, searchPath: typeof value === 'string' ? parseSearchPath(value) : null };
  }
  return session;
}

function parseSearchPath(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== '"$user"' && s !== '$user')
    .map((s) => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s.toLowerCase()));
}
