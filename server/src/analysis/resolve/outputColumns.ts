import type { PgNode } from '../parser/pgParser';
import { columnRefFields } from './columnRef';
import { findColumn, findRelationItem, resolveUnqualified, type ColumnSet, type Scope, type ScopeColumn } from './scope';
import { formatTypeName } from '../catalog/typeNames';

/**
 * The columns a select list produces, named as Postgres names them (FigureColname in parse_target.c):
 * what a view, a CTE or a subquery exposes to the queries that use it.
 */
export function selectListColumns(targetList: PgNode[] | undefined, scope: Scope): ColumnSet {
  const columns: ScopeColumn[] = [];
  let open = false;
  for (const t of targetList ?? []) {
    const target = t.ResTarget;
    if (!target) continue;
    const star = starColumns(target.val, scope);
    if (star) {
      columns.push(...star.columns);
      open ||= star.open;
      continue;
    }
    const figured = figureName(target.val);
    open ||= figured === undefined && !target.name;
    // An item without an alias that names an aliased column of an inner query keeps that alias's name, and its origin.
    const typed = typeOf(target.val, scope);
    const output = target.name ? target.location : typed.outputOf;
    // Keys added to a fresh object, not spread after one (V8: about a microsecond per key a spread adds).
    const column: ScopeColumn = { name: target.name ?? figured ?? '?column?' };
    if ('type' in typed) column.type = typed.type;
    if ('column' in typed) column.column = typed.column;
    if ('relation' in typed) column.relation = typed.relation;
    if ('rowOf' in typed) column.rowOf = typed.rowOf;
    if ('rowFields' in typed) column.rowFields = typed.rowFields;
    if (output !== undefined) column.outputOf = output;
    columns.push(column);
  }
  return { columns, open };
}

/** `*` or `t.*`: the columns it expands to. */
function starColumns(val: PgNode, scope: Scope): ColumnSet | undefined {
  const fields = val?.ColumnRef ? columnRefFields(val.ColumnRef) : undefined;
  if (!fields || fields[fields.length - 1] !== '*') return undefined;
  if (fields.length === 1) {
    const items = scope.items.filter((i) => i.colsVisible);
    return { columns: items.flatMap((i) => i.columns), open: items.some((i) => i.open) };
  }
  const item = findRelationItem(scope, fields[fields.length - 2], fields.length > 2 ? fields[fields.length - 3] : undefined);
  return item ?? { columns: [], open: true };
}

/** The type of an expression when it is a cast or a column we know; the catalog column behind a column reference. */
export function typeOf(val: PgNode, scope: Scope): Pick<ScopeColumn, 'type' | 'column' | 'relation' | 'outputOf' | 'rowOf' | 'rowFields'> {
  if (val?.TypeCast) return { type: formatTypeName(val.TypeCast.typeName) };
  if (val?.RowExpr) return { rowFields: (val.RowExpr.args ?? []).map((_: unknown, i: number) => `f${i + 1}`) };
  if (!val?.ColumnRef) return {};
  const fields = columnRefFields(val.ColumnRef);
  let col: ScopeColumn | undefined;
  if (fields.length === 1) {
    const r = resolveUnqualified(scope, fields[0]);
    // A table's name as a value is its whole row.
    if (r.kind === 'wholeRow' && r.item.relation?.kind === 'table' && !r.item.open) return { rowOf: r.item.relation };
    col = r.kind === 'column' ? r.column : undefined;
  } else {
    const item = findRelationItem(scope, fields[fields.length - 2]);
    col = item && findColumn(item, fields[fields.length - 1]);
  }
  if (!col) return {};
  const typed: ReturnType<typeof typeOf> = { type: col.type, column: col.column, relation: col.relation };
  if (col.outputOf !== undefined) typed.outputOf = col.outputOf;
  if (col.rowOf) typed.rowOf = col.rowOf;
  if (col.rowFields) typed.rowFields = col.rowFields;
  return typed;
}

const FIXED_NAMES: Record<string, string> = {
  CaseExpr: 'case', A_ArrayExpr: 'array', RowExpr: 'row', CoalesceExpr: 'coalesce', GroupingFunc: 'grouping',
  XmlSerialize: 'xmlserialize', JsonObjectConstructor: 'json_object', JsonArrayConstructor: 'json_array',
  JsonArrayQueryConstructor: 'json_array', JsonObjectAgg: 'json_objectagg', JsonArrayAgg: 'json_arrayagg',
  JsonParseExpr: 'json', JsonScalarExpr: 'json_scalar', JsonSerializeExpr: 'json_serialize',
};
/** Expressions that Postgres names `?column?`. */
const UNNAMED = new Set(['A_Const', 'BoolExpr', 'NullTest', 'BooleanTest', 'ParamRef', 'A_Expr', 'CollateClause', 'A_Indirection']);

/**
 * The name Postgres gives an expression, `?column?` when it has none; undefined for an expression we do
 * not know how Postgres names, so the caller can treat the output as open rather than guess.
 */
export function figureName(val: PgNode): string | undefined {
  const name = strongName(val);
  if (name !== undefined) return name;
  const type = val && Object.keys(val)[0];
  return UNNAMED.has(type) || type === 'SubLink' ? '?column?' : undefined;
}

function strongName(val: PgNode): string | undefined {
  if (!val || typeof val !== 'object') return undefined;
  const [type] = Object.keys(val);
  const node = val[type];
  switch (type) {
    case 'ColumnRef': {
      const fields = columnRefFields(node);
      return fields[fields.length - 1] === '*' ? undefined : fields[fields.length - 1];
    }
    case 'A_Indirection': {
      const last = [...(node.indirection ?? [])].reverse().find((i: PgNode) => i.String);
      return last ? last.String.sval : strongName(node.arg);
    }
    case 'FuncCall':
      return node.funcname[node.funcname.length - 1].String.sval;
    case 'A_Expr':
      return node.kind === 'AEXPR_NULLIF' ? 'nullif' : undefined;
    case 'TypeCast':
      // A weakly named argument (none, or CASE) gives way to the type's name: `'x'::text` is "text".
      return (node.arg?.CaseExpr ? undefined : strongName(node.arg)) ?? lastTypeName(node.typeName);
    case 'CollateClause':
      return strongName(node.arg);
    case 'SubLink':
      if (node.subLinkType === 'EXISTS_SUBLINK') return 'exists';
      if (node.subLinkType === 'ARRAY_SUBLINK') return 'array';
      if (node.subLinkType === 'EXPR_SUBLINK') {
        const first = node.subselect?.SelectStmt?.targetList?.[0]?.ResTarget;
        return first ? (first.name ?? strongName(first.val)) : undefined;
      }
      return undefined;
    case 'MinMaxExpr':
      return node.op === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'SQLValueFunction':
      return String(node.op).replace(/^SVFOP_/, '').replace(/_N$/, '').toLowerCase();
    case 'XmlExpr':
      return String(node.op).replace(/^IS_/, '').toLowerCase();
    default:
      return FIXED_NAMES[type];
  }
}

function lastTypeName(typeName: PgNode): string | undefined {
  const names = typeName?.names ?? [];
  return names[names.length - 1]?.String?.sval;
}
