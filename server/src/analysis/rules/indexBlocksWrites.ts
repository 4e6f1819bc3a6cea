import type { Rule } from './types';
import { claim, createdIn, displayName, existingTable } from './facts/tables';
import { leadingWords } from './facts/spans';

/** CREATE INDEX without CONCURRENTLY on a table that existed before this migration: writes wait for the build. */
export const indexBlocksWrites: Rule = {
  id: 'index-blocks-writes',
  defaultSeverity: 'warning',
  kinds: ['IndexStmt'],
  summary: 'CREATE INDEX without CONCURRENTLY on an existing table blocks its writes (SHARE lock) for the whole build',
  start: () => (s, report) => {
    if (s.kind !== 'IndexStmt' || s.node.concurrent) return;
    const table = existingTable(s, s.node.relation);
    if (!table) return;
    report({
      span: leadingWords(s.statement, s.node.unique ? 3 : 2),
      message: `CREATE INDEX on ${displayName(table)} (${createdIn(table)}) takes a SHARE lock: inserts, updates and deletes wait until the index is built`,
      hint: 'CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction',
      claims: [claim(table, 'ShareLock')],
    });
  },
};
