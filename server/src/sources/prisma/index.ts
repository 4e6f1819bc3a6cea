import { promises as fs } from 'fs';
import * as path from 'path';
import type { Catalog } from '../../analysis/catalog/types';
import { parsePrismaSchema } from './parseSchema';
import { prismaCatalog, type PrismaCatalogOptions } from './toCatalog';
import { prismaLocator } from './origins';
import { findPrismaSchema } from './schemaFiles';

/** A project's Prisma schema as a catalog, with what could not be read. */
export interface PrismaSchema {
  /** The schema's files (absolute). */
  files: string[];
  catalog: Catalog;
  /** The datasource's provider (`postgresql`, `mysql`...), when the schema has a datasource. */
  provider?: string;
  /** Problems of the schema, one line each (`schema.prisma:12: message`); what they concern is left out. */
  problems: string[];
}

/**
 * Reads the Prisma schema of `root` (or the configured file or folder). Undefined when the project has
 * none. `env` resolves `url = env("...")` for the datasource's `?schema=` (the default schema).
 * Never throws for a broken schema; throws when a configured path does not exist or a file is unreadable.
 */
export async function readPrismaSchema(root: string, configured?: string, env: Record<string, string | undefined> = {}): Promise<PrismaSchema | undefined> {
  const files = await findPrismaSchema(root, configured);
  if (!files) return undefined;
  const texts = await Promise.all(files.map(async (f) => [path.relative(root, f) || path.basename(f), await fs.readFile(f, 'utf8')] as [string, string]));
  return prismaSchemaOf(files, texts, env);
}

/** The catalog of schema texts already read (`[name, text]` per file). */
export function prismaSchemaOf(files: string[], texts: [string, string][], env: Record<string, string | undefined> = {}, options: Pick<PrismaCatalogOptions, 'indexes'> = {}): PrismaSchema {
  const parsed = parsePrismaSchema(texts);
  return {
    files,
    catalog: prismaCatalog(parsed, defaultSchema(parsed.url, env), { ...options, locate: prismaLocator(files, texts.map(([, text]) => text)) }),
    provider: parsed.datasource?.provider,
    problems: parsed.problems,
  };
}

/** The `?schema=` of the datasource URL (Prisma 5/6): where models without `@@schema` go. */
function defaultSchema(url: string | undefined, env: Record<string, string | undefined>): string {
  const fromEnv = url && /^env\(\s*"([^"]+)"\s*\)$/.exec(url);
  const value = fromEnv ? env[fromEnv[1]] : url && /^"(.*)"$/.exec(url)?.[1];
  const schema = value ? /[?&]schema=([^&]+)/.exec(value)?.[1] : undefined;
  return schema ? decodeURIComponent(schema) : 'public';
}
