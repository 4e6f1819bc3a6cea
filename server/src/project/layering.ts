import { namesRecordedFor } from '../sources/database/appliedMigrations';
import type { Catalog, ForeignKey, ParsedDocument, Problem, Relation, Schema } from '../analysis';
import { PersistentMap } from '../analysis/catalog/persistentMap';

/**
 * How a base (a database or schema.prisma) and the migration files make one catalog.
 *
 * The rule: a statement sees the base, plus the migration files before its own, plus the statements before
 * it in its own file, where a name exists if the base OR the replayed files have it. The base may be ahead of
 * the files (a database that already ran them, a schema.prisma edited before its migration was written) or
 * behind them (a database at migration 014 while 015 is being written); the union gives no false error in
 * either case, and a name neither knows is still reported.
 *
 * A replayed file that renames or drops what the base no longer has (because the base already ran it)
 * would still report that: such problems are excused in the files the base already contains (the
 * database's migration history says so, or the file adds only what the base already has).
 */

/**
 * The catalog after one migration file, with the base laid under it again: relations the file replaced or
 * dropped get back what the base has (columns, keys, foreign keys). `before` is the catalog the file saw
 * (already merged); only what the file changed is merged again. Without `before`, everything is merged.
 */
export function withBase(base: Catalog, after: Catalog, before: Catalog | undefined, authoritative: boolean): Catalog {
  let schemas: Map<string, Schema> | undefined;
  for (const [name, b] of base.schemas) {
    const a = after.schemas.get(name);
    if (before && a !== undefined && a === before.schemas.get(name)) continue;
    const merged = a ? mergeSchema(b, a, before?.schemas.get(name), authoritative) : b;
    if (merged !== a) (schemas ??= new Map(after.schemas)).set(name, merged);
  }
  return schemas ? { ...after, schemas } : after;
}

function mergeSchema(b: Schema, a: Schema, before: Schema | undefined, authoritative: boolean): Schema {
  let relations: PersistentMap<Relation> | undefined;
  for (const [name, br] of b.relations) {
    const ar = a.relations.get(name);
    if (ar && before && ar === before.relations.get(name)) continue;
    const merged = ar ? mergeRelation(br, ar) : br;
    if (merged !== ar) relations = (relations ?? PersistentMap.from(a.relations)).set(name, merged);
  }
  const types = withMissing(a.types, b.types, (own, t) => (own ? undefined : t));
  const functions = withMissing(a.functions, b.functions, (own = [], list) => {
    const missing = list.filter((f) => !own.some((o) => o.args === f.args));
    return missing.length ? [...own, ...missing] : undefined;
  });
  // A database knows its schemas whole; schema.prisma knows tables only, so what the migrations opened stays open.
  const closed = authoritative ? b.closed : b.closed && a.closed;
  const functionsOpen = a.functionsOpen || b.functionsOpen;
  if (!relations && types === a.types && functions === a.functions && closed === a.closed && functionsOpen === a.functionsOpen) return a;
  return { ...a, closed, relations: relations ?? a.relations, types, functions, ...(functionsOpen ? { functionsOpen } : {}) };
}

/** `own` with what `merge` adds from `base` per key (undefined: keep own); the same map when nothing is added. */
function withMissing<V>(own: ReadonlyMap<string, V>, base: ReadonlyMap<string, V>, merge: (own: V | undefined, base: V) => V | undefined): ReadonlyMap<string, V> {
  let out: PersistentMap<V> | undefined;
  for (const [key, value] of base) {
    const merged = merge(own.get(key), value);
    if (merged !== undefined) out = (out ?? PersistentMap.from(own)).set(key, merged);
  }
  return out ?? own;
}

/** The relation as the files left it, with the base's columns, keys and foreign keys it lacks. */
function mergeRelation(b: Relation, a: Relation): Relation {
  const seen = new Set<string>();
  const columns = a.columns.filter((c) => !seen.has(c.name) && seen.add(c.name));
  const extra = b.columns.filter((c) => !seen.has(c.name));
  const keyOf = (k: readonly string[]) => k.join('\u0000');
  const uniqueKeys = [...a.uniqueKeys, ...b.uniqueKeys.filter((k) => !a.uniqueKeys.some((x) => keyOf(x) === keyOf(k)))];
  const fkOf = (fk: ForeignKey) => [fk.columns.join(','), fk.refSchema, fk.refTable, fk.refColumns.join(',')].join('\u0000');
  const foreignKeys = [...a.foreignKeys, ...b.foreignKeys.filter((fk) => !a.foreignKeys.some((x) => fkOf(x) === fkOf(fk)))];
  const prismaModel = a.prismaModel ?? b.prismaModel;
  if (!extra.length && columns.length === a.columns.length && uniqueKeys.length === a.uniqueKeys.length && foreignKeys.length === a.foreignKeys.length && (a.primaryKey || !b.primaryKey) && prismaModel === a.prismaModel) {
    return a;
  }
  return { ...a, columns: [...columns, ...extra], uniqueKeys, foreignKeys, primaryKey: a.primaryKey ?? b.primaryKey, ...(prismaModel ? { prismaModel } : {}) };
}

/** Whether a replayed file shows the base already contains it. */
export type Evidence = 'contained' | 'not contained' | 'no evidence';

/**
 * A file is contained in the base when every table it created or changed has, column for column, its
 * counterpart in the base; a file that changed no table gives no evidence. `raw` is the catalog right
 * after the file, before the base was laid under it again.
 */
export function evidence(base: Catalog, before: Catalog, raw: Catalog): Evidence {
  let found = false;
  for (const [name, schema] of raw.schemas) {
    const prior = before.schemas.get(name);
    if (schema === prior) continue;
    for (const [relName, rel] of schema.relations) {
      if (rel.kind !== 'table' || rel === prior?.relations.get(relName)) continue;
      const counterpart = base.schemas.get(name)?.relations.get(relName);
      if (!counterpart || rel.columns.some((c) => !counterpart.columns.some((x) => x.name === c.name))) return 'not contained';
      found = true;
    }
  }
  return found ? 'contained' : 'no evidence';
}


/**
 * The index of the last migration the base contains (-1: none). Migrations run in order, so every file up to
 * it is contained too. With a database migration history, by name; otherwise by the files' evidence.
 */
export function lastContained(files: readonly string[], applied: ReadonlySet<string> | undefined, evidenceOf: (i: number) => Evidence | undefined): number {
  let last = -1;
  const normalized = applied && new Set([...applied].map((n) => n.replace(/^0+(?=\d)/, '')));
  files.forEach((file, i) => {
    const contained = normalized ? namesRecordedFor(file).some((n) => applied!.has(n) || normalized.has(n)) : evidenceOf(i) === 'contained';
    if (contained) last = i;
  });
  return last;
}

/** Statements whose problems a contained file is excused: DDL that names what the base may have dropped or renamed since. */
const EXCUSABLE = new Set(['AlterTableStmt', 'RenameStmt', 'DropStmt', 'AlterObjectSchemaStmt', 'IndexStmt', 'CommentStmt', 'GrantStmt']);

/** The problems that lie in DDL statements naming existing objects. */
export function excusableProblems(parsed: ParsedDocument, problems: readonly Problem[]): Set<Problem> {
  const excused = new Set<Problem>();
  const statements = parsed.statements;
  for (const p of problems) {
    // The last statement starting at or before the problem (statements are in document order).
    let lo = 0;
    let hi = statements.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (statements[mid].span.start <= p.span.start) lo = mid;
      else hi = mid - 1;
    }
    const candidate = statements[lo];
    const statement = candidate && candidate.span.start <= p.span.start && p.span.start <= candidate.span.end ? candidate : undefined;
    const kind = statement?.node ? Object.keys(statement.node)[0] : undefined;
    if (kind && EXCUSABLE.has(kind)) excused.add(p);
  }
  return excused;
}
