import { parseStatements, type PgNode } from '../parser/pgParser';

/**
 * Whether two column defaults are the same expression, whatever their spelling: schema.prisma's side is
 * written as Postgres prints it (`'draft'::"Status"`), a migration's as its author wrote it (`'draft'`).
 * Both are parsed by the real parser and compared without locations and casts; two sequence defaults
 * (`nextval(...)`, an autoincrement) are the same. A default that does not parse is compared as text.
 */
export function sameDefault(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (isSequenceDefault(a) && isSequenceDefault(b)) return true;
  const [x, y] = [canonical(a), canonical(b)];
  return x !== undefined && y !== undefined ? x === y : a.trim() === b.trim();
}

export function isSequenceDefault(text: string | undefined): boolean {
  return text !== undefined && /^\s*nextval\s*\(/i.test(text);
}

const cache = new Map<string, string | undefined>();

function canonical(expression: string): string | undefined {
  if (cache.has(expression)) return cache.get(expression);
  let result: string | undefined;
  try {
    const stmts = parseStatements(`SELECT ${expression}`);
    const target = stmts.length === 1 ? stmts[0].stmt?.SelectStmt?.targetList : undefined;
    result = target?.length === 1 ? JSON.stringify(strip(target[0].ResTarget?.val)) : undefined;
  } catch {
    result = undefined;
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(expression, result);
  return result;
}

/** The node without locations, and each cast replaced by what it casts. */
function strip(node: PgNode): PgNode {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  if (node.TypeCast) return strip(node.TypeCast.arg);
  const out: Record<string, PgNode> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'location') out[k] = strip(v);
  return out;
}
