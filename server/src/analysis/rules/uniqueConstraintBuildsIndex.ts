import type { Rule } from './types';
import { alteredExistingTable, claim, createdIn, displayName } from './facts/tables';
import { wordSpan } from './facts/spans';

/**
 * ADD CONSTRAINT … UNIQUE / PRIMARY KEY without USING INDEX, or an exclusion constraint, on an existing
 * table: the index is built while an ACCESS EXCLUSIVE lock blocks every query.
 */
export const uniqueConstraintBuildsIndex: Rule = {
  id: 'unique-constraint-builds-index',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'ADD UNIQUE / PRIMARY KEY without USING INDEX, or EXCLUDE, on an existing table builds an index under ACCESS EXCLUSIVE',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      const con = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : undefined;
      if (!con || con.indexname || !['CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_EXCLUSION'].includes(con.contype)) continue;
      const what = con.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : con.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'EXCLUDE';
      report({
        span: wordSpan(s.statement, what === 'PRIMARY KEY' ? 'primary' : what.toLowerCase(), con.location),
        message: `adding ${what} builds its index on ${displayName(table)} (${createdIn(table)}) while an ACCESS EXCLUSIVE lock blocks all reads and writes`,
        hint:
          what === 'EXCLUDE'
            ? 'an exclusion constraint cannot use an index built beforehand: run it when the table is quiet, or enforce the rule another way'
            : `CREATE UNIQUE INDEX CONCURRENTLY first (a migration outside a transaction), then ADD CONSTRAINT … ${what} USING INDEX (a brief lock)`,
        claims: [claim(table, 'AccessExclusiveLock'), claim(table, 'ShareLock')],
      });
    }
  },
};
