import type { DocumentAnalysis } from '../analyzeDocument';
import type { Catalog, Column, Index, Relation } from '../catalog/types';
import type { Span } from '../types';
import { sameDefault } from './defaults';
import type { Drift } from './findings';
import { sameType } from './compare';

/** One migration file as it was replayed (on the catalog of the files before it). */
export interface ReplayedMigration {
  file: string;
  analysis: DocumentAnalysis;
}

/** Where in the migrations a drift comes from: the statement that undid what schema.prisma declares, or that made what it does not. */
export interface DriftSource {
  file: string;
  span: Span;
  /** `undoes`: the statement drops, renames or changes what schema.prisma still declares; `makes`: it creates what schema.prisma does not know. */
  role: 'undoes' | 'makes';
}

type Probe = (c: Catalog) => boolean;

/**
 * The statement each drift comes from: the last one after which the declared state no longer held, else,
 * for what schema.prisma does not know (a table, column, index, foreign key or enum, an index's name), the
 * last one that made it. Undefined otherwise: schema.prisma changed after the migrations (a field no
 * migration creates, a type no migration ever gave), and the drift lives in schema.prisma alone.
 */
export function locateDrift(drift: Drift, history: readonly ReplayedMigration[]): DriftSource | undefined {
  const { undone, made } = probes(drift);
  return (undone && lastChange(history, undone, true, 'undoes')) ?? (made && lastChange(history, made, false, 'makes'));
}

/** The last statement of the history after which `probe` holds and before which it did not: what made it. */
export function locateMade(history: readonly ReplayedMigration[], probe: (c: Catalog) => boolean): DriftSource | undefined {
  return lastChange(history, probe, false, 'makes');
}

function lastChange(history: readonly ReplayedMigration[], probe: Probe, held: boolean, role: DriftSource['role']): DriftSource | undefined {
  for (let f = history.length - 1; f >= 0; f--) {
    const { file, analysis } = history[f];
    for (let i = analysis.parsed.statements.length - 1; i >= 0; i--) {
      const before = analysis.sessionBefore(i).catalog;
      const after = analysis.sessionBefore(i + 1).catalog;
      if (before === after) continue;
      if (probe(before) === held && probe(after) !== held) return { file, span: firstLine(analysis, i), role };
    }
  }
  return undefined;
}

/** The statement's first line: enough to point at it without covering a whole CREATE TABLE. */
function firstLine(analysis: DocumentAnalysis, i: number): Span {
  const statement = analysis.parsed.statements[i];
  const { start, end } = statement.span;
  const newline = statement.text.indexOf('\n');
  return { start, end: newline < 0 ? end : start + newline };
}

function probes(d: Drift): { undone?: Probe; made?: Probe } {
  const table = (c: Catalog, name: string): Relation | undefined => {
    const r = c.schemas.get(d.schema)?.relations.get(name);
    return r?.kind === 'table' ? r : undefined;
  };
  const column = (c: Catalog, name: string): Column | undefined => ('table' in d ? table(c, d.table)?.columns.find((x) => x.name === name) : undefined);
  const hasIndex = (c: Catalog, match: (i: Index) => boolean) => ('table' in d ? (table(c, d.table)?.indexes ?? []).some(match) : false);
  const enumValues = (c: Catalog, name: string) => c.schemas.get(d.schema)?.types.get(name)?.values;
  switch (d.kind) {
    case 'table missing':
      return { undone: (c) => !!table(c, d.table) };
    case 'table extra':
      return { made: (c) => !!table(c, d.table) };
    case 'column missing':
      return { undone: (c) => !!column(c, d.declared.name) };
    case 'column extra':
      return { made: (c) => !!column(c, d.migrated.name) };
    case 'column renamed':
      return { undone: (c) => !!column(c, d.declared.name), made: (c) => !!column(c, d.migrated.name) };
    case 'column type': {
      const is = (type: string) => (c: Catalog) => sameType(column(c, d.declared.name)?.type ?? '\u0000') === sameType(type);
      return { undone: is(d.declared.type) };
    }
    case 'column nullability': {
      const is = (nullable: boolean) => (c: Catalog) => column(c, d.declared.name)?.nullable === nullable;
      return { undone: is(d.declared.nullable) };
    }
    case 'column default': {
      const is = (value: string | undefined) => (c: Catalog) => {
        const col = column(c, d.declared.name);
        return !!col && sameDefault(col.default, value);
      };
      return { undone: is(d.declared.default) };
    }
    case 'primary key': {
      const is = (key: readonly string[] | undefined) => (c: Catalog) => {
        const r = table(c, d.table);
        return !!r && r.primaryKey?.join(',') === key?.join(',');
      };
      return { undone: is(d.declared) };
    }
    case 'index missing': {
      const shape = `${!!d.declared.unique}|${d.declared.columns.join(',')}`;
      return { undone: (c) => hasIndex(c, (i) => !i.where && !i.primary && `${!!i.unique}|${i.columns.join(',')}` === shape) };
    }
    case 'index extra':
    case 'index renamed':
      return { made: (c) => hasIndex(c, (i) => i.name === d.migrated.name) };
    case 'foreign key missing':
    case 'foreign key extra': {
      const fk = d.kind === 'foreign key missing' ? d.declared : d.migrated;
      const has = (c: Catalog) =>
        (table(c, d.table)?.foreignKeys ?? []).some((k) => k.columns.join(',') === fk.columns.join(',') && k.refTable === fk.refTable && k.refColumns.join(',') === fk.refColumns.join(','));
      return d.kind === 'foreign key missing' ? { undone: has } : { made: has };
    }
    case 'enum missing':
      return { undone: (c) => !!enumValues(c, d.declared.name) };
    case 'enum extra':
      return { made: (c) => !!enumValues(c, d.migrated.name) };
    case 'enum values': {
      const all = (values: readonly string[]) => (c: Catalog) => {
        const now = enumValues(c, d.declared.name);
        return !!now && values.every((v) => now.includes(v)) && now.every((v) => values.includes(v));
      };
      return { undone: all(d.declared.values) };
    }
  }
}
