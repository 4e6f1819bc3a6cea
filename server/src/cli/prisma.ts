import * as path from 'path';
import { parseArgs } from 'util';
import { Workspace } from '../project/workspace';
import type { CliIo } from './main';

/**
 * `schemasense prisma diff [--root DIR] [--prisma PATH] [--migrations DIR] [--exit-code]`: the migration
 * `prisma migrate dev` would write to bring the Prisma migrations to schema.prisma, computed with no
 * database and no engine binary (project/prismaDrift.ts), printed on stdout.
 */

export const PRISMA_USAGE = `Usage: schemasense prisma diff [options]

Prints the SQL of the migration that brings the database the Prisma migrations
(prisma/migrations/*/migration.sql) build to the one schema.prisma describes, as
\`prisma migrate dev\` would write it, with no database and no engine binary. A column that looks
renamed (dropped and added with the same type) is renamed instead of dropped and added.
"-- This is an empty migration." when they agree.

Options:
  --root DIR          project root (default: the current folder)
  --prisma PATH       schema.prisma, or a folder of .prisma files (default: found)
  --migrations DIR    migration folder (default: found)
  --exit-code         exit 1 when the migration is not empty
  -h, --help          show this help

Exit status: 0 printed (or, with --exit-code, no drift), 1 drift found (--exit-code only),
2 bad usage, no schema.prisma or no Prisma migrations.
`;

export async function prismaCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        root: { type: 'string' },
        prisma: { type: 'string' },
        migrations: { type: 'string' },
        'exit-code': { type: 'boolean' },
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
  if (positionals.length !== 1 || positionals[0] !== 'diff') {
    io.err(`schemasense prisma: ${positionals.length ? `unknown command '${positionals.join(' ')}'` : 'missing command'}: schemasense prisma diff\n\n${PRISMA_USAGE}`);
    return 2;
  }
  const root = path.resolve(io.cwd, values.root ?? '.');
  let workspace: Workspace;
  try {
    workspace = await Workspace.open({
      root,
      migrations: values.migrations === undefined ? undefined : path.resolve(io.cwd, values.migrations),
      config: values.prisma === undefined ? {} : { prisma: path.resolve(io.cwd, values.prisma) },
    });
  } catch (e) {
    io.err(`schemasense prisma: ${(e as Error).message}\n`);
    return 2;
  }
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
