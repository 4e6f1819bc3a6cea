import type { Problem, Span } from '../types';

/** 42701 duplicate_column: RENAME COLUMN to a name the table already has (or a system column's name). */
export function duplicateColumn(span: Span, column: string, relation: string, system: boolean): Problem {
  const message = system ? `column name "${column}" conflicts with a system column name` : `column "${column}" of relation "${relation}" already exists`;
  return { span, code: '42701', message, severity: 'error' };
}

/** 42P07 duplicate_table: RENAME TO the name of another relation of the same schema. */
export function duplicateTable(span: Span, relation: string): Problem {
  return { span, code: '42P07', message: `relation "${relation}" already exists`, severity: 'error' };
}
