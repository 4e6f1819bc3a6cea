import type { Rule } from './types';
import type { PgNode } from '../parser/pgParser';
import { alteredExistingTable, claim, createdIn, displayName } from './facts/tables';
import { nameAfter } from './facts/spans';
import { volatility } from './facts/volatility';
import { baseTypeName, SERIAL_TYPES } from '../catalog/typeNames';

/**
 * ADD COLUMN whose value must be computed per row, so PostgreSQL rewrites the whole table under ACCESS
 * EXCLUSIVE: a volatile DEFAULT (gen_random_uuid(), clock_timestamp(), a user function declared or defaulting
 * to VOLATILE), GENERATED … STORED, serial, identity. A constant or stable default (now()) costs no rewrite.
 */
export const addColumnRewrite: Rule = {
  id: 'add-column-rewrite',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'ADD COLUMN with a volatile default, GENERATED … STORED, serial or identity rewrites an existing table under ACCESS EXCLUSIVE',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      const def = cmd.subtype === 'AT_AddColumn' ? cmd.def?.ColumnDef : undefined;
      const why = def && rewriteReason(def, s.session.catalog);
      if (!why) continue;
      report({
        span: nameAfter(s.statement, def.colname, s.node.relation.location),
        message: `adding "${def.colname}" ${why}: every row of ${displayName(table)} (${createdIn(table)}) is rewritten while an ACCESS EXCLUSIVE lock blocks all reads and writes`,
        hint: 'add the column without the default (or with a constant one), set the default afterwards for new rows, and backfill existing rows in batches',
        claims: [claim(table, 'AccessExclusiveLock', true)],
      });
    }
  },
};

function rewriteReason(def: PgNode, catalog: Parameters<typeof volatility>[1]): string | undefined {
  if (SERIAL_TYPES.has(baseTypeName(def.typeName))) return `as ${baseTypeName(def.typeName)} (a nextval() default per row)`;
  for (const c of def.constraints ?? []) {
    const con = c.Constraint;
    if (con?.contype === 'CONSTR_IDENTITY') return 'as an identity column (a sequence value per row)';
    if (con?.contype === 'CONSTR_GENERATED') return 'as GENERATED … STORED (computed and stored per row)';
    if (con?.contype === 'CONSTR_DEFAULT' && volatility(con.raw_expr, catalog) === 'volatile') return 'with a volatile DEFAULT (evaluated per row)';
  }
  return undefined;
}
