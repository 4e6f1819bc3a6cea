import type { Catalog, Column, ForeignKey, Index, Relation, TypeInfo } from '../catalog/types';
import { isSequenceDefault } from './defaults';
import type { Drift } from './findings';

/**
 * The migration that turns the migrated database into the declared one, written as Prisma Migrate writes
 * it (`-- CreateTable` sections, quoted names, `TEXT`/`TIMESTAMP(3)` spellings, `SERIAL`, `Table_pkey`,
 * a Warnings comment for what loses data), except that a column the rename heuristic paired is renamed
 * instead of dropped and added. Pure: no database, no engine binary.
 *
 * Prisma's own order: enums, dropped foreign keys and indexes, altered tables, dropped and created
 * tables, created and renamed indexes, added foreign keys, dropped enums.
 */
export function prismaMigrationSql(drifts: readonly Drift[], declared: Catalog): string {
  const warnings: string[] = [];
  const sections: [string, string][] = [];
  const section = (title: string, sql: string) => sections.push([title, sql]);
  const of = (kind: Drift['kind']) => drifts.filter((d) => d.kind === kind);
  const table = (d: { schema: string; table: string }) => qualified(d.schema, d.table);
  const declaredTable = (schema: string, name: string) => declared.schemas.get(schema)?.relations.get(name);

  for (const d of of('enum missing')) if (d.kind === 'enum missing') section('CreateEnum', `CREATE TYPE ${qualified(d.schema, d.declared.name)} AS ENUM (${d.declared.values.map(literal).join(', ')});`);
  for (const d of of('enum values')) {
    if (d.kind !== 'enum values') continue;
    const removed = d.migrated.values.filter((v) => !d.declared.values.includes(v));
    if (removed.length) {
      warnings.push(`The values [${removed.join(',')}] on the enum \`${d.declared.name}\` will be removed. If these variants are still used in the database, this will fail.`);
      section('AlterEnum', recreateEnum(d.schema, d.declared, declared));
    } else {
      for (const v of d.declared.values.filter((x) => !d.migrated.values.includes(x))) section('AlterEnum', `ALTER TYPE ${qualified(d.schema, d.declared.name)} ADD VALUE ${literal(v)};`);
    }
  }
  const dropForeignKey = (schema: string, name: string, fk: ForeignKey) =>
    section('DropForeignKey', `ALTER TABLE ${qualified(schema, name)} DROP CONSTRAINT ${quote(fk.name ?? `${name}_${fk.columns.join('_')}_fkey`.slice(0, 63))};`);
  for (const d of drifts) {
    if (d.kind === 'foreign key extra') dropForeignKey(d.schema, d.table, d.migrated);
    // A table that goes loses its keys first, so that the tables it references can go too.
    if (d.kind === 'table extra') for (const fk of d.migrated.foreignKeys) dropForeignKey(d.schema, d.table, fk);
  }
  for (const d of drifts) {
    if (d.kind !== 'index extra') continue;
    if (d.migrated.constraint) section('AlterTable', `ALTER TABLE ${table(d)} DROP CONSTRAINT ${quote(d.migrated.name)};`);
    else section('DropIndex', `DROP INDEX ${qualified(d.schema, d.migrated.name)};`);
  }

  // Per table, one ALTER TABLE with every column change, as Prisma groups them.
  const alters = new Map<string, { at: Drift & { table: string }; clauses: string[] }>();
  const alter = (d: Drift & { table: string }, clause: string) => {
    const key = table(d);
    if (!alters.has(key)) alters.set(key, { at: d, clauses: [] });
    alters.get(key)!.clauses.push(clause);
  };
  const renames: string[] = [];
  for (const d of drifts) {
    switch (d.kind) {
      case 'column renamed':
        renames.push(`ALTER TABLE ${table(d)} RENAME COLUMN ${quote(d.migrated.name)} TO ${quote(d.declared.name)};`);
        break;
      case 'column extra':
        warnings.push(`You are about to drop the column \`${d.migrated.name}\` on the \`${d.table}\` table. All the data in the column will be lost.`);
        alter(d, `DROP COLUMN ${quote(d.migrated.name)}`);
        break;
      case 'column missing':
        if (!d.declared.nullable && d.declared.default === undefined) {
          warnings.push(`Added the required column \`${d.declared.name}\` to the \`${d.table}\` table without a default value. This is not possible if the table is not empty.`);
        }
        alter(d, `ADD COLUMN     ${columnDefinition(d.declared, true)}`);
        break;
      case 'column type':
        warnings.push(`You are about to alter the column \`${d.declared.name}\` on the \`${d.table}\` table, which contains data. The data in that column will be cast from \`${prismaType(d.migrated.type)}\` to \`${prismaType(d.declared.type)}\`.`);
        alter(d, `ALTER COLUMN ${quote(d.declared.name)} SET DATA TYPE ${prismaType(d.declared.type)}${d.declared.type.includes('"') ? ` USING (${quote(d.declared.name)}::text::${prismaType(d.declared.type)})` : ''}`);
        break;
      case 'column nullability':
        if (!d.declared.nullable) warnings.push(`Made the column \`${d.declared.name}\` on table \`${d.table}\` required, but there are existing NULL values.`);
        alter(d, `ALTER COLUMN ${quote(d.declared.name)} ${d.declared.nullable ? 'DROP NOT NULL' : 'SET NOT NULL'}`);
        break;
      case 'column default':
        alter(d, d.declared.default === undefined ? `ALTER COLUMN ${quote(d.declared.name)} DROP DEFAULT` : `ALTER COLUMN ${quote(d.declared.name)} SET DEFAULT ${prismaDefault(d.declared.default)}`);
        break;
      case 'primary key': {
        if (d.migrated) alter(d, `DROP CONSTRAINT ${quote(primaryKeyName(d.table, d.migrated))}`);
        if (d.declared) alter(d, `ADD CONSTRAINT ${quote(primaryKeyName(d.table, d.declared))} PRIMARY KEY (${d.declared.map(quote).join(', ')})`);
        break;
      }
      default:
        break;
    }
  }
  for (const rename of renames) section('RenameColumn', rename);
  for (const { at, clauses } of alters.values()) section('AlterTable', `ALTER TABLE ${table(at)} ${[...clauses].sort((a, b) => clauseRank(a) - clauseRank(b)).join(',\n')};`);

  for (const d of drifts) {
    if (d.kind !== 'table extra') continue;
    warnings.push(`You are about to drop the \`${d.table}\` table. If the table is not empty, all the data it contains will be lost.`);
    section('DropTable', `DROP TABLE ${table(d)};`);
  }
  // In Prisma's order: the models as schema.prisma declares them, then the implicit many-to-many tables (no origin).
  const created = drifts.flatMap((d) => (d.kind === 'table missing' ? [d.declared] : [])).sort(declarationOrder);
  for (const r of created) section('CreateTable', createTable(r));
  const newIndexes: [Relation | { schema: string; name: string }, Index][] = [];
  for (const r of created) for (const i of r.indexes ?? []) newIndexes.push([r, i]);
  for (const d of drifts) if (d.kind === 'index missing') newIndexes.push([{ schema: d.schema, name: d.table }, d.declared]);
  for (const [r, i] of newIndexes) {
    if (i.unique) warnings.push(`A unique constraint covering the columns \`[${i.columns.join(',')}]\` on the table \`${r.name}\` will be added. If there are existing duplicate values, this will fail.`);
    section('CreateIndex', `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quote(i.name)} ON ${qualified(r.schema, r.name)}(${i.columns.map(quote).join(', ')});`);
  }
  for (const d of drifts) if (d.kind === 'index renamed') section('RenameIndex', `ALTER INDEX ${qualified(d.schema, d.migrated.name)} RENAME TO ${quote(d.declared.name)};`);
  const newKeys: [Relation | undefined, string, string, ForeignKey][] = [];
  for (const r of created) for (const fk of r.foreignKeys) newKeys.push([r, r.schema, r.name, fk]);
  for (const d of drifts) if (d.kind === 'foreign key missing') newKeys.push([declaredTable(d.schema, d.table), d.schema, d.table, d.declared]);
  for (const [r, schema, name, fk] of newKeys) section('AddForeignKey', addForeignKey(schema, name, fk, r));
  for (const d of drifts) if (d.kind === 'enum extra') section('DropEnum', `DROP TYPE ${qualified(d.schema, d.migrated.name)};`);

  if (!sections.length) return '-- This is an empty migration.\n';
  const header = warnings.length ? `/*\n  Warnings:\n\n${warnings.map((w) => `  - ${w}\n`).join('')}\n*/\n` : '';
  return header + sections.map(([title, sql]) => `-- ${title}\n${sql}\n`).join('\n');
}

function createTable(r: Relation): string {
  const lines = r.columns.map((c) => `    ${columnDefinition(c, false)}`);
  const constraint = r.primaryKey ? [`    CONSTRAINT ${quote(primaryKeyName(r.name, r.primaryKey))} PRIMARY KEY (${r.primaryKey.map(quote).join(',')})`] : [];
  const body = constraint.length ? `${lines.join(',\n')},\n\n${constraint[0]}` : lines.join(',\n');
  return `CREATE TABLE ${qualified(r.schema, r.name)} (\n${body}\n);`;
}

/** `"name" TYPE NOT NULL DEFAULT x`, with SERIAL for an autoincrement column. */
function columnDefinition(c: Column, adding: boolean): string {
  const serial = isSequenceDefault(c.default) ? SERIAL[c.type] : undefined;
  const type = serial ?? prismaType(c.type);
  const notNull = c.nullable ? '' : ' NOT NULL';
  const def = c.default !== undefined && !serial ? ` DEFAULT ${prismaDefault(c.default)}` : '';
  return `${quote(c.name)} ${type}${adding && serial ? '' : notNull}${def}`;
}

const SERIAL: Record<string, string> = { integer: 'SERIAL', bigint: 'BIGSERIAL', smallint: 'SMALLSERIAL' };

const TYPES: [RegExp, string][] = [
  [/^text$/, 'TEXT'], [/^integer$/, 'INTEGER'], [/^bigint$/, 'BIGINT'], [/^smallint$/, 'SMALLINT'], [/^boolean$/, 'BOOLEAN'],
  [/^double precision$/, 'DOUBLE PRECISION'], [/^real$/, 'REAL'], [/^numeric(\(.*\))?$/, 'DECIMAL$1'],
  [/^timestamp(\(\d+\))? without time zone$/, 'TIMESTAMP$1'], [/^timestamp(\(\d+\))? with time zone$/, 'TIMESTAMPTZ$1'],
  [/^time(\(\d+\))? without time zone$/, 'TIME$1'], [/^time(\(\d+\))? with time zone$/, 'TIMETZ$1'], [/^date$/, 'DATE'],
  [/^jsonb$/, 'JSONB'], [/^json$/, 'JSON'], [/^bytea$/, 'BYTEA'], [/^uuid$/, 'UUID'], [/^character varying(\(\d+\))?$/, 'VARCHAR$1'],
  [/^character(\(\d+\))?$/, 'CHAR$1'], [/^bit varying(\(\d+\))?$/, 'VARBIT$1'], [/^bit(\(\d+\))?$/, 'BIT$1'], [/^xml$/, 'XML'],
  [/^inet$/, 'INET'], [/^citext$/, 'CITEXT'], [/^money$/, 'MONEY'], [/^oid$/, 'OID'],
];

/** A type as Prisma writes it in a migration: `TIMESTAMP(3)`, `VARCHAR(200)`, `"Role"[]`. */
export function prismaType(type: string): string {
  const array = /(\[\])+$/.exec(type)?.[0] ?? '';
  const base = type.slice(0, type.length - array.length);
  for (const [pattern, spelling] of TYPES) if (pattern.test(base)) return base.replace(pattern, spelling) + array;
  // An enum or another type by name: quoted as Prisma quotes every name.
  const parts = base.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [base];
  return parts.map((p) => (/^[a-z_][a-z0-9_$]*$/.test(p) ? quote(p) : p)).join('.') + array;
}

/** A default as Prisma writes it: the literal without the cast Postgres prints (`'draft'`, not `'draft'::"Status"`). */
function prismaDefault(text: string): string {
  const literalCast = /^('(?:[^']|'')*')::[\w" .()[\]]+$/.exec(text);
  return literalCast ? literalCast[1] : text;
}

/** Migrate's primary key names: `Table_pkey`, and `_AToB_AB_pkey` for an implicit many-to-many table. */
function primaryKeyName(table: string, columns: readonly string[]): string {
  return isJoinTable(table, columns) ? `${table.slice(0, 63 - 8)}_AB_pkey` : `${table.slice(0, 63 - 5)}_pkey`;
}

const isJoinTable = (table: string, columns: readonly string[]) => table.startsWith('_') && columns.join(',') === 'A,B';

/**
 * ON DELETE as Prisma's defaults say: RESTRICT for a required relation, SET NULL for an optional one,
 * CASCADE in an implicit many-to-many table. (The catalog does not keep a relation's own `onDelete`.)
 */
function addForeignKey(schema: string, table: string, fk: ForeignKey, relation: Relation | undefined): string {
  const optional = relation?.columns.some((c) => fk.columns.includes(c.name) && c.nullable);
  const onDelete = relation?.primaryKey && isJoinTable(table, relation.primaryKey) ? 'CASCADE' : optional ? 'SET NULL' : 'RESTRICT';
  const name = fk.name ?? `${table}_${fk.columns.join('_')}_fkey`.slice(0, 63);
  return (
    `ALTER TABLE ${qualified(schema, table)} ADD CONSTRAINT ${quote(name)} FOREIGN KEY (${fk.columns.map(quote).join(', ')}) ` +
    `REFERENCES ${qualified(fk.refSchema, fk.refTable)}(${fk.refColumns.map(quote).join(', ')}) ON DELETE ${onDelete} ON UPDATE CASCADE;`
  );
}

/** Removing enum values: Prisma makes the new type, moves every column to it, and swaps the names. */
function recreateEnum(schema: string, type: TypeInfo, declared: Catalog): string {
  const name = qualified(schema, type.name);
  const next = qualified(schema, `${type.name}_new`);
  const reference = [type.name, `"${type.name}"`, `${schema}.${type.name}`, `"${schema}"."${type.name}"`, `${schema}."${type.name}"`];
  const lines = ['BEGIN;', `CREATE TYPE ${next} AS ENUM (${type.values.map(literal).join(', ')});`];
  for (const s of declared.schemas.values()) {
    for (const r of s.relations.values()) {
      for (const c of r.columns) {
        const base = c.type.replace(/(\[\])+$/, '');
        if (!reference.includes(base)) continue;
        const array = c.type.slice(base.length);
        lines.push(`ALTER TABLE ${qualified(r.schema, r.name)} ALTER COLUMN ${quote(c.name)} TYPE ${next}${array} USING (${quote(c.name)}::text${array}::${next}${array});`);
      }
    }
  }
  lines.push(`ALTER TYPE ${name} RENAME TO ${quote(`${type.name}_old`)};`, `ALTER TYPE ${next} RENAME TO ${quote(type.name)};`, `DROP TYPE ${qualified(schema, `${type.name}_old`)};`, 'COMMIT;');
  return lines.join('\n');
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
/** Prisma qualifies names with their schema only outside the default one; so do we, outside `public`. */
const qualified = (schema: string, name: string) => (schema === 'public' ? quote(name) : `${quote(schema)}.${quote(name)}`);

function declarationOrder(a: Relation, b: Relation): number {
  if (!a.origin || !b.origin) return (a.origin ? 0 : 1) - (b.origin ? 0 : 1);
  return a.origin.file === b.origin.file ? a.origin.span.start - b.origin.span.start : a.origin.file < b.origin.file ? -1 : 1;
}

/** Prisma's order of the changes in one ALTER TABLE: the primary key dropped, columns dropped, added, altered, the primary key added. */
function clauseRank(clause: string): number {
  return ['DROP CONSTRAINT', 'DROP COLUMN', 'ADD COLUMN', 'ALTER COLUMN', 'ADD CONSTRAINT'].findIndex((p) => clause.startsWith(p));
}
