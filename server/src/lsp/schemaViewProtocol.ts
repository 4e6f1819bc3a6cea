/**
 * The custom LSP messages of the Schema view and the ER diagram, shared by the server and the VS Code client
 * (no imports: the client bundle takes this file alone). The data is features/schemaView's, with each
 * defining statement as an LSP location.
 */

/** Request `schemasense/schemaTree`: the schema as of a document (a migration: just before or just after it). */
export const SCHEMA_TREE_REQUEST = 'schemasense/schemaTree';
/** Request `schemasense/schemaDiagram`: the ER diagram (SVG and mermaid) as of a migration of a folder. */
export const SCHEMA_DIAGRAM_REQUEST = 'schemasense/schemaDiagram';
/** Server → client: the analysis of a document (or a folder's history) changed; views of that folder may be stale. */
export const SCHEMA_CHANGED_NOTIFICATION = 'schemasense/schemaChanged';

/** `before`: the schema the migration is checked against; `after`: once it has run. */
export type SchemaMoment = 'before' | 'after';
export type SchemaChangeMark = 'added' | 'changed' | 'dropped';

export interface SchemaLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface SchemaTreeParams {
  /** The active document (a migration, another SQL file) or a folder. */
  uri: string;
  moment: SchemaMoment;
}

export interface SchemaTreeColumn {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  primaryKey: boolean;
  references?: { schema: string; table: string; column: string };
  change?: SchemaChangeMark;
  location?: SchemaLocation;
}

export interface SchemaTreeTable {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view';
  change?: SchemaChangeMark;
  /** The migration names it (in any statement, also one PostgreSQL rejects). */
  used?: true;
  location?: SchemaLocation;
  columns: SchemaTreeColumn[];
  foreignKeys: { name?: string; columns: string[]; references: { schema: string; table: string; columns: string[] }; change?: SchemaChangeMark }[];
  indexes?: { name: string; columns: string[]; unique: boolean; primary: boolean; where?: string; change?: SchemaChangeMark; location?: SchemaLocation }[];
}

export interface SchemaTreeResult {
  /** The workspace folder's path. */
  root: string;
  /** The migration the schema is as of (its name in the history), when the document is one; else the whole history. */
  migration?: string;
  moment: SchemaMoment;
  schemas: { name: string; tables: SchemaTreeTable[] }[];
}

export interface SchemaDiagramParams {
  /** A document or folder of the workspace. */
  uri: string;
  /** The migration (its URI) the diagram is as of; absent: after the whole history. */
  migration?: string;
  moment: SchemaMoment;
}

export interface SchemaDiagramResult {
  root: string;
  /** `015_add_credits_to_customer_stats.sql (after)`, or `after the whole history`. */
  title: string;
  /** The migration shown (its URI), when one is. */
  migration?: string;
  moment: SchemaMoment;
  svg: string;
  mermaid: string;
  /** Tables drawn, and tables the schema has: a big schema is drawn in part, what the migration uses first. */
  drawn: number;
  total: number;
  /** `schema.table` of the tables the migration adds, changes or drops (highlighted in the SVG). */
  highlighted: string[];
  /** Where each `schema.table` of the picture is defined. */
  locations: Record<string, SchemaLocation>;
  /** The folder's migrations in history order, to pick another. */
  migrations: { uri: string; name: string }[];
}

export interface SchemaChangedParams {
  /** The document whose analysis changed, or the folder that was loaded again. */
  uri: string;
}
