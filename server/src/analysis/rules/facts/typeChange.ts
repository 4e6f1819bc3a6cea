/**
 * Whether ALTER COLUMN … TYPE rewrites the table, from the type the column has now to the new one (both as
 * format_type prints them). PostgreSQL skips the rewrite when the old values are valid values of the new type
 * as they are (a binary-coercible change whose length check cannot fail).
 */
export type TypeChange =
  /** The same type, or a widening PostgreSQL applies without touching the rows. */
  | { kind: 'no rewrite' }
  /** Every row rewritten under ACCESS EXCLUSIVE; `narrowing` when values may not fit (the statement may fail). */
  | { kind: 'rewrite'; narrowing: boolean }
  /** Depends on what we cannot see (the session's TimeZone for timestamp ↔ timestamptz, an unknown type). */
  | { kind: 'unknown' };

interface Parsed {
  base: string;
  mods: number[];
  array: string;
}

function parse(type: string): Parsed {
  const m = /^(.*?)(?:\(([\d,\s]+)\))?((?:\[\])*)$/.exec(type.trim().replace(/\((\d+(?:,\d+)?)\) (with|without) time zone/, ' $2 time zone($1)'));
  const base = (m?.[1] ?? type).trim();
  return { base, mods: m?.[2] ? m[2].split(',').map((x) => Number(x.trim())) : [], array: m?.[3] ?? '' };
}

const TEXT_LIKE = new Set(['text', 'character varying']);
const PRECISION_TYPES = new Set(['timestamp without time zone', 'timestamp with time zone', 'time without time zone', 'interval']);

export function typeChange(from: string, to: string): TypeChange {
  if (!from || !to) return { kind: 'unknown' };
  if (from === to) return { kind: 'no rewrite' };
  const a = parse(from);
  const b = parse(to);
  if (a.array !== b.array) return { kind: 'rewrite', narrowing: false };
  // varchar(n) → varchar(m ≥ n), varchar(n) → varchar / text, text ↔ varchar without a length.
  if (TEXT_LIKE.has(a.base) && TEXT_LIKE.has(b.base)) {
    const limit = b.base === 'text' ? undefined : b.mods[0];
    if (limit === undefined) return { kind: 'no rewrite' };
    const old = a.base === 'text' ? undefined : a.mods[0];
    return old !== undefined && limit >= old ? { kind: 'no rewrite' } : { kind: 'rewrite', narrowing: true };
  }
  if (a.base === 'numeric' && b.base === 'numeric') {
    if (!b.mods.length) return { kind: 'no rewrite' };
    if (!a.mods.length) return { kind: 'rewrite', narrowing: true };
    const [p, s = 0] = a.mods;
    const [q, t = 0] = b.mods;
    if (t === s && q >= p) return { kind: 'no rewrite' };
    return { kind: 'rewrite', narrowing: q - t < p - s || t < s };
  }
  if (a.base === b.base && PRECISION_TYPES.has(a.base)) {
    const old = a.mods[0] ?? 6;
    const now = b.mods[0] ?? 6;
    return now >= old ? { kind: 'no rewrite' } : { kind: 'rewrite', narrowing: false };
  }
  if (a.base === 'bit varying' && b.base === 'bit varying') {
    if (!b.mods.length || (a.mods.length && b.mods[0] >= a.mods[0])) return { kind: 'no rewrite' };
    return { kind: 'rewrite', narrowing: true };
  }
  if (a.base === 'cidr' && b.base === 'inet') return { kind: 'no rewrite' };
  // timestamp ↔ timestamptz: no rewrite when the session's TimeZone is UTC (PostgreSQL 12+).
  if (/^timestamp with/.test(a.base) !== /^timestamp with/.test(b.base) && a.base.startsWith('timestamp') && b.base.startsWith('timestamp')) return { kind: 'unknown' };
  return { kind: 'rewrite', narrowing: NARROWING.some(([x, y]) => x === a.base && y === b.base) || TEXT_LIKE.has(a.base) };
}

/** Changes between built-in types where some values of the old type do not fit the new one. */
const NARROWING: readonly [string, string][] = [
  ['bigint', 'integer'], ['bigint', 'smallint'], ['integer', 'smallint'], ['numeric', 'integer'], ['numeric', 'bigint'],
  ['double precision', 'real'],
];
