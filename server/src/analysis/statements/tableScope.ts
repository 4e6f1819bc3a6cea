import type { Relation } from '../catalog/types';
import { childScope, columnsOfRelation, type Scope } from '../resolve/scope';

/** The scope of expressions that belong to one table: CHECK, generated columns, index expressions, policies. */
export function tableScope(relation: Relation): Scope {
  return childScope(undefined, [{
    columns: columnsOfRelation(relation),
    open: relation.open,
    refname: relation.name,
    relname: relation.name,
    schema: relation.schema,
    relVisible: true,
    colsVisible: true,
    systemColumns: relation.kind === 'table',
    relation,
  }]);
}
