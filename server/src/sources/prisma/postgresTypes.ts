import { quoteIdent } from '../../analysis/catalog/names';
import type { DmmfField } from './prismaWasm';

/**
 * The PostgreSQL column type Prisma Migrate creates for a field, spelled as format_type prints it (the
 * catalog's spelling): Prisma's default type for each scalar, or the field's `@db.*` native type.
 */

const SCALAR_DEFAULTS: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** Native types without arguments; those with an optional length or precision are in `withArgs`. */
const NATIVE: Record<string, string> = {
  Text: 'text', Uuid: 'uuid', Xml: 'xml', Inet: 'inet', Citext: 'citext', Boolean: 'boolean', Integer: 'integer',
  SmallInt: 'smallint', BigInt: 'bigint', Oid: 'oid', Real: 'real', DoublePrecision: 'double precision', Money: 'money',
  Date: 'date', Json: 'json', JsonB: 'jsonb', ByteA: 'bytea',
};

function withArgs(name: string, args: string[]): string | undefined {
  const a = args.length ? `(${args.join(',')})` : '';
  switch (name) {
    case 'VarChar':
      return `character varying${a}`;
    // Without a length, CHAR and BIT are one character (bit) long.
    case 'Char':
      return `character${a || '(1)'}`;
    case 'Bit':
      return `bit${a || '(1)'}`;
    case 'VarBit':
      return `bit varying${a}`;
    case 'Decimal':
      return `numeric${a}`;
    case 'Timestamp':
      return `timestamp${a} without time zone`;
    case 'Timestamptz':
      return `timestamp${a} with time zone`;
    case 'Time':
      return `time${a} without time zone`;
    case 'Timetz':
      return `time${a} with time zone`;
    default:
      return undefined;
  }
}

/** A type name as format_type prints it: quoted when needed, qualified outside `public`. */
export function typeReference(schema: string, name: string): string {
  return (schema === 'public' ? '' : `${quoteIdent(schema)}.`) + quoteIdent(name);
}

/** The column type of a scalar or enum field; `enumType` names an enum's database type. */
export function columnType(field: DmmfField, enumType: (prismaName: string) => string | undefined): string {
  let base: string;
  if (field.kind === 'enum') base = enumType(field.type) ?? quoteIdent(field.type);
  else if (field.nativeType) base = NATIVE[field.nativeType[0]] ?? withArgs(field.nativeType[0], field.nativeType[1]) ?? field.nativeType[0].toLowerCase();
  else base = SCALAR_DEFAULTS[field.type] ?? '';
  return field.isList ? `${base}[]` : base;
}
