import type { Rule } from './types';
import type { Relation } from '../catalog/types';
import type { PgNode } from '../parser/pgParser';
import { alterCommands, displayName } from './facts/tables';
import { wordSpan } from './facts/spans';

/**
 * A foreign key whose referencing columns lead no index, primary key or unique key, in the whole history
 * (an index a later migration adds counts): every DELETE or key UPDATE on the referenced table scans the
 * referencing one, and joins along the key cannot use an index.
 */
export const foreignKeyWithoutIndex: Rule = {
  id: 'foreign-key-without-index',
  defaultSeverity: 'information',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'a foreign key whose columns no index leads: deletes on the referenced table scan the referencing one',
  start: (file) => (s, report) => {
    const found: Array<{ table: string; schema?: string; con: PgNode }> = [];
    if (s.kind === 'CreateStmt') {
      for (const elt of s.node.tableElts ?? []) {
        if (elt.Constraint?.contype === 'CONSTR_FOREIGN') found.push({ table: s.node.relation.relname, schema: s.node.relation.schemaname, con: elt.Constraint });
        for (const c of elt.ColumnDef?.constraints ?? []) {
          if (c.Constraint?.contype === 'CONSTR_FOREIGN') found.push({ table: s.node.relation.relname, schema: s.node.relation.schemaname, con: { ...c.Constraint, fk_attrs: [{ String: { sval: elt.ColumnDef.colname } }] } });
        }
      }
    }
    for (const cmd of alterCommands(s)) {
      const con = cmd.subtype === 'AT_AddConstraint' ? cmd.def?.Constraint : undefined;
      if (con?.contype === 'CONSTR_FOREIGN') found.push({ table: s.node.relation.relname, schema: s.node.relation.schemaname, con });
    }
    for (const { table, schema, con } of found) {
      const columns: string[] = (con.fk_attrs ?? []).map((a: PgNode) => a.String?.sval);
      // The table as this file leaves it, and as the whole history leaves it (an index a later file adds).
      const rel = file.relationAfter('file', s.session.searchPath, schema, table);
      if (!rel || !columns.length || leadsAnIndex(rel, columns)) continue;
      const later = file.relationAfter('history', s.session.searchPath, schema, table);
      if (later && leadsAnIndex(later, columns)) continue;
      report({
        span: wordSpan(s.statement, 'references', con.location),
        message: `no index leads with (${columns.join(', ')}) on ${displayName(rel)}: each DELETE or key UPDATE on ${con.pktable?.relname ?? 'the referenced table'} scans ${displayName(rel)}`,
        hint: `CREATE INDEX ON ${displayName(rel)} (${columns.join(', ')}) (CONCURRENTLY when the table has rows)`,
      });
    }
  },
};

function leadsAnIndex(relation: Relation, columns: readonly string[]): boolean {
  const leads = (key: readonly string[]) => columns.every((c) => key.slice(0, columns.length).includes(c));
  return [...(relation.indexes ?? []).map((i) => i.columns), ...(relation.primaryKey ? [relation.primaryKey] : []), ...relation.uniqueKeys].some(leads);
}
