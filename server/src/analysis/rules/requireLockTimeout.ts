import type { Rule } from './types';
import type { PgNode } from '../parser/pgParser';
import { alterCommands, displayName, existingTable } from './facts/tables';
import { leadingWords } from './facts/spans';

/**
 * Opt-in: a statement that takes a lock on an existing table while no lock_timeout was set earlier in the
 * file. Waiting for the lock queues every later query on the table behind it; a lock_timeout makes the
 * migration fail fast instead. Statements on new tables need none.
 */
export const requireLockTimeout: Rule = {
  id: 'require-lock-timeout',
  stateful: true,
  defaultSeverity: 'off',
  summary: 'a lock on an existing table with no lock_timeout set before it (opt-in)',
  start: () => {
    let timeoutSet = false;
    return (s, report) => {
      if (s.kind === 'VariableSetStmt' && s.node.name === 'lock_timeout') {
        timeoutSet = s.node.kind !== 'VAR_RESET' && !isZero(s.node.args);
        return;
      }
      if (timeoutSet) return;
      const rv = s.kind === 'IndexStmt' && !s.node.concurrent ? s.node.relation : alterCommands(s).length ? s.node.relation : undefined;
      const table = rv && existingTable(s, rv);
      if (!table) return;
      report({
        span: leadingWords(s.statement, 2),
        message: `no lock_timeout is set: while this waits for its lock on ${displayName(table)}, every later query on the table queues behind it`,
        hint: "SET lock_timeout = '5s'; (and retry the migration when it times out)",
      });
      timeoutSet = true;
    };
  },
};

function isZero(args: PgNode[] | undefined): boolean {
  const a = args?.[0]?.A_Const;
  return a?.ival !== undefined ? !a.ival.ival : a?.sval?.sval === '0';
}
