import type { PgNode } from './pgParser';

/**
 * Where Postgres's `exprLocation` puts an expression of the raw tree: its leftmost token. A raw node's own
 * `location` is its operator for `a + b`, `x::int`, `x IS NULL`, `a AND b`, `x COLLATE c`, and Postgres takes the
 * leftmost of that and its arguments' locations; every other node starts where it is written, before its
 * parts. So the least location in the subtree (give or take an opening parenthesis); undefined when it has none.
 */
export function expressionStart(root: PgNode): number | undefined {
  let least: number | undefined;
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (typeof node.location === 'number' && node.location >= 0 && (least === undefined || node.location < least)) least = node.location;
    for (const key in node) {
      const value = node[key];
      if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return least;
}
