import type { Rule } from './types';
import { createdIn, displayName, existingTable } from './facts/tables';
import { relationSpan } from './facts/spans';

/** ALTER TABLE … RENAME TO of a table an earlier migration made: the running application still uses the old name. */
export const renameTable: Rule = {
  id: 'rename-table',
  defaultSeverity: 'warning',
  kinds: ['RenameStmt'],
  summary: 'renaming an existing table breaks the running application, which still uses the old name',
  start: () => (s, report) => {
    if (s.kind !== 'RenameStmt' || s.node.renameType !== 'OBJECT_TABLE') return;
    const table = existingTable(s, s.node.relation);
    if (!table) return;
    report({
      span: relationSpan(s.statement, s.node.relation),
      message: `renaming ${displayName(table)} (${createdIn(table)}) to "${s.node.newname}" breaks the application still running with the old name`,
      hint: 'rename it and create a view with the old name (simple views are updatable) until every deployment uses the new one',
    });
  },
};
