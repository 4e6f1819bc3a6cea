import type { Rule } from './types';
import type { Relation } from '../catalog/types';
import { formatTypeName } from '../catalog/typeNames';
import { alteredExistingTable, claim, createdIn, displayName } from './facts/tables';
import { nameAfter } from './facts/spans';
import { typeChange } from './facts/typeChange';

/**
 * ALTER COLUMN … TYPE on an existing table, judged from the type the column has now: a binary-coercible
 * widening (varchar(n) → varchar(m ≥ n) or text, numeric(p,s) → numeric(q ≥ p,s), a timestamp's precision up)
 * is silent; anything else rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, and a narrowing
 * may fail on the data.
 */
export const alterColumnTypeRewrite: Rule = {
  id: 'alter-column-type-rewrite',
  defaultSeverity: 'warning',
  kinds: ['AlterTableStmt'],
  summary: 'ALTER COLUMN … TYPE that is not a binary-coercible widening rewrites an existing table under ACCESS EXCLUSIVE',
  start: () => (s, report) => {
    const altered = alteredExistingTable(s);
    if (!altered) return;
    const { table } = altered;
    for (const cmd of altered.commands) {
      if (cmd.subtype !== 'AT_AlterColumnType') continue;
      const column = table.columns.find((c) => c.name === cmd.name);
      const to = formatTypeName(cmd.def?.ColumnDef?.typeName);
      const change = column && !cmd.def?.ColumnDef?.raw_default ? typeChange(column.type, to) : column && { kind: 'rewrite' as const, narrowing: false };
      if (!column || !change || change.kind !== 'rewrite') continue;
      const indexed = indexesOn(table, column.name);
      report({
        span: nameAfter(s.statement, cmd.name, s.node.relation.location),
        message:
          `changing "${cmd.name}" from ${column.type} to ${to} rewrites ${displayName(table)} (${createdIn(table)})` +
          (indexed ? ` and rebuilds ${indexed}` : '') +
          ' under an ACCESS EXCLUSIVE lock that blocks all reads and writes' +
          (change.narrowing ? '; values that do not fit the new type make it fail' : ''),
        hint: 'add a new column of the new type, backfill it in batches, and switch over; or keep a widening the catalog can apply in place (varchar(n) → varchar(m ≥ n) or text, numeric precision up at the same scale)',
        claims: [claim(table, 'AccessExclusiveLock', true)],
      });
    }
  },
};

/** The indexes a type change rebuilds, in words ("2 indexes"), or undefined. */
function indexesOn(table: Relation, column: string): string | undefined {
  let n = (table.indexes ?? []).filter((i) => i.columns.includes(column)).length;
  if (table.primaryKey?.includes(column)) n++;
  n += table.uniqueKeys.filter((k) => k.includes(column)).length;
  return n ? `${n} index${n > 1 ? 'es' : ''}` : undefined;
}
