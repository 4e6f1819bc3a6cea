import { promises as fs } from 'fs';
import * as path from 'path';

/**
 * Where a project's Prisma schema is: the configured file or folder, else package.json's
 * `prisma.schema`, else `prisma/schema.prisma`, `schema.prisma` or the folder `prisma/schema/`.
 * A folder means every `.prisma` file under it (Prisma's multi-file schema).
 */

const DEFAULT_PLACES = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema'];

async function kind(p: string): Promise<'file' | 'folder' | undefined> {
  try {
    const s = await fs.stat(p);
    return s.isDirectory() ? 'folder' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function prismaFilesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'migrations') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await prismaFilesUnder(full)));
    else if (e.isFile() && e.name.endsWith('.prisma')) files.push(full);
  }
  return files.sort();
}

async function packageJsonSchema(root: string): Promise<string | undefined> {
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
    return typeof pkg?.prisma?.schema === 'string' ? pkg.prisma.schema : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The schema's files (absolute, sorted), or undefined when the project has none. A configured path that
 * does not exist is an error.
 */
export async function findPrismaSchema(root: string, configured?: string): Promise<string[] | undefined> {
  if (configured !== undefined) {
    const p = path.resolve(root, configured);
    const k = await kind(p);
    if (!k) throw new Error(`the Prisma schema ${p} does not exist`);
    return k === 'file' ? [p] : prismaFilesUnder(p);
  }
  const fromPackage = await packageJsonSchema(root);
  for (const place of fromPackage ? [fromPackage, ...DEFAULT_PLACES] : DEFAULT_PLACES) {
    const p = path.resolve(root, place);
    const k = await kind(p);
    if (k === 'file') return [p];
    if (k === 'folder') {
      const files = await prismaFilesUnder(p);
      if (files.length) return files;
    }
  }
  return undefined;
}
