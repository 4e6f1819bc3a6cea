import type { Catalog, Index, Relation } from '../catalog/types';
import { qualifiedName } from '../catalog/names';
import type { Problem } from '../types';
import { locateMade, type ReplayedMigration } from './locate';

/**
 * What the migrations add that schema.prisma cannot declare and Prisma Migrate leaves alone: CHECK
 * constraints, partial indexes (`WHERE`) and expression indexes. Prisma's schema engine neither writes nor
 * drops them, so `migrate dev` keeps them (measured with the engine itself, test/prisma/drift/engine.test.ts).
 * Not a drift: an information note on the migration statement that made each, on the tables schema.prisma
 * declares (a table it does not know goes anyway). Pure.
 */
export interface UnmanagedObject {
  kind: 'check constraint' | 'partial index' | 'expression index';
  schema: string;
  table: string;
  /** The constraint's or index's name; undefined for a CHECK written without one. */
  name?: string;
  /** Which of the table's unnamed CHECK constraints, in order (to find the statement that made it). */
  unnamed?: number;
}

/** The code of these notes. */
export const UNMANAGED_CODE = 'prisma-unmanaged';

/** An index Migrate does not manage: partial, or on an expression. */
export function unmanagedIndex(i: Index): 'partial index' | 'expression index' | undefined {
  return i.where !== undefined ? 'partial index' : i.columns.some((c) => c === '') ? 'expression index' : undefined;
}

export function unmanagedObjects(declared: Catalog, migrated: Catalog): UnmanagedObject[] {
  const out: UnmanagedObject[] = [];
  for (const [schemaName, schema] of declared.schemas) {
    for (const relation of schema.relations.values()) {
      if (relation.kind !== 'table') continue;
      const table = migrated.schemas.get(schemaName)?.relations.get(relation.name);
      if (table?.kind !== 'table') continue;
      let unnamed = 0;
      for (const check of table.checks ?? []) out.push({ kind: 'check constraint', schema: schemaName, table: table.name, ...(check.name ? { name: check.name } : { unnamed: unnamed++ }) });
      for (const index of table.indexes ?? []) {
        const kind = unmanagedIndex(index);
        if (kind && !index.constraint) out.push({ kind, schema: schemaName, table: table.name, name: index.name });
      }
    }
  }
  return out;
}

export interface UnmanagedProblem {
  file: string;
  problem: Problem;
  object: UnmanagedObject;
}

/** Each object's note, on the first line of the statement that made it, in the order of the history. */
export function unmanagedProblems(objects: readonly UnmanagedObject[], history: readonly ReplayedMigration[]): UnmanagedProblem[] {
  const out: UnmanagedProblem[] = [];
  for (const object of objects) {
    const source = locateMade(history, (c) => has(c, object));
    if (!source) continue;
    const t = `\`${qualifiedName(object.schema, object.table)}\``;
    const message =
      object.kind === 'check constraint'
        ? `schema.prisma cannot declare CHECK constraints: the next \`prisma migrate dev\` keeps ${object.name ? `\`${object.name}\` on ${t}` : `this CHECK constraint on ${t}`} (Prisma Migrate neither writes nor drops them)`
        : `schema.prisma cannot declare this ${object.kind}: the next \`prisma migrate dev\` keeps \`${object.name}\` on ${t} (Prisma Migrate leaves partial and expression indexes alone)`;
    out.push({ file: source.file, object, problem: { span: source.span, code: UNMANAGED_CODE, message, severity: 'information' } });
  }
  const order = new Map(history.map((h, i) => [h.file, i]));
  return out.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.problem.span.start - b.problem.span.start);
}

function has(c: Catalog, o: UnmanagedObject): boolean {
  const r: Relation | undefined = c.schemas.get(o.schema)?.relations.get(o.table);
  if (r?.kind !== 'table') return false;
  if (o.kind !== 'check constraint') return (r.indexes ?? []).some((i) => i.name === o.name);
  const checks = r.checks ?? [];
  return o.name !== undefined ? checks.some((k) => k.name === o.name) : checks.filter((k) => !k.name).length > (o.unnamed ?? 0);
}
