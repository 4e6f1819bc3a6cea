import type { Rule } from './types';
import { alteredExistingTable, claim, createdIn, displayName } from './facts/tables';
import { nameAfter } from './facts/spans';

/** DROP COLUMN on an existing table: its data is gone, and running code that still reads it fails. */
export const dropColumn: Rule = {
  id: 'drop-column',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'DROP COLUMN on an existing table loses its data and breaks code that still uses it',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      if (cmd.subtype !== 'AT_DropColumn' || !table.columns.some((c) => c.name === cmd.name)) continue;
      report({
        span: nameAfter(s.statement, cmd.name, s.node.relation.location),
        message: `dropping "${cmd.name}" of ${displayName(table)} (${createdIn(table)}) loses its data, and the application still running against the old schema fails on it`,
        hint: 'stop reading and writing the column in a release before the one that drops it',
        claims: [claim(table, 'AccessExclusiveLock', false)],
      });
    }
  },
};
