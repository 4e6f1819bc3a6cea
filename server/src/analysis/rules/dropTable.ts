import type { Rule } from './types';
import type { PgNode } from '../parser/pgParser';
import { lookupRelation } from '../catalog/lookup';
import { createdIn, displayName } from './facts/tables';
import { leadingWords } from './facts/spans';

/** DROP TABLE of a table that existed before this migration: its data is gone. */
export const dropTable: Rule = {
  id: 'drop-table',
  defaultSeverity: 'warning',
  kinds: ['DropStmt'],
  summary: 'DROP TABLE of an existing table loses its data',
  start: () => (s, report) => {
    if (s.kind !== 'DropStmt' || s.node.removeType !== 'OBJECT_TABLE') return;
    for (const obj of s.node.objects ?? []) {
      const names: string[] = (obj.List?.items ?? []).map((i: PgNode) => i.String?.sval);
      const found = lookupRelation(s.session.catalog, s.session.searchPath, names.length > 1 ? names[names.length - 2] : undefined, names[names.length - 1]);
      if (found.kind !== 'found' || found.relation.kind !== 'table' || !s.file.existing(found.relation)) continue;
      report({
        span: leadingWords(s.statement, 2),
        message: `DROP TABLE ${displayName(found.relation)} (${createdIn(found.relation)}) loses its data, and the application still running against the old schema fails on it`,
        hint: 'stop using the table in a release before, and keep a backup (or rename it first and drop it later)',
      });
    }
  },
};
