import type { PgNode } from '../parser/pgParser';
import { quoteIdent } from './names';

/** Internal type names as format_type prints them, so every source spells a type the same way. */
const DISPLAY: Record<string, string> = {
  int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision',
  bool: 'boolean', varchar: 'character varying', bpchar: 'character', timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone', timetz: 'time with time zone', time: 'time without time zone',
  serial: 'integer', bigserial: 'bigint', smallserial: 'smallint', serial4: 'integer', serial8: 'bigint',
  serial2: 'smallint', decimal: 'numeric', int: 'integer', integer: 'integer', varbit: 'bit varying',
};

export const SERIAL_TYPES: ReadonlySet<string> = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

/** The unqualified last name of a TypeName node, lower case as the parser gives it. */
export function baseTypeName(typeName: PgNode): string {
  const names: PgNode[] = typeName?.names ?? [];
  return names[names.length - 1]?.String?.sval ?? '';
}

/** A TypeName node as format_type would print it: `character varying(255)`, `integer[]`, `public.mood`. */
export function formatTypeName(typeName: PgNode): string {
  if (!typeName) return '';
  const names: string[] = (typeName.names ?? []).map((n: PgNode) => n.String?.sval ?? '');
  const base = names[names.length - 1] ?? '';
  const schema = names.length > 1 && names[0] !== 'pg_catalog' ? `${quoteIdent(names[names.length - 2])}.` : '';
  const builtin = names[0] === 'pg_catalog' || DISPLAY[base] !== undefined;
  const mods = (typeName.typmods ?? [])
    // The parser leaves out a zero: `timestamp(0)` has an `ival` without a value.
    .map((m: PgNode) => (m.A_Const?.ival ? (m.A_Const.ival.ival ?? 0) : (m.A_Const?.sval?.sval ?? '')))
    .filter((m: unknown) => m !== '');
  let text = schema + (DISPLAY[base] ?? (builtin ? base : quoteIdent(base)));
  if (typeName.pct_type) text = `${names.join('.')}%TYPE`;
  if (base === 'interval') return text;
  if (mods.length) {
    text = /^time(stamp)? with/.test(text) ? text.replace(/^(time(stamp)?)/, `$1(${mods.join(',')})`) : `${text}(${mods.join(',')})`;
  }
  return text + '[]'.repeat(typeName.arrayBounds?.length ?? 0);
}
