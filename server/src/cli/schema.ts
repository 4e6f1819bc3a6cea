import * as path from 'path';
import { parseCommandLine } from './commandLine';
import { schemaModel, toMermaid, toSvg, touchedTables } from '../features/schemaView';
import { Workspace } from '../project/workspace';
import type { CliIo } from './main';

/**
 * `schemasense schema [--root DIR] [--at FILE] [--format json|mermaid|svg]`: the catalog after the whole
 * history, or just before FILE, as data or as a picture. No database is written; the schema comes from the
 * same sources as `check` (the migrations, over schema.prisma or a database when the project has one).
 */
export const SCHEMA_USAGE = `Usage: schemasense schema [options]

Prints the schema the migrations build: every table, view and materialized view with its columns
(type, nullability, default), primary key and foreign keys.

Options:
  --root DIR          project root (default: the current folder)
  --migrations DIR    migration folder (default: found, as for schemasense check)
  --at FILE           the schema just before this migration file (default: after the whole history)
  --format FORMAT     json (default): {"tables": [{schema, name, kind, columns: [{name, type, nullable,
                      default?}], primaryKey, foreignKeys: [{name?, columns, references: {schema, table,
                      columns}}]}]}
                      mermaid: an erDiagram, one relationship per foreign key with its cardinality
                      svg: the same picture laid out (dagre), a box per table, an arrow per foreign key;
                      with --at, the tables that file names or changes are highlighted
  -h, --help          show this help

Exit status: 0 printed, 2 bad usage or unreadable input.
`;

const FORMATS = ['json', 'mermaid', 'svg'] as const;

export async function schemaCommand(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parseCommandLine(argv, {
      options: {
        root: { type: 'string' },
        migrations: { type: 'string' },
        at: { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    io.err(`schemasense schema: ${(e as Error).message}\n\n${SCHEMA_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(SCHEMA_USAGE);
    return 0;
  }
  const format = values.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.err(`schemasense schema: --format must be one of ${FORMATS.join(', ')}, not '${format}'\n`);
    return 2;
  }
  const root = path.resolve(io.cwd, values.root ?? '.');
  let ws: Workspace;
  try {
    ws = await Workspace.open({ root, ...(values.migrations !== undefined ? { migrations: values.migrations } : {}) });
  } catch (e) {
    io.err(`schemasense schema: ${(e as Error).message}\n`);
    return 2;
  }
  const files = ws.migrationFiles();
  // A path that is not a migration sees the catalog after the whole history.
  const afterHistory = path.join(root, '\u0000after-history.sql');
  let catalog = ws.catalogFor(afterHistory);
  const touched = new Set<string>();
  if (values.at !== undefined) {
    const at = path.resolve(io.cwd, values.at);
    const i = files.indexOf(at);
    if (i < 0) {
      io.err(`schemasense schema: --at ${values.at} is not one of the ${files.length} migration files of ${root}\n`);
      return 2;
    }
    catalog = ws.catalogFor(at);
    // The tables that file names or goes on to change are drawn highlighted (as in the editor's ER diagram).
    const analysis = ws.analyze(at, ws.migrationText(at)!);
    for (const t of touchedTables(analysis, at, catalog, ws.catalogFor(files[i + 1] ?? afterHistory))) touched.add(t);
  }
  const model = schemaModel(catalog);
  if (format === 'json') io.out(JSON.stringify(model, null, 2) + '\n');
  else if (format === 'mermaid') io.out(toMermaid(model));
  else io.out(toSvg(model, touched));
  return 0;
}
