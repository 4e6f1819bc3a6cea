import type { Catalog } from '../../catalog/types';
import type { PgNode } from '../../parser/pgParser';

/**
 * Whether an expression (a column DEFAULT) is volatile, so that ADD COLUMN must compute it per row and
 * rewrite the table. Built-in functions are judged by a short list of the volatile ones people use as
 * defaults; a user function by the volatility its CREATE FUNCTION declared (VOLATILE when it declared none).
 * 'unknown' when a function is neither (an extension's, one we never saw): the rules then say nothing.
 */
const VOLATILE_BUILTINS = new Set([
  'random', 'random_normal', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4',
  'clock_timestamp', 'timeofday', 'nextval', 'txid_current', 'setseed', 'gen_random_bytes',
]);
const STABLE_OR_IMMUTABLE_BUILTINS = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'to_timestamp', 'lower', 'upper',
  'coalesce', 'jsonb_build_object', 'json_build_object', 'jsonb_build_array', 'array', 'concat', 'to_char',
  'make_interval', 'date_trunc', 'timezone', 'length', 'abs', 'greatest', 'least',
]);

export type Volatility = 'volatile' | 'not volatile' | 'unknown';

export function volatility(expr: PgNode, catalog: Catalog): Volatility {
  let result: Volatility = 'not volatile';
  walk(expr, (node) => {
    const call = node.FuncCall;
    if (!call) return;
    const names: string[] = (call.funcname ?? []).map((n: PgNode) => n.String?.sval ?? '');
    const name = names[names.length - 1] ?? '';
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    const declared = userFunctionVolatility(catalog, schema, name);
    const v: Volatility = declared
      ? declared === 'volatile' ? 'volatile' : 'not volatile'
      : (schema === undefined || schema === 'pg_catalog') && VOLATILE_BUILTINS.has(name)
        ? 'volatile'
        : (schema === undefined || schema === 'pg_catalog') && STABLE_OR_IMMUTABLE_BUILTINS.has(name)
          ? 'not volatile'
          : 'unknown';
    if (v === 'volatile' || (v === 'unknown' && result !== 'volatile')) result = v;
  });
  return result;
}

/** The volatility a function of the history declared (every overload must agree), else undefined. */
function userFunctionVolatility(catalog: Catalog, schema: string | undefined, name: string): string | undefined {
  const found = [...catalog.schemas.values()]
    .filter((s) => schema === undefined || s.name === schema)
    .flatMap((s) => s.functions.get(name) ?? []);
  const kinds = new Set(found.map((f) => f.volatility ?? 'unknown'));
  return kinds.size === 1 && !kinds.has('unknown') ? [...kinds][0] : undefined;
}

function walk(node: unknown, visit: (n: PgNode) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit);
  } else if (node && typeof node === 'object') {
    visit(node as PgNode);
    for (const v of Object.values(node)) walk(v, visit);
  }
}
