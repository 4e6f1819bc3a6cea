import type { Rule } from './types';
import type { Relation } from '../catalog/types';
import type { PgNode } from '../parser/pgParser';
import { allRelations } from '../catalog/edit';
import { lookupRelation } from '../catalog/lookup';
import { displayName } from './facts/tables';
import { wordSpan } from './facts/spans';

/**
 * DROP … CASCADE / TRUNCATE … CASCADE: what else goes with it, from the catalog (foreign keys of other tables
 * that reference it; for TRUNCATE, those tables' rows too). Silent when the catalog knows of nothing.
 */
export const cascade: Rule = {
  id: 'cascade',
  defaultSeverity: 'warning',
  kinds: ['DropStmt', 'TruncateStmt'],
  summary: 'CASCADE takes other objects with it: the catalog lists which',
  start: () => (s, report) => {
    const truncate = s.kind === 'TruncateStmt';
    if (s.node.behavior !== 'DROP_CASCADE' || (!truncate && !(s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_TABLE'))) return;
    const targets: Relation[] = [];
    const rvs: PgNode[] = truncate
      ? (s.node.relations ?? []).map((r: PgNode) => r.RangeVar)
      : (s.node.objects ?? []).map((o: PgNode) => {
          const names: string[] = (o.List?.items ?? []).map((i: PgNode) => i.String?.sval);
          return { relname: names[names.length - 1], schemaname: names.length > 1 ? names[names.length - 2] : undefined };
        });
    for (const rv of rvs) {
      const found = rv?.relname ? lookupRelation(s.session.catalog, s.session.searchPath, rv.schemaname, rv.relname) : undefined;
      if (found?.kind === 'found') targets.push(found.relation);
    }
    const taken: string[] = [];
    for (const rel of allRelations(s.session.catalog)) {
      if (targets.includes(rel)) continue;
      for (const fk of rel.foreignKeys) {
        if (!targets.some((t) => t.schema === fk.refSchema && t.name === fk.refTable)) continue;
        taken.push(truncate ? `every row of ${displayName(rel)} (its foreign key to ${fk.refTable})` : `the foreign key ${fk.name ? `${fk.name} ` : ''}of ${displayName(rel)} (${fk.columns.join(', ')})`);
      }
    }
    if (!taken.length) return;
    report({
      span: wordSpan(s.statement, 'cascade'),
      message: `CASCADE also ${truncate ? 'empties' : 'drops'}: ${[...new Set(taken)].join('; ')}`,
      hint: 'drop or change the dependent objects explicitly, so the migration says what it removes',
    });
  },
};
