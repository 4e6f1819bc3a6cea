import { promises as fs } from 'fs';
import * as path from 'path';
import { parse } from 'dotenv';

export const ENV_FILE = '.env';

/**
 * The environment a project's tools see: the process environment over the root's `.env` (a variable
 * set in the environment wins, as with Prisma and dotenv). A `.env` that cannot be parsed counts as empty.
 */
export async function projectEnvironment(root: string, processEnv: NodeJS.ProcessEnv = process.env): Promise<Record<string, string | undefined>> {
  let fromFile: Record<string, string> = {};
  try {
    fromFile = parse(await fs.readFile(path.join(root, ENV_FILE), 'utf8'));
  } catch {
    // No .env, or unreadable: the process environment alone.
  }
  return { ...fromFile, ...processEnv };
}
