import type { Column, Relation } from '../catalog/types';

/**
 * Name scopes as Postgres's parser builds them (parse_relation.c): each query level has namespace items
 * (FROM entries, CTE references, the target of an UPDATE...), and a subquery's level points to the level
 * around it, whose names it can see.
 */

/** A column as a namespace item exposes it. */
export interface ScopeColumn {
  name: string;
  type?: string;
  /** The catalog column behind it, when it comes straight from a relation. */
  column?: Column;
  relation?: Relation;
  /**
   * An output column named by an explicit alias (`expr AS x`): the parser location of its select-list item in
   * the statement, so a use of it in an outer query is known to be that alias (renaming output aliases).
   */
  outputOf?: number;
  /** Its value is a whole row of this relation (`SELECT t AS d FROM t`): `(d).f` must be one of its columns. */
  rowOf?: Relation;
  /** Its value is a row constructor's (`ROW(1, 2) AS r`): its fields are f1 … fn. */
  rowFields?: readonly string[];
}

/** The columns a FROM item or a query produces. `open`: there may be more that we cannot know. */
export interface ColumnSet {
  columns: readonly ScopeColumn[];
  open: boolean;
}

export interface NamespaceItem extends ColumnSet {
  /** The name it is referenced by: its alias, else the relation's or CTE's name. */
  refname?: string;
  /** For an unaliased relation, its schema, so `schema.table.column` reaches it. */
  schema?: string;
  /** Whether `refname.column` reaches it. */
  relVisible: boolean;
  /** Whether an unqualified column name reaches its columns. */
  colsVisible: boolean;
  /** Tables have ctid, xmin, ... */
  systemColumns: boolean;
  relation?: Relation;
  /**
   * The variables of a PL/pgSQL body (plpgsql/variables.ts) or the parameters of an SQL function
   * (statements/sqlFunctionBody.ts): its columns are variables, not a relation's.
   */
  variables?: true;
  /** Set when the item is a relation referenced under an alias: for the "invalid reference" message. */
  relname?: string;
}

export interface Scope {
  items: NamespaceItem[];
  /** CTEs defined at this level; `undefined` while a recursive CTE's own body is analysed. */
  ctes: Map<string, ColumnSet | undefined>;
  parent?: Scope;
  /** Output column names of this level's select list: ORDER BY and GROUP BY may name them. */
  outputNames?: ReadonlySet<string>;
  /**
   * Every FROM entry of this level made so far, whether this part of the query sees it or not (Postgres's
   * range table, `p_rtable`): a qualifier naming one that is out of sight is an invalid reference to it,
   * not a missing entry (errorMissingRTE).
   */
  rangeTable?: NamespaceItem[];
  /** The level of a FROM subquery that is not LATERAL: the entries before it, which LATERAL would let it see. */
  besideNotLateral?: readonly NamespaceItem[];
}

/** Adds a FROM entry to its level's range table (see `Scope.rangeTable`). */
export function enterRangeTable(level: Scope, item: NamespaceItem): void {
  (level.rangeTable ??= []).push(item);
}

/**
 * A FROM entry called `name` (its alias, or the relation's own name) that the query made but that `scope`
 * cannot see: in a level's range table, from `scope` outwards. `lateral`: LATERAL on a subquery in between
 * would let it be seen.
 */
export function entryOutOfSight(scope: Scope, name: string): { item: NamespaceItem; lateral: boolean } | undefined {
  const lateralWouldSee: (readonly NamespaceItem[])[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    if (level.besideNotLateral) lateralWouldSee.push(level.besideNotLateral);
    const item = level.rangeTable?.find((i) => i.refname === name || i.relname === name);
    if (item) return { item, lateral: lateralWouldSee.some((beside) => beside.includes(item)) };
  }
  return undefined;
}

export function childScope(parent: Scope | undefined, items: NamespaceItem[] = []): Scope {
  return { items, ctes: new Map(), parent };
}

export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

/**
 * A system column of a stored relation (table, partitioned or foreign table, materialized view): DDL that names
 * one (an index, key, partition key, ALTER/DROP COLUMN) fails with another error than 42703 (0A000, 42P17).
 */
export function isSystemColumnOf(relation: { kind: string }, name: string): boolean {
  return relation.kind !== 'view' && SYSTEM_COLUMNS.has(name);
}

/** What an unqualified column name means in a scope. */
export type ColumnResolution =
  | { kind: 'column'; item: NamespaceItem; column?: ScopeColumn }
  | { kind: 'ambiguous'; items: NamespaceItem[] }
  | { kind: 'wholeRow'; item: NamespaceItem }
  | { kind: 'unknowable' }
  | { kind: 'missing' };

/**
 * Resolves an unqualified name as colNameToVar does: the innermost level where some item has the
 * column wins, two there make it ambiguous; failing that, the name may be a whole-row reference to a
 * relation (`row_to_json(t)`). An open item on the way makes the answer unknowable.
 */
export function resolveUnqualified(scope: Scope, name: string): ColumnResolution {
  const system = SYSTEM_COLUMNS.has(name);
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    // The items a match was found in, once per match; the first match's column. (Indexed loops: this runs
    // for every column reference, often before V8 optimizes it.)
    let matched: NamespaceItem[] | undefined;
    let column: ScopeColumn | undefined;
    let open = false;
    const items = level.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!item.colsVisible) continue;
      const columns = item.columns;
      for (let k = 0; k < columns.length; k++) {
        if (columns[k].name !== name) continue;
        if (!matched) column = columns[k];
        (matched ??= []).push(item);
      }
      if (item.systemColumns && system) (matched ??= []).push(item);
      open ||= item.open;
    }
    if (matched && matched.length > 1) return { kind: 'ambiguous', items: matched };
    if (matched) return open ? { kind: 'unknowable' } : { kind: 'column', item: matched[0], column };
    if (open) return { kind: 'unknowable' };
  }
  const item = findRelationItem(scope, name);
  return item ? { kind: 'wholeRow', item } : { kind: 'missing' };
}

/** The innermost item that `name.` (or `schema.name.`) reaches. */
export function findRelationItem(scope: Scope, name: string, schema?: string): NamespaceItem | undefined {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    let found: NamespaceItem | undefined;
    const items = level.items;
    for (let k = 0; k < items.length; k++) {
      const i = items[k];
      if (!i.relVisible || i.refname !== name || (schema !== undefined && i.schema !== schema)) continue;
      // Two items of one name at one level: Postgres's 42P09 (ambiguous table reference) or 42712; nothing to check.
      if (found) return { columns: [], open: true, refname: name, relVisible: true, colsVisible: false, systemColumns: false };
      found = i;
    }
    if (found) return found;
  }
  return undefined;
}

/** An aliased relation that the name would have reached without its alias: Postgres says so in its message. */
export function findAliasedRelation(scope: Scope, relname: string): NamespaceItem | undefined {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const item = level.items.find((i) => i.relname === relname && i.refname !== relname);
    if (item) return item;
  }
  return undefined;
}

export function findColumn(set: ColumnSet, name: string): ScopeColumn | undefined {
  return set.columns.find((c) => c.name === name);
}

export function lookupCte(scope: Scope, name: string): { found: boolean; columns?: ColumnSet } {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    if (level.ctes.has(name)) return { found: true, columns: level.ctes.get(name) };
  }
  return { found: false };
}

/**
 * A relation's columns as a FROM item exposes them; made once per relation object (relations never change:
 * an edit makes another), since a view of five joins would otherwise copy each table's columns every time.
 */
export function columnsOfRelation(relation: Relation): readonly ScopeColumn[] {
  let columns = scopeColumns.get(relation);
  if (!columns) scopeColumns.set(relation, (columns = relation.columns.map((column) => ({ name: column.name, type: column.type, column, relation }))));
  return columns;
}
const scopeColumns = new WeakMap<Relation, readonly ScopeColumn[]>();

/** `AS x(a, b)` renames the first columns in order. */
export function renameColumns(set: ColumnSet, names: readonly string[] | undefined): ColumnSet {
  if (!names?.length) return set;
  const columns = set.columns.map((c, i) => (i < names.length ? { ...c, name: names[i], outputOf: undefined } : c));
  for (let i = set.columns.length; i < names.length; i++) columns.push({ name: names[i] });
  return { columns, open: set.open };
}
