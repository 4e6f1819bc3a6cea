import type { Rule } from './types';
import { createdIn, displayName, existingTable } from './facts/tables';
import { nameAfter } from './facts/spans';

/**
 * RENAME COLUMN of a table an earlier migration made: the application that is still
 * running uses the old name until it is deployed again.
 */
export const renameColumn: Rule = {
  id: 'rename-column',
  defaultSeverity: 'warning',
  kinds: ['RenameStmt'],
  summary: 'RENAME COLUMN of an existing table breaks the running application, which still uses the old name',
  start: () => (s, report) => {
    if (s.kind !== 'RenameStmt' || s.node.renameType !== 'OBJECT_COLUMN' || (s.node.relationType && s.node.relationType !== 'OBJECT_TABLE')) return;
    const table = existingTable(s, s.node.relation);
    if (!table || !table.columns.some((c) => c.name === s.node.subname)) return;
    report({
      span: nameAfter(s.statement, s.node.subname, s.node.relation.location),
      message: `renaming "${s.node.subname}" of ${displayName(table)} (${createdIn(table)}) to "${s.node.newname}" breaks the application still running with the old name`,
      hint: 'add the new column, write both, backfill, move reads over, then drop the old one (or put a view with the old name in between)',
    });
  },
};

