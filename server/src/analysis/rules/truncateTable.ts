import type { Rule } from './types';
import type { PgNode } from '../parser/pgParser';
import { createdIn, displayName, existingTable } from './facts/tables';
import { leadingWords } from './facts/spans';

/** TRUNCATE of an existing table: its rows are gone, under an ACCESS EXCLUSIVE lock. */
export const truncateTable: Rule = {
  id: 'truncate-table',
  defaultSeverity: 'warning',
  kinds: ['TruncateStmt'],
  summary: 'TRUNCATE of an existing table deletes every row',
  start: () => (s, report) => {
    if (s.kind !== 'TruncateStmt') return;
    for (const r of s.node.relations ?? []) {
      const table = existingTable(s, (r as PgNode).RangeVar);
      if (!table) continue;
      report({
        span: leadingWords(s.statement, 1),
        message: `TRUNCATE deletes every row of ${displayName(table)} (${createdIn(table)})`,
        hint: 'if only some rows must go, DELETE them (in batches); otherwise make sure this is meant for production data',
      });
    }
  },
};
