import { promises as fs } from 'fs';
import * as path from 'path';
import { parseCommandLine, UsageError } from './commandLine';
import { LineIndex } from '../project/textPositions';
import { Workspace } from '../project/workspace';
import { redact } from '../sources/database/redact';
import { oneLine, questionText, reportLines } from '../run/reportText';
import { runSession, TargetUnavailable } from '../run/runSession';
import { describeRunTarget, resolveTarget, type RunTarget } from '../run/target';
import type { CliIo } from './main';

/**
 * `schemasense run FILE... | --pending [--dry-run] [--database-url URL] ...`: the editor's Run Migration from
 * a terminal and CI. Exit status: 0 done, 1 a migration failed (or was cancelled, or the connection was
 * lost), 2 bad usage, unreadable input, no connection, or a confirmation that only --yes gives.
 */

export const RUN_USAGE = `Usage: schemasense run FILE... [options]
       schemasense run --pending [options]

Runs migration files on a PostgreSQL database: each file in one transaction (BEGIN ... COMMIT),
recorded in the table schemasense_migrations; the first error stops the run and rolls its file back.

Options:
  --pending             every migration file not applied yet, in order
  --dry-run             run inside a transaction that is always rolled back
  --database-url URL    the database (default: "databaseUrl" in <root>/.schemasense.json, else
                        DATABASE_URL from the environment, else from <root>/.env; with none, the
                        project's embedded PostgreSQL (PGlite) in the user's cache folder)
  --root DIR            project root (default: the current folder)
  --migrations DIR      migration folder (default: found, as for schemasense check)
  --statement-timeout MS  statement_timeout of the session, in milliseconds
  --yes                 run files already applied again, and run files that cannot run in one
                        transaction (CREATE INDEX CONCURRENTLY, ...) statement by statement
  --verbose             log every statement (duration, rows, notices) on stderr
  -h, --help            show this help

On an error, first: file:line:col: error SQLSTATE message   (1-based line and column in the file),
then the run's report (what was applied, detail, hint).
Ctrl-C cancels the running statement (pg_cancel_backend) and rolls back.

Exit status: 0 done, 1 a migration failed, was cancelled or lost its connection,
2 bad usage, unreadable input, no connection, or a confirmation needed (see --yes).
`;


interface RunArgs {
  files: string[];
  pending: boolean;
  dryRun: boolean;
  databaseUrl?: string;
  root: string;
  migrations?: string;
  statementTimeoutMs?: number;
  yes: boolean;
  verbose: boolean;
}

function parse(argv: string[], cwd: string): RunArgs | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    allowPositionals: true,
    options: {
      pending: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'database-url': { type: 'string' },
      root: { type: 'string' },
      migrations: { type: 'string' },
      'statement-timeout': { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.pending && positionals.length) throw new UsageError('give either files or --pending, not both');
  if (!values.pending && positionals.length === 0) throw new UsageError('missing files to run (or --pending)');
  const timeout = values['statement-timeout'];
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--statement-timeout takes milliseconds (a whole number)');
  return {
    files: positionals.map((p) => path.resolve(cwd, p)),
    pending: values.pending ?? false,
    dryRun: values['dry-run'] ?? false,
    databaseUrl: values['database-url'],
    root: path.resolve(cwd, values.root ?? '.'),
    migrations: values.migrations === undefined ? undefined : path.resolve(cwd, values.migrations),
    statementTimeoutMs: timeout === undefined ? undefined : Number(timeout),
    yes: values.yes ?? false,
    verbose: values.verbose ?? false,
  };
}

/** Runs `schemasense run ...`; resolves to the exit status. Every line it prints has passwords masked. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  let target: RunTarget | undefined;
  const secret = (text: string) => redact(text, ...argv, target?.kind === 'postgres' ? target.url : undefined);
  const out = (text: string) => io.out(secret(text));
  const err = (text: string) => io.err(secret(text));
  let args: RunArgs | 'help';
  try {
    args = parse(argv, io.cwd);
  } catch (e) {
    err(`schemasense run: ${(e as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    out(RUN_USAGE);
    return 0;
  }
  const abort = new AbortController();
  const onSigint = () => {
    err('schemasense run: cancelling...\n');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    for (const file of args.files) await fs.access(file).catch(() => Promise.reject(new Error(`cannot read ${file}`)));
    const workspace = await Workspace.open({ root: args.root, migrations: args.migrations });
    target = await resolveTarget(args.root, args.databaseUrl);
    err(`schemasense run: ${args.dryRun ? 'dry run on' : 'running on'} ${describeRunTarget(target).display}\n`);
    const report = await runSession({
      workspace,
      target,
      files: args.pending ? undefined : args.files,
      dryRun: args.dryRun,
      statementTimeoutMs: args.statementTimeoutMs,
      consent: { remoteHost: true, rerun: args.yes, noTransaction: args.yes },
      signal: abort.signal,
      log: args.verbose ? (line) => err(`${line}\n`) : undefined,
    });
    if (report.status === 'confirm') {
      for (const q of report.questions) err(`schemasense run: ${questionText(q)} (rerun with --yes)\n`);
      return 2;
    }
    const failure = report.failure;
    if (failure) {
      const text = await fs.readFile(failure.path, 'utf8').catch(() => '');
      const at = new LineIndex(text).positionAt(failure.span.start);
      const code = failure.code ?? (failure.kind === 'cancelled' ? '57014' : '08006');
      out(`${displayPath(failure.path, io.cwd)}:${at.line + 1}:${at.character + 1}: error ${code} ${oneLine(failure.message)}\n`);
    }
    out(reportLines(report).join('\n') + '\n');
    return report.status === 'done' ? 0 : 1;
  } catch (e) {
    err(`schemasense run: ${(e as Error).message}${e instanceof TargetUnavailable ? '; nothing ran' : ''}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
