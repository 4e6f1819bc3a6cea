import type { Problem, Span } from '../types';

/** 42601 syntax_error: what the parser rejects, and the shape errors Postgres raises under the same code. */
export function syntaxProblem(span: Span, message: string): Problem {
  return { span, code: '42601', message, severity: 'error' };
}
