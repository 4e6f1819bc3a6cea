import type { Rule } from './types';
import { alteredExistingTable, claim, createdIn, displayName, tableOf } from './facts/tables';
import { wordSpan } from './facts/spans';

/**
 * ADD CONSTRAINT … FOREIGN KEY / CHECK without NOT VALID on an existing table: every row is checked while
 * the lock is held (ACCESS EXCLUSIVE for a CHECK; SHARE ROW EXCLUSIVE on both tables for a foreign key).
 */
export const constraintWithoutNotValid: Rule = {
  id: 'constraint-without-not-valid',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'ADD CONSTRAINT … FOREIGN KEY / CHECK without NOT VALID on an existing table checks every row under a blocking lock',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      const con = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : undefined;
      if (!con || con.skip_validation || (con.contype !== 'CONSTR_FOREIGN' && con.contype !== 'CONSTR_CHECK')) continue;
      const foreign = con.contype === 'CONSTR_FOREIGN';
      const referenced = foreign ? tableOf(s, con.pktable) : undefined;
      const what = foreign ? 'FOREIGN KEY' : 'CHECK';
      report({
        span: wordSpan(s.statement, foreign ? 'foreign' : 'check', con.location),
        message: foreign
          ? `adding a FOREIGN KEY checks every row of ${displayName(table)} (${createdIn(table)}) while SHARE ROW EXCLUSIVE locks on it and on ${referenced ? displayName(referenced) : 'the referenced table'} block their writes`
          : `adding a CHECK constraint scans every row of ${displayName(table)} (${createdIn(table)}) while an ACCESS EXCLUSIVE lock blocks all reads and writes`,
        hint: `add the ${what} … NOT VALID (only new rows are checked, the lock is brief), then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: writes go on)`,
        claims: foreign
          ? [claim(table, 'ShareRowExclusiveLock'), ...(referenced && referenced !== table ? [claim(referenced, 'ShareRowExclusiveLock')] : [])]
          : [claim(table, 'AccessExclusiveLock')],
      });
    }
  },
};
