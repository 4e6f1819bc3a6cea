import type { Problem, Span } from '../types';

/** 42702 ambiguous_column: an unqualified name that two relations in the same scope have. */
export function ambiguousColumn(span: Span, name: string, qualifiers: readonly (string | undefined)[]): Problem {
  const named = [...new Set(qualifiers.filter((q): q is string => !!q))];
  return {
    span,
    code: '42702',
    message: `column reference "${name}" is ambiguous`,
    hint: named.length > 1 ? `It could refer to ${named.map((q) => `${q}.${name}`).join(' or ')}.` : undefined,
    severity: 'error',
  };
}

/** A USING or NATURAL join column that one side of the join has twice. */
export function ambiguousJoinColumn(span: Span, name: string, side: 'left' | 'right'): Problem {
  return { span, code: '42702', message: `common column name "${name}" appears more than once in ${side} table`, severity: 'error' };
}

/** `ORDER BY x` where two output columns are named x and are not the same expression. */
export function ambiguousOutputName(span: Span, clause: string, name: string): Problem {
  return { span, code: '42702', message: `${clause} "${name}" is ambiguous`, severity: 'error' };
}
