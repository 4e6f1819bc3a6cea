import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';
import type { Catalog, DocumentAnalysis, Origin } from '../analysis';
import { focusModel, schemaBrowse, schemaModel, toMermaid, toSvg, touchedTables } from '../features/schemaView';
import type { Workspace } from '../project/workspace';
import { migrationFile } from '../run/runSession';
import { LineIndex } from '../project/textPositions';
import type { DocumentChecker, OpenDocuments } from './checks';
import { linesOf } from './languageFeatures';
import {
  SCHEMA_CHANGED_NOTIFICATION,
  SCHEMA_DIAGRAM_REQUEST,
  SCHEMA_TREE_REQUEST,
  type SchemaChangedParams,
  type SchemaDiagramParams,
  type SchemaDiagramResult,
  type SchemaLocation,
  type SchemaMoment,
  type SchemaTreeParams,
  type SchemaTreeResult,
} from './schemaViewProtocol';
import { uriToPath } from './uris';
import type { WorkspaceRegistry } from './workspaces';

type Guard = <T>(name: string, run: () => Promise<T>) => Promise<T | null>;

/**
 * The Schema view and the ER diagram: the LSP side of features/schemaView. Each request answers the pure
 * feature's output for the catalog as of a migration (the editors' texts in place), with each defining
 * statement as a location; `changed` tells the client when a document's analysis changed.
 */
export function registerSchemaView(connection: Connection, checker: DocumentChecker, documents: OpenDocuments, registry: WorkspaceRegistry, guard: Guard) {
  /** The workspace of `uri` with the open documents' texts in place, and the path `uri` has there. */
  const place = async (uri: string): Promise<{ ws: Workspace; file: string; root: string } | undefined> => {
    // analysisOf puts every open document's text in its workspace (the history the catalogs come from).
    if (documents.get(uri)) await checker.analysisOf(uri);
    const placement = registry.place(uri);
    const ws = await placement.entry.ready;
    return ws ? { ws, file: placement.path, root: placement.entry.root } : undefined;
  };

  /** A migration's analysis: the open document's text, else the file's in the history. */
  const analysisOf = async (ws: Workspace, file: string): Promise<DocumentAnalysis | undefined> => {
    const uri = pathToFileURL(file).toString();
    if (documents.get(uri)) return (await checker.analysisOf(uri))?.analysis;
    const text = ws.migrationText(file);
    return text === undefined ? undefined : ws.analyze(file, text);
  };

  const location = (origin: Origin | undefined): SchemaLocation | undefined => {
    if (!origin?.file) return undefined;
    const uri = pathToFileURL(origin.file).toString();
    const open = documents.get(uri);
    const lines = open ? new LineIndex(open.getText()) : linesOf(origin.file);
    return lines && { uri, range: { start: lines.positionAt(origin.span.start), end: lines.positionAt(origin.span.end) } };
  };

  connection.onRequest(SCHEMA_TREE_REQUEST, (params: SchemaTreeParams) =>
    guard('schema tree', async (): Promise<SchemaTreeResult | null> => {
      if (typeof params?.uri !== 'string') return null;
      const placed = await place(params.uri);
      if (!placed) return null;
      const moment = momentOf(params.moment);
      const asOf = catalogsAround(placed.ws, placed.file);
      const analysis = asOf && (await analysisOf(placed.ws, placed.file));
      const used = asOf && analysis ? touchedTables(analysis, placed.file, asOf.before, asOf.after) : undefined;
      const browse = asOf
        ? schemaBrowse(moment === 'before' ? asOf.before : asOf.after, { other: moment === 'before' ? asOf.after : asOf.before, shownIs: moment, used })
        : schemaBrowse(placed.ws.catalogAfterHistory());
      return {
        root: placed.root,
        ...(asOf ? { migration: migrationName(placed.ws, placed.file) } : {}),
        moment,
        schemas: browse.schemas.map((s) => ({
          name: s.name,
          tables: s.tables.map(({ origin, columns, indexes, ...t }) => ({
            ...t,
            ...withLocation(location(origin)),
            columns: columns.map(({ origin: o, ...c }) => ({ ...c, ...withLocation(location(o)) })),
            ...(indexes ? { indexes: indexes.map(({ origin: o, ...i }) => ({ ...i, ...withLocation(location(o)) })) } : {}),
          })),
        })),
      };
    }),
  );

  connection.onRequest(SCHEMA_DIAGRAM_REQUEST, (params: SchemaDiagramParams) =>
    guard('schema diagram', async (): Promise<SchemaDiagramResult | null> => {
      if (typeof params?.uri !== 'string') return null;
      const placed = await place(params.migration ?? params.uri);
      if (!placed) return null;
      const moment = momentOf(params.moment);
      const migrationPath = params.migration ? uriToPath(params.migration) : placed.ws.isMigration(placed.file) ? placed.file : undefined;
      const asOf = migrationPath ? catalogsAround(placed.ws, migrationPath) : undefined;
      const catalog = asOf ? (moment === 'before' ? asOf.before : asOf.after) : placed.ws.catalogAfterHistory();
      const analysis = asOf && migrationPath ? await analysisOf(placed.ws, migrationPath) : undefined;
      const highlighted = asOf && analysis ? touchedTables(analysis, migrationPath!, asOf.before, asOf.after) : new Set<string>();
      // A big schema is drawn in part (focus.ts): the layout's cost grows faster than the tables.
      const full = schemaModel(catalog);
      const { model, total } = focusModel(full, highlighted, DIAGRAM_TABLES);
      const locations: Record<string, SchemaLocation> = {};
      for (const schema of catalog.schemas.values()) {
        for (const r of schema.relations.values()) {
          const at = location(r.origin);
          if (at) locations[`${r.schema}.${r.name}`] = at;
        }
      }
      const shown = new Set(model.tables.map((t) => `${t.schema}.${t.name}`));
      return {
        root: placed.root,
        title: asOf && migrationPath ? `${migrationName(placed.ws, migrationPath)} (${moment})` : 'after the whole history',
        ...(asOf && migrationPath ? { migration: pathToFileURL(migrationPath).toString() } : {}),
        moment,
        svg: toSvg(model, highlighted),
        drawn: model.tables.length,
        total,
        mermaid: toMermaid(full),
        highlighted: [...highlighted].filter((t) => shown.has(t)).sort(),
        locations,
        migrations: placed.ws.migrationFiles().map((f) => ({ uri: pathToFileURL(f).toString(), name: migrationName(placed.ws, f) })),
      };
    }),
  );

  return {
    /** A document was checked (its analysis, or that of its history, may have changed). */
    changed(uri: string): void {
      void connection.sendNotification(SCHEMA_CHANGED_NOTIFICATION, { uri } satisfies SchemaChangedParams).catch(() => undefined);
    },
  };
}

/** The most tables an ER diagram draws (0.65 s CPU of layout for 200 tables; 2.3 s for 400). */
export const DIAGRAM_TABLES = 200;

function momentOf(moment: unknown): SchemaMoment {
  return moment === 'after' ? 'after' : 'before';
}

/** The catalogs just before and just after a migration of the history; undefined for any other file. */
function catalogsAround(ws: Workspace, file: string): { before: Catalog; after: Catalog } | undefined {
  if (!ws.isMigration(file)) return undefined;
  const files = ws.migrationFiles();
  const i = files.indexOf(path.resolve(file));
  if (i < 0) return undefined;
  return { before: ws.catalogFor(files[i]), after: i + 1 < files.length ? ws.catalogFor(files[i + 1]) : ws.catalogAfterHistory() };
}

/** The migration as its history names it: its path under its migration folder (`20240101_init/migration.sql`), as Run Migration records it. */
function migrationName(ws: Workspace, file: string): string {
  return migrationFile(ws, file, '').name;
}

function withLocation(location: SchemaLocation | undefined): { location?: SchemaLocation } {
  return location ? { location } : {};
}
