import type { PgNode } from '../../parser/pgParser';
import { alterCommands } from './tables';
import type { RuleStatement } from '../types';

/** The column definitions a statement writes: CREATE TABLE's, ADD COLUMN's, and ALTER COLUMN … TYPE's new type. */
export function columnDefinitions(s: RuleStatement): Array<{ name: string; typeName: PgNode; def: PgNode; location?: number }> {
  const out: Array<{ name: string; typeName: PgNode; def: PgNode; location?: number }> = [];
  if (s.kind === 'CreateStmt') {
    for (const elt of s.node.tableElts ?? []) if (elt.ColumnDef?.typeName) out.push({ name: elt.ColumnDef.colname, typeName: elt.ColumnDef.typeName, def: elt.ColumnDef, location: elt.ColumnDef.location });
  }
  for (const cmd of alterCommands(s)) {
    const def = cmd.def?.ColumnDef;
    if ((cmd.subtype === 'AT_AddColumn' || cmd.subtype === 'AT_AlterColumnType') && def?.typeName) out.push({ name: def.colname ?? cmd.name, typeName: def.typeName, def, location: def.typeName.location });
  }
  return out;
}
