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
