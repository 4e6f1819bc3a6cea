import { findRelationItem, resolveUnqualified, type ColumnResolution, type Scope } from './scope';

/**
 * The catalog column a resolved column reference reaches, if it reaches one: what uses it depend on.
 * `resolved`: a one-name reference's resolution in `scope`, when the caller has it (an observation's).
 */
export function usedColumn(fields: readonly string[], scope: Scope, resolved?: ColumnResolution): { schema: string; relation: string; column: string } | undefined {
  if (fields.length === 1) {
    const r = resolved ?? resolveUnqualified(scope, fields[0]);
    if (r.kind === 'column' && r.item.relation && r.column?.column) return { schema: r.item.relation.schema, relation: r.item.relation.name, column: fields[0] };
    return undefined;
  }
  const qualifier = fields[fields.length - 2];
  const schema = fields.length === 3 ? fields[0] : undefined;
  const item = fields.length <= 3 ? findRelationItem(scope, qualifier, schema) : undefined;
  const column = fields[fields.length - 1];
  if (item?.relation && item.columns.some((c) => c.name === column && c.column)) return { schema: item.relation.schema, relation: item.relation.name, column };
  return undefined;
}
