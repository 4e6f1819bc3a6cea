import type { Rule } from './types';
import { alteredExistingTable, claim, createdIn, displayName } from './facts/tables';
import { nameAfter } from './facts/spans';

/**
 * SET NOT NULL on an existing table scans every row under ACCESS EXCLUSIVE, unless a validated
 * CHECK (col IS NOT NULL) already proves it (PostgreSQL 12+), from this file or any earlier one.
 */
export const setNotNullScan: Rule = {
  id: 'set-not-null-scan',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'SET NOT NULL on an existing table scans it under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) exists',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      if (cmd.subtype !== 'AT_SetNotNull') continue;
      const column = table.columns.find((c) => c.name === cmd.name);
      if (!column || !column.nullable) continue;
      if (table.checks?.some((c) => c.validated && c.notNullOf === cmd.name)) continue;
      report({
        span: nameAfter(s.statement, cmd.name, s.node.relation.location),
        message: `SET NOT NULL on "${cmd.name}" scans all of ${displayName(table)} (${createdIn(table)}) while an ACCESS EXCLUSIVE lock blocks all reads and writes`,
        hint: `first ADD CONSTRAINT … CHECK ("${cmd.name}" IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT in a later migration (a weaker lock); SET NOT NULL then skips the scan, and the check can be dropped`,
        claims: [claim(table, 'AccessExclusiveLock', false)],
      });
    }
  },
};
