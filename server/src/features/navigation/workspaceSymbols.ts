import type { Catalog, Origin } from '../../analysis';
import type { NamedObject } from '../types';

/**
 * Workspace symbols: every relation, column and function of the schema after the history whose name
 * contains the query (case-insensitively, in order of the query's letters), pointing at the statement that
 * made it. Objects without a file of their own (read from a database) are left out.
 */
export function workspaceSymbols(catalog: Catalog, query: string, limit = 500): NamedObject[] {
  const matches = matcher(query);
  const out: NamedObject[] = [];
  const push = (o: NamedObject) => out.length < limit && out.push(o);
  for (const schema of catalog.schemas.values()) {
    if (schema.name === 'pg_catalog' || schema.name === 'information_schema') continue;
    for (const relation of schema.relations.values()) {
      if (matches(relation.name) && located(relation.origin)) {
        push({ name: relation.name, kind: relation.kind, container: schema.name, file: relation.origin.file, span: relation.origin.span });
      }
      for (const column of relation.columns) {
        if (matches(column.name) && located(column.origin)) {
          push({ name: column.name, kind: 'column', container: relation.name, file: column.origin.file, span: column.origin.span });
        }
      }
    }
    for (const [name, overloads] of schema.functions) {
      if (!matches(name)) continue;
      for (const fn of overloads) {
        if (located(fn.origin)) push({ name: `${name}(${fn.args})`, kind: 'function', container: schema.name, file: fn.origin.file, span: fn.origin.span });
      }
    }
  }
  return out;
}

function located(origin: Origin | undefined): origin is Origin {
  return !!origin && origin.file !== '' && origin.file !== 'database' && !/^postgres(ql)?:/.test(origin.file);
}

/** The query's characters in order ("custid" matches customer_id), as editors filter symbols. */
function matcher(query: string): (name: string) => boolean {
  const q = query.toLowerCase();
  return (name) => {
    const n = name.toLowerCase();
    let i = 0;
    for (const ch of n) if (ch === q[i]) i++;
    return i >= q.length;
  };
}
