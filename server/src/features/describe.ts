import * as path from 'path';
import type { Column, Origin, Relation } from '../analysis';
import { qualifiedName } from '../analysis/catalog/names';

/** How a relation or column is described in completion details and hovers: one wording everywhere. */

export function relationLabel(relation: Relation): string {
  return qualifiedName(relation.schema, relation.name);
}

/** `integer not null` and friends. */
export function columnType(column: Pick<Column, 'type' | 'nullable'>): string {
  return `${column.type || 'unknown type'}${column.nullable ? '' : ' not null'}`;
}

export function whereDefined(origin: Origin | undefined): string | undefined {
  if (!origin) return undefined;
  if (/^postgres(ql)?:/.test(origin.file) || origin.file === 'database') return 'Defined in the database.';
  return `Defined in \`${path.basename(origin.file)}\` line ${origin.line + 1}.`;
}

/** Key, foreign key and default facts of a column. */
export function columnFacts(relation: Relation | undefined, column: Column): string[] {
  const facts: string[] = [];
  if (relation?.primaryKey?.includes(column.name)) facts.push('primary key');
  else if (relation?.uniqueKeys.some((k) => k.length === 1 && k[0] === column.name)) facts.push('unique');
  for (const fk of relation?.foreignKeys ?? []) {
    const i = fk.columns.indexOf(column.name);
    if (i >= 0) facts.push(`references ${qualifiedName(fk.refSchema, fk.refTable)}(${fk.refColumns[i] ?? ''})`);
  }
  if (column.default) facts.push(`default ${column.default}`);
  return facts;
}

/** A markdown table of a relation's columns. */
export function columnsTable(relation: Relation): string {
  const rows = relation.columns.map((c) => `| ${c.name} | ${columnType(c)} | ${columnFacts(relation, c).join(', ')} |`);
  return ['| column | type | |', '|---|---|---|', ...rows].join('\n');
}
