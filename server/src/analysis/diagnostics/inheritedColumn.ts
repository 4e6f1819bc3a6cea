import type { Problem, Span } from '../types';

/** 42P16 invalid_table_definition: a child table cannot drop or rename a column it inherits. */
export function inheritedColumn(span: Span, action: 'drop' | 'rename', column: string): Problem {
  return { span, code: '42P16', message: `cannot ${action} inherited column "${column}"`, severity: 'error' };
}
