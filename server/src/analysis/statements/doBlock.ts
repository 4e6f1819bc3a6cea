import type { Session, StatementContext } from '../context';
import { runDoBlock } from '../plpgsql/checkBody';

/**
 * DO blocks run their statements now, often conditionally (`IF NOT EXISTS ... THEN ALTER TABLE ...`): the
 * PL/pgSQL runner (plpgsql/runBody.ts) applies their static DDL as if it ran, applies dynamic SQL whose
 * text it can compute, and makes what other dynamic SQL may touch uncertain.
 */
export function doBlock(ctx: StatementContext): Session {
  return runDoBlock(ctx);
}
