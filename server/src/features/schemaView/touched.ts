import type { Catalog, DocumentAnalysis } from '../../analysis';
import { documentSymbols } from '../navigation/documentSymbols';
import { namesInDocument } from '../navigation/namesInDocument';
import { changedTables } from './browse';

/**
 * `schema.table` of the relations a migration names (in any statement, also one Postgres would reject: the
 * names it resolves, and what its CREATE/ALTER statements and indexes, policies and triggers are on, from the
 * parse tree) and of those it adds, changes or drops: what the Schema view marks as used and the ER diagram highlights. A
 * migration that fails still shows what it is about (015 of the sample names customers, api_clients, api_keys
 * and invoices, though its view is rejected and changes nothing).
 */
export function touchedTables(analysis: DocumentAnalysis, file: string, before: Catalog, after: Catalog): Set<string> {
  const out = changedTables(before, after);
  for (const use of namesInDocument(analysis, file)) {
    const t = use.target;
    if (t.kind === 'relation') out.add(`${t.relation.schema}.${t.relation.name}`);
    else if (t.kind === 'column' && t.column.relation) out.add(`${t.column.relation.schema}.${t.column.relation.name}`);
  }
  // A rejected statement resolves nothing: its outline still says what it creates or alters.
  for (const symbol of documentSymbols(analysis)) {
    const name =
      symbol.kind === 'table' || symbol.kind === 'view' || symbol.kind === 'materialized view'
        ? symbol.name
        : (symbol.kind === 'index' || symbol.kind === 'policy' || symbol.kind === 'trigger') && symbol.detail?.startsWith('on ')
          ? symbol.detail.slice(3)
          : undefined;
    const key = name && relationKey(name, before, after);
    if (key) out.add(key);
  }
  return out;
}

/** `schema.name` of a name as written: a qualified one as is; else the schema either catalog has it in (public first). */
function relationKey(name: string, ...catalogs: Catalog[]): string | undefined {
  if (name.includes('.')) return name;
  const schemas = catalogs.flatMap((c) => [...c.schemas.values()].filter((s) => s.relations.has(name)).map((s) => s.name));
  if (schemas.length === 0) return undefined;
  return schemas.includes('public') ? `public.${name}` : `${schemas[0]}.${name}`;
}
