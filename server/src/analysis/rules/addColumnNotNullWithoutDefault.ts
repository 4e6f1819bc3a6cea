import type { Rule } from './types';
import type { PgNode } from '../parser/pgParser';
import { alteredExistingTable, createdIn, displayName } from './facts/tables';
import { nameAfter } from './facts/spans';
import { baseTypeName, SERIAL_TYPES } from '../catalog/typeNames';

/** ADD COLUMN … NOT NULL with no default on an existing table: fails with 23502 as soon as the table has a row. */
export const addColumnNotNullWithoutDefault: Rule = {
  id: 'add-column-not-null-without-default',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'ADD COLUMN … NOT NULL without a DEFAULT fails (23502) on an existing table that has rows',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      const def = cmd.subtype === 'AT_AddColumn' ? cmd.def?.ColumnDef : undefined;
      if (!def || !notNullWithoutValue(def)) continue;
      report({
        span: nameAfter(s.statement, def.colname, s.node.relation.location),
        message: `column "${def.colname}" is NOT NULL without a default: on ${displayName(table)} (${createdIn(table)}) every existing row would hold null, so this fails with 23502 once the table has rows`,
        hint: 'add a DEFAULT (a constant one costs no rewrite), or add the column nullable, backfill it, then SET NOT NULL',
      });
    }
  },
};

/** NOT NULL (or PRIMARY KEY) with nothing that fills the existing rows: no DEFAULT, identity, generated, serial. */
function notNullWithoutValue(def: PgNode): boolean {
  const types = new Set((def.constraints ?? []).map((c: PgNode) => c.Constraint?.contype));
  if (!types.has('CONSTR_NOTNULL') && !types.has('CONSTR_PRIMARY')) return false;
  if (types.has('CONSTR_DEFAULT') || types.has('CONSTR_IDENTITY') || types.has('CONSTR_GENERATED')) return false;
  return !SERIAL_TYPES.has(baseTypeName(def.typeName));
}
