import type { PgNode } from '../parser/pgParser';
import type { Session } from '../context';
import { lookupRelation } from '../catalog/lookup';
import { childScope, columnsOfRelation, type ColumnSet, type NamespaceItem, type Scope } from '../resolve/scope';

/** A PL/pgSQL variable as the body's SQL sees it. */
export interface Variable {
  name: string;
  /**
   * Declared for the whole body (parameters, OUT and RETURNS TABLE columns, the outer DECLARE): a column
   * of the same name makes a reference ambiguous. Loop variables and inner blocks' declarations are
   * visible only in part of the body, so they only keep a name from being reported.
   */
  wholeBody: boolean;
  /** A record or row variable: `v.field` must be one of its fields. */
  record?: 'record' | 'row' | 'trigger';
  /** The fields of a row variable (`t%ROWTYPE`, a parameter of a table's type). */
  fields?: ColumnSet;
  /** Its type as declared (`numeric`, `line_items%ROWTYPE`), for hover. */
  type?: string;
}

/** The variables of a compiled PL/pgSQL function, from its datums. */
export interface Variables {
  byName: Map<string, Variable>;
  /** Block labels and the function's name: `label.variable`. */
  qualifiers: string[];
  /** A trigger function (NEW and OLD): it may also see the transition tables of its triggers. */
  trigger: boolean;
}

/** The parser's internal names of parameter types, as format_type prints them. */
const INTERNAL_TYPE_NAMES: Record<string, string> = {
  int2: 'smallint', int4: 'integer', int8: 'bigint', float4: 'real', float8: 'double precision', bool: 'boolean',
  varchar: 'character varying', bpchar: 'character', timestamptz: 'timestamp with time zone', timestamp: 'timestamp without time zone',
};

const TRIGGER_VARIABLES = ['tg_name', 'tg_when', 'tg_level', 'tg_op', 'tg_relid', 'tg_relname', 'tg_table_name', 'tg_table_schema', 'tg_nargs', 'tg_argv'];
const EVENT_TRIGGER_VARIABLES = ['tg_event', 'tg_tag'];

export function variablesOf(fn: PgNode, session: Session, functionName: string | undefined): Variables {
  const byName = new Map<string, Variable>();
  const topLine = firstBlockLine(fn.action);
  const datums: PgNode[] = fn.datums ?? [];
  const trigger = fn.new_varno !== undefined || fn.old_varno !== undefined;
  const add = (v: Variable) => {
    const old = byName.get(v.name);
    // A name declared twice (an inner block, a loop) is not certain to mean either declaration.
    byName.set(v.name, old ? { ...v, wholeBody: old.wholeBody && v.wholeBody, record: old.record === v.record ? v.record : undefined, fields: undefined } : v);
  };
  for (const d of datums) {
    const [type] = Object.keys(d);
    const v = d[type];
    const wholeBody = v.lineno === undefined || (topLine !== undefined && v.lineno < topLine);
    if (type === 'PLpgSQL_var') {
      const name: string = v.refname;
      const typname: string | undefined = v.datatype?.PLpgSQL_type?.typname;
      const plain = typname?.replace(/^pg_catalog\./, '').replace(/"/g, '').trim();
      const type = plain && (INTERNAL_TYPE_NAMES[plain] ?? plain);
      add({ name, wholeBody: wholeBody && !['sqlstate', 'sqlerrm'].includes(name), type, ...rowType(typname, session) });
    } else if (type === 'PLpgSQL_rec') {
      const name: string = v.refname;
      const isTrigger = trigger && (name === 'new' || name === 'old') && v.lineno === undefined;
      add({ name, wholeBody, record: isTrigger ? 'trigger' : 'record', type: 'record' });
    }
  }
  if (trigger) for (const name of TRIGGER_VARIABLES) add({ name, wholeBody: true });
  else if (!byName.has('new')) for (const name of EVENT_TRIGGER_VARIABLES) byName.set(name, { name, wholeBody: false });
  const qualifiers = labels(fn.action);
  if (functionName) qualifiers.push(functionName);
  return { byName, qualifiers, trigger };
}

/** `line_items%ROWTYPE`, or a table's name as a type: a row variable with that table's columns. */
function rowType(typname: string | undefined, session: Session): Partial<Variable> {
  if (!typname || typname.includes('%TYPE') || typname.startsWith('pg_catalog.')) return {};
  const name = typname.replace(/%ROWTYPE$/i, '').trim();
  const parts = name.split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
  if (parts.length > 2 || parts.some((p) => !/^[\w$]+$/.test(p))) return {};
  const found = lookupRelation(session.catalog, session.searchPath, parts.length === 2 ? parts[0] : undefined, parts[parts.length - 1]);
  if (found.kind === 'found') return { record: 'row', fields: { columns: columnsOfRelation(found.relation), open: found.relation.open } };
  return /%ROWTYPE$/i.test(typname) ? { record: 'row' } : {};
}

function firstBlockLine(node: PgNode): number | undefined {
  const block = node?.PLpgSQL_stmt_block;
  if (!block) return undefined;
  if (block.lineno !== undefined) return block.lineno;
  for (const s of block.body ?? []) {
    const line = firstBlockLine(s);
    if (line !== undefined) return line;
  }
  return undefined;
}

function labels(node: PgNode, out: string[] = []): string[] {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) labels(node[i], out);
    return out;
  }
  for (const key in node) {
    const value = node[key];
    if (key === 'label' && typeof value === 'string') out.push(value);
    else labels(value, out);
  }
  return out;
}

/** What a variable is called in the scope the body's SQL is resolved in. */
export interface VariableScope {
  scope: Scope;
  /** The item holding every variable's name (unqualified references). */
  names: NamespaceItem;
  /** Items a qualified reference reaches: records and rows by their name, labels. */
  qualified: ReadonlySet<NamespaceItem>;
}

/**
 * The outermost level of every statement of the body: the variables by name, each record or row as an
 * item of its own (`r.field`), and the labels and the function's name as qualifiers. `records` gives the
 * fields a record variable gets from the queries assigned to it (undefined: not known).
 */
export function variableScope(vars: Variables, records: ReadonlyMap<string, ColumnSet | undefined>): VariableScope {
  const names: NamespaceItem = {
    columns: [...vars.byName.values()].map((v) => ({ name: v.name, type: v.type })),
    open: false,
    variables: true,
    relVisible: false,
    colsVisible: true,
    systemColumns: false,
  };
  const items: NamespaceItem[] = [names];
  for (const v of vars.byName.values()) {
    if (!v.record) continue;
    const fields = v.record === 'row' ? v.fields : v.record === 'record' ? records.get(v.name) : undefined;
    items.push({ columns: fields?.columns ?? [], open: fields ? fields.open : true, refname: v.name, relVisible: true, colsVisible: false, systemColumns: false });
  }
  for (const q of vars.qualifiers) {
    if (!vars.byName.get(q)?.record) items.push({ columns: [], open: true, refname: q, relVisible: true, colsVisible: false, systemColumns: false });
  }
  return { scope: childScope(undefined, items), names, qualified: new Set(items.slice(1)) };
}
