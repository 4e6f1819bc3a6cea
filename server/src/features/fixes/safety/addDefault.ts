import type { Problem } from '../../../analysis';
import type { PgNode } from '../../../analysis/parser/pgParser';
import { baseTypeName } from '../../../analysis/catalog/typeNames';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { alterCommands, tokenAt } from './statementParts';

/** A constant (or stable) default per type: the column is added from the catalog alone, with no rewrite. */
const DEFAULTS: Record<string, string> = {
  int2: '0', int4: '0', int8: '0', numeric: '0', float4: '0', float8: '0', bool: 'false', text: "''", varchar: "''",
  bpchar: "''", jsonb: "'{}'", json: "'{}'", timestamptz: 'now()', timestamp: 'now()', date: 'CURRENT_DATE',
};

/** add-column-not-null-without-default: give the column a constant default, so existing rows get a value. */
export function addDefaultFixes(problem: Problem, facts: StatementFacts): Fix[] {
  if (problem.code !== 'add-column-not-null-without-default') return [];
  const statement = facts.statement;
  const name = facts.text.slice(problem.span.start, problem.span.end).replace(/"/g, '');
  const def: PgNode | undefined = alterCommands(statement).map((c) => c.def?.ColumnDef).find((d) => d?.colname === name);
  const value = def && DEFAULTS[baseTypeName(def.typeName)];
  const notNull = def && (def.constraints ?? []).find((c: PgNode) => c.Constraint?.contype === 'CONSTR_NOTNULL')?.Constraint;
  const at = notNull?.location !== undefined ? statement.at(notNull.location) : undefined;
  if (!value || at === undefined || !tokenAt(statement, 'not', at)) return [];
  const text = /^[A-Z_]+$/.test(value) ? facts.style.kw(value) : value;
  return [
    {
      title: `Add DEFAULT ${text} (a constant: existing rows get it without a rewrite)`,
      kind: 'quickfix',
      problem,
      edits: [{ start: at, end: at, newText: `${facts.style.kw('DEFAULT')} ${text} ` }],
    },
  ];
}
