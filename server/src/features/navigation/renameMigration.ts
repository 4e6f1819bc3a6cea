import type { Catalog, DocumentAnalysis, Relation } from '../../analysis';
import type { RelationKind } from '../../analysis/catalog/types';
import { quoteIdent } from '../../analysis/catalog/names';
import { identityOf, sameObject, type Identity } from './namesInDocument';
import { useAt } from './references';

/** What renames a table or column of the history: the statement for a new migration, and the one that undoes it. */
export interface RenameStatement {
  /** `column api_keys.secret_hash`, `table customers`: the object as the end of the history names it. */
  what: string;
  /** snake_case, for the file name: `rename_api_keys_secret_hash`. */
  name: string;
  up: string;
  down: string;
}

const ALTER: Record<RelationKind, string> = {
  table: 'ALTER TABLE',
  view: 'ALTER VIEW',
  'materialized view': 'ALTER MATERIALIZED VIEW',
  'foreign table': 'ALTER FOREIGN TABLE',
  sequence: 'ALTER SEQUENCE',
};

/** Schemas of the system: their objects are not the history's to rename. */
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

/**
 * For the table, view or column at `offset` (a use or its definition, in any migration or SQL file): the
 * `ALTER … RENAME …` a new migration runs to rename it, where prepareRename refuses (history is not
 * rewritten). The object is taken as the end of the history has it (`historyEnd`), found by its identity: a
 * column renamed by a later migration is renamed under its current name; one dropped since gets nothing.
 * The new name is a placeholder (`<name>_new`) for the person to write.
 */
export function renameStatement(analysis: DocumentAnalysis, file: string, offset: number, historyEnd: () => Catalog): RenameStatement | undefined {
  const at = useAt({ file, analysis }, offset);
  if (!at || (at.target.kind !== 'relation' && at.target.kind !== 'column')) return undefined;
  const identity = identityOf(at.target);
  if (!identity) return undefined;
  const end = historyEnd();
  const found = at.target.kind === 'relation' ? findRelation(end, identity) : findColumn(end, identity);
  if (!found || SYSTEM_SCHEMAS.has(found.relation.schema)) return undefined;
  const { relation, column } = found;
  const target = relation.schema === 'public' ? quoteIdent(relation.name) : `${quoteIdent(relation.schema)}.${quoteIdent(relation.name)}`;
  const alter = ALTER[relation.kind];
  const word = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase() || 'x';
  if (column === undefined) {
    const renamed = `${relation.name}_new`;
    const renamedTarget = relation.schema === 'public' ? quoteIdent(renamed) : `${quoteIdent(relation.schema)}.${quoteIdent(renamed)}`;
    return {
      what: `${relation.kind} ${relation.name}`,
      name: word(`rename_${relation.name}`),
      up: `${alter} ${target} RENAME TO ${quoteIdent(renamed)};\n`,
      down: `${alter} ${renamedTarget} RENAME TO ${quoteIdent(relation.name)};\n`,
    };
  }
  const renamed = `${column}_new`;
  return {
    what: `column ${relation.name}.${column}`,
    name: word(`rename_${relation.name}_${column}`),
    up: `${alter} ${target} RENAME COLUMN ${quoteIdent(column)} TO ${quoteIdent(renamed)};\n`,
    down: `${alter} ${target} RENAME COLUMN ${quoteIdent(renamed)} TO ${quoteIdent(column)};\n`,
  };
}

function* relations(catalog: Catalog): Generator<Relation> {
  for (const schema of catalog.schemas.values()) yield* schema.relations.values();
}

/** The relation at the end of the history with this identity: by origin first (it survives renames), else by name. */
function findRelation(catalog: Catalog, identity: Identity): { relation: Relation; column?: string } | undefined {
  let byName: Relation | undefined;
  for (const relation of relations(catalog)) {
    const other = identityOf({ kind: 'relation', relation })!;
    if (identity.origin !== undefined && other.origin === identity.origin) return { relation };
    if (!byName && sameObject(identity, other)) byName = relation;
  }
  return byName && { relation: byName };
}

function findColumn(catalog: Catalog, identity: Identity): { relation: Relation; column?: string } | undefined {
  let byName: { relation: Relation; column: string } | undefined;
  for (const relation of relations(catalog)) {
    for (const column of relation.columns) {
      const other = identityOf({ kind: 'column', column: { name: column.name, column, relation } })!;
      if (identity.origin !== undefined && other.origin === identity.origin) return { relation, column: column.name };
      if (!byName && sameObject(identity, other)) byName = { relation, column: column.name };
    }
  }
  return byName;
}
