/** The schema as data and as pictures (`schemasense schema`): pure functions of a catalog. */
export { schemaModel, type SchemaModel, type TableModel } from './model';
export { toMermaid, entityName } from './mermaid';
export { toSvg } from './svg';
export { schemaBrowse, changedTables, type SchemaBrowse, type BrowseTable, type BrowseColumn, type BrowseIndex, type BrowseForeignKey, type BrowseChange } from './browse';
export { touchedTables } from './touched';
export { focusModel } from './focus';
