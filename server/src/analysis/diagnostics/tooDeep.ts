import type { Problem, Span } from '../types';

/**
 * A statement nested deeper than the analysis can walk (thousands of levels). Postgres may accept or
 * reject it (54001 stack depth limit exceeded) depending on its max_stack_depth, so this is information,
 * never an error.
 */
export function tooDeepToCheck(span: Span): Problem {
  return { span, code: '54001', message: 'statement is nested too deeply for SchemaSense to check', severity: 'information' };
}
