import type { Rule } from './types';
import { indexOwner } from '../catalog/lookup';
import type { PgNode } from '../parser/pgParser';
import { claim, createdIn, displayName } from './facts/tables';
import { leadingWords } from './facts/spans';

/** DROP INDEX without CONCURRENTLY: ACCESS EXCLUSIVE on the index's table, which the catalog tells. */
export const dropIndexBlocksTable: Rule = {
  id: 'drop-index-blocks-table',
  defaultSeverity: 'warning',
  kinds: ['DropStmt'],
  summary: 'DROP INDEX without CONCURRENTLY on an existing table locks the table (ACCESS EXCLUSIVE): reads and writes wait',
  start: () => (s, report) => {
    if (s.kind !== 'DropStmt' || s.node.removeType !== 'OBJECT_INDEX' || s.node.concurrent) return;
    for (const obj of s.node.objects ?? []) {
      const names: string[] = (obj.List?.items ?? []).map((i: PgNode) => i.String?.sval);
      const owner = indexOwner(s.session.catalog, s.session.searchPath, names);
      if (!owner || owner.relation.kind !== 'table' || !s.file.existing(owner.relation)) continue;
      report({
        span: leadingWords(s.statement, 2),
        message: `DROP INDEX ${owner.index.name} locks its table ${displayName(owner.relation)} (${createdIn(owner.relation)}) in ACCESS EXCLUSIVE mode: every query on it waits`,
        hint: 'DROP INDEX CONCURRENTLY, in a migration that runs outside a transaction',
        claims: [claim(owner.relation, 'AccessExclusiveLock')],
      });
    }
  },
};
