import { lookupRelation } from '../../catalog/lookup';
import type { Relation } from '../../catalog/types';
import { qualifiedName } from '../../catalog/names';
import type { PgNode } from '../../parser/pgParser';
import type { Claim, LockMode, RuleStatement } from '../types';

/** The table a RangeVar names in the session before the statement; undefined when it is not a table we know. */
export function tableOf(s: RuleStatement, rv: PgNode): Relation | undefined {
  if (!rv?.relname) return undefined;
  const found = lookupRelation(s.session.catalog, s.session.searchPath, rv.schemaname, rv.relname);
  return found.kind === 'found' && found.relation.kind === 'table' ? found.relation : undefined;
}

/** The table, when it existed before this file (so a lock, scan or rewrite on it can hold others up). */
export function existingTable(s: RuleStatement, rv: PgNode): Relation | undefined {
  const table = tableOf(s, rv);
  return table && s.file.existing(table) ? table : undefined;
}

/** `schema.name` as a message names it (public left out). */
export function displayName(relation: Pick<Relation, 'schema' | 'name'>): string {
  return qualifiedName(relation.schema, relation.name);
}

export function claim(relation: Relation, lock: LockMode, rewrite?: boolean): Claim {
  return { table: { schema: relation.schema, name: relation.name }, lock, ...(rewrite !== undefined ? { rewrite } : {}) };
}

/** Where the table came from, for messages: "created in 003_users.sql". */
export function createdIn(relation: Relation): string {
  const file = relation.origin?.file;
  if (!file) return 'it exists before this migration';
  const parts = file.split(/[\\/]/);
  // Prisma's migration.sql and diesel's up.sql are named by their folder.
  const name = /^(migration|up)\.sql$/i.test(parts[parts.length - 1]) && parts.length > 1 ? parts.slice(-2).join('/') : parts[parts.length - 1];
  return `created in ${name}`;
}

/** The ALTER TABLE subcommands of a statement (empty for other statements). */
export function alterCommands(s: RuleStatement): PgNode[] {
  if (s.kind !== 'AlterTableStmt' || (s.node.objtype && s.node.objtype !== 'OBJECT_TABLE')) return [];
  return (s.node.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
}

/** An ALTER TABLE of a table that existed before this file, with its subcommands; undefined otherwise. */
export function alteredExistingTable(s: RuleStatement): { table: Relation; commands: PgNode[] } | undefined {
  const commands = alterCommands(s);
  const table = commands.length ? existingTable(s, s.node.relation) : undefined;
  return table && { table, commands };
}
