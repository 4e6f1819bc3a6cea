import * as path from 'path';
import { parseCommandLine } from './commandLine';
import { Workspace } from '../project/workspace';
import { isPrismaMigration } from '../project/prismaDrift';
import type { HistoryFinding } from '../analysis/drift';
import type { CliIo } from './main';

/**
 * `schemasense prisma diff [--root DIR] [--prisma PATH] [--migrations DIR] [--exit-code]`: the migration
 * `prisma migrate dev` would write to bring the Prisma migrations to schema.prisma, computed with no
 * database and no engine binary (project/prismaDrift.ts), printed on stdout.
 * `schemasense prisma status [--root DIR] [--migrations DIR] [--database-url URL]`: the migration folders
 * against the database's `_prisma_migrations` (Workspace.prismaHistory), as `prisma migrate status` tells it.
 */

export const PRISMA_USAGE = `Usage: schemasense prisma diff [options]
       schemasense prisma status [--root DIR] [--migrations DIR] [--database-url URL]

Prints the SQL of the migration that brings the database the Prisma migrations
(prisma/migrations/*/migration.sql) build to the one schema.prisma describes, as
\`prisma migrate dev\` would write it, with no database and no engine binary. A column that looks
renamed (dropped and added with the same type) is renamed instead of dropped and added.
"-- This is an empty migration." when they agree.

\`status\` reads the database's _prisma_migrations (read-only; the URL from --database-url, else
DATABASE_URL from the environment or <root>/.env; its password is never shown) and lists the folders
not yet applied, modified after they were applied (Prisma's checksum), failed, and applied but
missing here. Exit 0 when the database has every folder as it is, 1 otherwise, 2 when the
database cannot be read.

Options:
  --root DIR          project root (default: the current folder)
  --prisma PATH       schema.prisma, or a folder of .prisma files (default: found)
  --migrations DIR    migration folder (default: found)
  --exit-code         exit 1 when the migration is not empty
  --database-url URL  (status) the database to read
  -h, --help          show this help

Exit status: 0 printed (or, with --exit-code, no drift), 1 drift found (--exit-code only),
2 bad usage, no schema.prisma or no Prisma migrations.
`;

export async function prismaCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, {
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        prisma: { type: 'string' },
        migrations: { type: 'string' },
        'exit-code': { type: 'boolean' },
        'database-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.err(`schemasense prisma: ${(e as Error).message}\n\n${PRISMA_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(PRISMA_USAGE);
    return 0;
  }
  if (positionals.length !== 1 || (positionals[0] !== 'diff' && positionals[0] !== 'status')) {
    io.err(`schemasense prisma: ${positionals.length ? `unknown command '${positionals.join(' ')}'` : 'missing command'}: schemasense prisma diff|status\n\n${PRISMA_USAGE}`);
    return 2;
  }
  const status = positionals[0] === 'status';
  if ((status && (values.prisma !== undefined || values['exit-code'])) || (!status && values['database-url'] !== undefined)) {
    io.err(`schemasense prisma: ${status ? '--prisma and --exit-code are options of diff' : '--database-url is an option of status'}\n\n${PRISMA_USAGE}`);
    return 2;
  }
  const root = path.resolve(io.cwd, values.root ?? '.');
  let workspace: Workspace;
  try {
    workspace = await Workspace.open({
      root,
      migrations: values.migrations === undefined ? undefined : path.resolve(io.cwd, values.migrations),
      config: status
        ? { schemaSource: 'database', ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}) }
        : values.prisma === undefined
          ? {}
          : { prisma: path.resolve(io.cwd, values.prisma) },
    });
  } catch (e) {
    io.err(`schemasense prisma: ${(e as Error).message}\n`);
    return 2;
  }
  if (status) return printStatus(workspace, root, io);
  if (!workspace.prismaSchemaFiles().length) {
    io.err(`schemasense prisma: no schema.prisma found under ${root}${values.prisma ? ` (--prisma ${values.prisma})` : ''}\n`);
    return 2;
  }
  const report = workspace.prismaDrift();
  if (!report) {
    io.err(`schemasense prisma: no Prisma migrations (migrations/<name>/migration.sql) found under ${root}, or schema.prisma is not for PostgreSQL\n`);
    return 2;
  }
  io.out(report.sql);
  return values['exit-code'] && report.drifts.length ? 1 : 0;
}

/** `prisma status`: what the database's history says of each folder, in the words of `prisma migrate status`. */
function printStatus(workspace: Workspace, root: string, io: CliIo): number {
  const base = workspace.status();
  if (base.source !== 'database') {
    io.err(`schemasense prisma: ${base.warning ?? 'no database to read'}\n`);
    return 2;
  }
  const folders = workspace.migrationFiles().filter(isPrismaMigration);
  if (!folders.length) {
    io.err(`schemasense prisma: no Prisma migrations (migrations/<name>/migration.sql) found under ${root}\n`);
    return 2;
  }
  const history = workspace.prismaHistory();
  const names = (kind: HistoryFinding['kind']) => (history?.findings ?? []).filter((f) => f.kind === kind);
  const lines: string[] = [];
  if (!history) {
    lines.push(`${folders.length} migration(s) found; the database has no _prisma_migrations table: none is applied`, ...folders.map((f) => `  not yet applied: ${path.basename(path.dirname(f))}`));
  } else {
    const unapplied = names('unapplied');
    lines.push(`${folders.length} migration(s) found; ${history.table} of ${history.database}: ${folders.length - unapplied.length} applied`);
    for (const f of unapplied) lines.push(`  not yet applied: ${f.name}`);
    for (const f of names('edited')) if (f.kind === 'edited') lines.push(`  modified after it was applied: ${f.name} (checksum ${f.now.slice(0, 12)}…, recorded ${f.recorded.slice(0, 12)}…)`);
    for (const f of names('failed')) if (f.kind === 'failed') lines.push(`  failed: ${f.name}${f.startedAt ? ` (started ${f.startedAt})` : ''}`);
    for (const f of names('missing')) lines.push(`  applied, but its folder is missing here: ${f.name}`);
    if (lines.length === 1) lines.push('  the database is up to date');
  }
  io.out(lines.join('\n') + '\n');
  return lines.length === 2 && lines[1] === '  the database is up to date' ? 0 : 1;
}
