import type { Problem, Span } from '../types';
import { nearSpellings } from './nearSpelling';

/**
 * 42883 undefined_function: no function of the name exists at all, as Postgres words it with the
 * argument types it resolved (`function public.touch_update_at() does not exist`); the hint and the fix
 * name near spellings among the functions in reach, user-defined ones first.
 */
export function undefinedFunction(span: Span, written: string, argTypes: readonly string[], name: string, candidates: readonly string[], quiet?: boolean): Problem {
  const problem: Problem = { span, code: '42883', message: `function ${written}(${argTypes.join(', ')}) does not exist`, severity: 'error' };
  if (quiet) return problem;
  const near = nearSpellings(name, candidates).slice(0, 3);
  return near.length ? { ...problem, hint: `Perhaps you meant ${near[0]}.`, replacements: near } : problem;
}
