import { promises as fs } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseCommandLine, UsageError } from './commandLine';
import { SCHEMA_SOURCES, type ProjectConfig, type SchemaSourceSetting } from '../project/config';
import { Workspace } from '../project/workspace';
import { sqlFilesUnder } from '../sources/migrations/discover';
import { findingsOf, format, formatJsonSummary, OUTPUT_FORMATS, type Finding, type OutputFormat } from './format';
import { checkSummary } from './summary';
import { applyPreferredFixes } from './fix';
import { runCommand } from './run';
import { prismaCommand } from './prisma';
import { defaultCacheDir, diskReplayCache, type ReplayCache } from '../project/replayCache';
import { buildId } from './buildId';

/**
 * `schemasense check [paths...] [--root DIR] [--migrations DIR] [--format text|json|sarif] [--fix]`
 * Exit status: 0 no error found (warnings allowed), 1 an error found, 2 bad usage or an unreadable path or source.
 */

export const USAGE = `Usage: schemasense check [paths...] [options]
       schemasense run FILE... | --pending [options]   (see schemasense run --help)
       schemasense prisma diff|status [options]        (see schemasense prisma --help)
       schemasense schema [--at FILE] [--format json|mermaid|svg]   (see schemasense schema --help)

Reports the errors PostgreSQL itself would raise on your migration files (unknown tables and
columns, syntax errors...), each file checked against the schema the migrations before it build.

Without paths, every migration file of the root is checked, in the order it is applied.
A path may be a file or a folder (every .sql file under it). A migration file is checked against
the migrations before it; any other SQL file against the schema after the whole history. When no
migrations are found under the root and a single folder is given, that folder is the history.

Options:
  --root DIR          project root (default: the current folder)
  --migrations DIR    migration folder (default: "migrations" in <root>/.schemasense.json,
                      else found: migrations/, db/migrations/, database/migrations/,
                      supabase/migrations/, prisma/migrations/*/migration.sql, Flyway's
                      src/main/resources/db/migration/ and sql/V*__*.sql)
  --prisma PATH       schema.prisma (or a folder of .prisma files) to take the schema from
                      (default: found at prisma/schema.prisma, schema.prisma, prisma/schema/)
  --database-url URL  PostgreSQL database to read the schema from (default: DATABASE_URL
                      from the environment or <root>/.env); read-only, password never shown
  --schema-source SRC auto (default: database, else schema.prisma, else the migrations
                      alone), database, prisma or migrations
  --format FORMAT     text (default), json or sarif
  --fix               apply the preferred quick fix of each problem that has one, in place
                      (each on stderr as "fixed file:line:col: code title"; a fix offered but not
                      preferred as "left file:line:col: code title: why"), then report what is left
  --no-cache          replay the migrations even when the replay cache has their schema
  -h, --help          show this help
  -V, --version       print the version (schemasense 0.1.0)

Paths on the command line are relative to the current folder.

Output:
  text   file:line:col: severity code message   (1-based line and column; a hint, if any,
         follows on the next line as "  hint: ..."), then one summary line:
         "1,204 statements checked in 96 files; 3 not checkable: dynamic SQL"
  json   [{file, range: {start: {line, character}, end: {...}}, severity, code, message, hint?}]
         with 0-based positions, as LSP counts them; the summary is the last line of stderr:
         {"summary": {files, statements, notCheckable, notCheckableBy}}
  sarif  SARIF 2.1.0, one rule per SQLSTATE; the summary in runs[0].properties.summary
A statement that could not be checked in full (dynamic SQL, a name it may have made, a schema
whose content is not known) has one information finding with code not-checked.

Replay cache: when paths are given, the schema after each migration is kept in
$SCHEMASENSE_CACHE_DIR (default ~/.cache/schemasense), with the migrations' paths and texts and
this build; the next check of files against the same migrations reads it instead of replaying
them. Only without a database or schema.prisma base; --no-cache skips it.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad usage or unreadable input.
`;

export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Where the history's replay is kept between runs (the executable's; none in process). */
  replayCache?: ReplayCache;
}

class InputError extends Error {}

interface CheckOptions {
  paths: string[];
  root: string;
  migrations?: string;
  /** --prisma, --database-url, --schema-source: they win over <root>/.schemasense.json. */
  config: ProjectConfig;
  format: OutputFormat;
  fix: boolean;
  /** Read and write the replay cache (not --no-cache). */
  cache: boolean;
}

function parse(argv: string[], cwd: string): CheckOptions | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      migrations: { type: 'string' },
      prisma: { type: 'string' },
      'database-url': { type: 'string' },
      'schema-source': { type: 'string' },
      format: { type: 'string' },
      fix: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command: schemasense check [paths...]');
  if (command !== 'check') throw new UsageError(`unknown command '${command}'`);
  const as = values.format ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(as)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not '${as}'`);
  }
  for (const [flag, value] of [['--root', values.root], ['--migrations', values.migrations]] as const) {
    if (value === '') throw new UsageError(`${flag} needs a folder`);
  }
  const source = values['schema-source'];
  if (source !== undefined && !(SCHEMA_SOURCES as readonly string[]).includes(source)) {
    throw new UsageError(`--schema-source must be one of ${SCHEMA_SOURCES.join(', ')}, not '${source}'`);
  }
  if (values.prisma === '' || values['database-url'] === '') throw new UsageError(`${values.prisma === '' ? '--prisma needs a path' : '--database-url needs a URL'}`);
  return {
    paths,
    root: path.resolve(cwd, values.root ?? '.'),
    migrations: values.migrations === undefined ? undefined : path.resolve(cwd, values.migrations),
    config: {
      ...(values.prisma !== undefined ? { prisma: path.resolve(cwd, values.prisma) } : {}),
      ...(values['database-url'] !== undefined ? { databaseUrl: values['database-url'] } : {}),
      ...(source !== undefined ? { schemaSource: source as SchemaSourceSetting } : {}),
    },
    format: as as OutputFormat,
    fix: values.fix ?? false,
    cache: !values['no-cache'],
  };
}

async function kindOf(p: string): Promise<'file' | 'folder'> {
  try {
    const stat = await fs.stat(p);
    if (stat.isDirectory()) return 'folder';
    if (stat.isFile()) return 'file';
    throw new InputError(`cannot read ${p}: not a file or folder`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${p}: ${code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
  }
}

async function openWorkspace(options: WorkspaceArgs): Promise<Workspace> {
  try {
    return await Workspace.open(options);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}
type WorkspaceArgs = Parameters<typeof Workspace.open>[0];

/** The sources given on the command line, as the user typed them: `--database-url`, `--prisma`, `--schema-source database`. */
function namedSources(config: ProjectConfig): string {
  const named = [
    ...(config.databaseUrl ? ['--database-url'] : []),
    ...(config.prisma ? ['--prisma'] : []),
    ...(config.schemaSource && config.schemaSource !== 'auto' ? [`--schema-source ${config.schemaSource}`] : []),
  ];
  return named.join(' and ');
}

async function check(options: CheckOptions, io: CliIo): Promise<number> {
  if ((await kindOf(options.root)) !== 'folder') throw new InputError(`--root ${options.root} is not a folder`);
  const args = await Promise.all(options.paths.map(async (p) => ({ path: path.resolve(io.cwd, p), kind: await kindOf(path.resolve(io.cwd, p)) })));

  const replay = {
    // Checking every migration analyses each file anyway: the replay's analyses serve the check, and a cache
    // would only add reading (or writing) the catalogs.
    replayCache: options.cache && args.length > 0 ? io.replayCache : undefined,
    reuseReplayAnalyses: args.length === 0,
  };
  let workspace = await openWorkspace({ root: options.root, migrations: options.migrations, config: options.config, ...replay });
  const folders = args.filter((a) => a.kind === 'folder');
  if (options.migrations === undefined && workspace.migrationFiles().length === 0 && folders.length === 1) {
    workspace = await openWorkspace({ root: options.root, migrations: folders[0].path, config: options.config, ...replay, reuseReplayAnalyses: true });
  }
  // A source named on the command line must be read; one found on its own may fall back, with a warning.
  const status = workspace.status();
  // It stops rather than fall back (the editor falls back, with a warning): say which and why, never "using …".
  if (status.failed && (options.config.prisma || options.config.databaseUrl || (options.config.schemaSource ?? 'auto') !== 'auto')) {
    throw new InputError(`${status.failure ?? status.warning}; stopped, nothing was checked: ${namedSources(options.config)} must be readable`);
  }
  if (status.warning) io.err(`schemasense: warning: ${status.warning}\n`);

  // The files to check, each once: migrations in the order they are applied, then the others by path.
  const history = workspace.migrationFiles();
  const rank = new Map(history.map((p, i) => [p, i]));
  const byHistory = (a: string, b: string) =>
    (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0);
  const files: string[] = [];
  // The whole project: its migrations, and schema.prisma for the drift against the Prisma migrations.
  if (args.length === 0) files.push(...history, ...workspace.prismaSchemaFiles());
  for (const arg of args) {
    files.push(...(arg.kind === 'file' ? [arg.path] : (await sqlFilesUnder(arg.path)).sort(byHistory)));
  }

  const findings: Finding[] = [];
  let failed = false;
  let checkedFiles = 0;
  let statements = 0;
  for (const file of new Set(files)) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
    }
    try {
      if (options.fix && !workspace.isPrismaSchema(file)) text = await fixFile(workspace, file, text, io);
      findings.push(...findingsOf(displayPath(file, io.cwd), artifactUri(file, io.cwd), text, workspace.check(file, text)));
      statements += workspace.statementCount(file, text);
      checkedFiles++;
    } catch (e) {
      // A bug of ours, not the user's: say so, check the other files, and do not pass as clean.
      io.err(`schemasense: internal error while checking ${displayPath(file, io.cwd)}: ${(e as Error).stack ?? e}\n`);
      failed = true;
    }
  }
  const summary = checkSummary(checkedFiles, statements, findings);
  io.out(format(findings, options.format, summary));
  // JSON stays an array of findings on stdout (the contract since 0.1); its summary is stderr's last line.
  if (options.format === 'json') io.err(formatJsonSummary(summary));
  return failed ? 2 : findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Applies the preferred fixes, writes the file when they changed it, and says what they did. */
async function fixFile(workspace: Workspace, file: string, text: string, io: CliIo): Promise<string> {
  const fixed = applyPreferredFixes(workspace, file, text);
  if (fixed.text !== text) {
    await fs.writeFile(file, fixed.text);
    // The migrations after it see the fixed text.
    workspace.setOverlay(file, fixed.text);
  }
  for (const f of fixed.applied) io.err(`fixed ${displayPath(file, io.cwd)}:${f.line}:${f.column}: ${f.code} ${f.title}\n`);
  // Positions in the fixed text: the fixes the editor offers and --fix does not apply.
  for (const f of fixed.left) io.err(`left ${displayPath(file, io.cwd)}:${f.line}:${f.column}: ${f.code} ${f.title}: ${f.because}\n`);
  return fixed.text;
}

function inside(file: string, cwd: string): string | undefined {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : undefined;
}

function displayPath(file: string, cwd: string): string {
  return inside(file, cwd) ?? file;
}

function artifactUri(file: string, cwd: string): string {
  const rel = inside(file, cwd);
  return rel !== undefined ? rel.split(path.sep).map(encodeURIComponent).join('/') : pathToFileURL(file).href;
}

/** Runs the CLI; resolves to its exit status. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.out(`schemasense ${(require('./version') as typeof import('./version')).productInfo().version}\n`);
    return 0;
  }
  if (argv[0] === 'run') return runCommand(argv.slice(1), io);
  if (argv[0] === 'prisma') return prismaCommand(argv.slice(1), io);
  // Loaded when asked for: the layout library stays out of `check`'s start-up.
  if (argv[0] === 'schema') return (require('./schema') as typeof import('./schema')).schemaCommand(argv.slice(1), io);
  try {
    const options = parse(argv, io.cwd);
    if (options === 'help') {
      io.out(USAGE);
      return 0;
    }
    return await check(options, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`schemasense: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`schemasense: ${e.message}\n`);
      return 2;
    }
    io.err(`schemasense: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}

/** The replay cache in the user's cache folder; none where there is no such folder (no home directory), nor unbundled. */
function replayCacheOf(): ReplayCache | undefined {
  const build = buildId();
  if (!build) return undefined;
  try {
    return diskReplayCache(defaultCacheDir(), build);
  } catch {
    return undefined;
  }
}

/** The `schemasense` executable (bin/schemasense.js): sets the exit status and lets pending output drain. */
export function run(argv: string[] = process.argv.slice(2)): void {
  void main(argv, {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    replayCache: replayCacheOf(),
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
