import { parseArgs, type ParseArgsConfig } from 'util';
import { redact } from '../sources/database/redact';

/** A command line a command cannot use; its message says why (the command prints it with its usage, exit 2). */
export class UsageError extends Error {}

type Config = Omit<ParseArgsConfig, 'args' | 'strict'>;

/**
 * Every command's `parseArgs`: strict options, and a malformed command line as a UsageError whose message
 * never shows a password (parseArgs quotes the offending argument, which may be a connection URL).
 */
export function parseCommandLine<const T extends Config>(argv: string[], config: T): ReturnType<typeof parseArgs<T & { args: string[]; strict: true }>> {
  try {
    return parseArgs({ ...config, args: argv, strict: true as const });
  } catch (e) {
    throw new UsageError(redact((e as Error).message, ...argv));
  }
}
