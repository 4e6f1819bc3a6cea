import { promises as fs } from 'fs';
import * as path from 'path';
import { compareMigrationKeys, migrationKey, type MigrationKey } from './order';

/**
 * Finds the migration files of a project on disk.
 *
 * Without a configured folder, these places are recognised (relative to the root):
 *   database/migrations/*.sql, migrations/*.sql, db/migrations/*.sql, supabase/migrations/*.sql,
 *   src/main/resources/db/migration/*.sql (Flyway), sql/V*__*.sql (Flyway), prisma/migrations/* /migration.sql;
 * each of those folders also in Prisma's layout (`<folder>/<migration>/migration.sql`) and diesel's
 * (`<folder>/<migration>/up.sql`).
 * Only one level: `migrations/tenant/*.sql` is not taken, since sibling subfolders are usually separate
 * histories for separate databases (supabase/storage has `tenant` and `multitenant`); configure such a folder.
 *
 * When several recognised folders exist, all of them are taken as ONE history, merged by their keys
 * (order.ts): in practice a project has one, and when it has two (say Prisma's and Supabase's, both
 * timestamped) the merged order is the order in which their objects were created.
 *
 * A configured folder is taken alone: its `*.sql` files and those of its direct subfolders, ordered by folder
 * then file (Prisma's layout, or folders per version such as `v1.9/`, `v1.10/`).
 * Dot-folders and node_modules are never entered.
 */

export interface DiscoveredMigrations {
  /** Absolute paths in the order their tool applies them. */
  files: string[];
  /** The folders they came from (absolute). */
  folders: string[];
}

/** Recognised places: a folder, and whether only Flyway-named files count there. */
const KNOWN_FOLDERS: readonly { dir: string; flywayOnly?: boolean }[] = [
  { dir: 'database/migrations' },
  { dir: 'migrations' },
  { dir: 'db/migrations' },
  { dir: 'supabase/migrations' },
  { dir: 'prisma/migrations' },
  { dir: 'src/main/resources/db/migration' },
  { dir: 'sql', flywayOnly: true },
];

const FLYWAY_NAME = /^(?:V\d+(?:[._]\d+)*|R)__.*\.sql$/;

function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

async function entries(dir: string) {
  return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => !skipped(e.name));
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The `.sql` files of one migration folder: its own (those `filter` accepts), and those of its subfolders:
 * all of them (`'all'`), only Prisma's `migration.sql` and diesel's `up.sql` (`'prisma'`) or none. Throws when it cannot be read.
 */
async function folderFiles(dir: string, subfolders: 'all' | 'prisma' | 'none', filter: (name: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const e of await entries(dir)) {
    const full = path.join(dir, e.name);
    if (e.isFile() && /\.sql$/i.test(e.name) && filter(e.name)) files.push(full);
    else if (e.isDirectory() && subfolders !== 'none') {
      if (subfolders === 'prisma') {
        // Prisma's `<folder>/migration.sql`, diesel's `<folder>/up.sql`.
        for (const name of ['migration.sql', 'up.sql']) {
          const file = path.join(full, name);
          if (await fs.stat(file).then((s) => s.isFile(), () => false)) files.push(file);
        }
      } else {
        for (const f of await entries(full)) if (f.isFile() && /\.sql$/i.test(f.name)) files.push(path.join(full, f.name));
      }
    }
  }
  return files;
}

/** Orders files of several folders into one history; files their tool never applies forward are dropped. */
function orderFiles(byFolder: { folder: string; files: string[] }[]): string[] {
  const keyed: { file: string; key: MigrationKey }[] = [];
  for (const { folder, files } of byFolder) {
    for (const file of files) {
      const key = migrationKey(path.relative(folder, file));
      if (key) keyed.push({ file, key });
    }
  }
  keyed.sort((a, b) => compareMigrationKeys(a.key, b.key) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return keyed.map((k) => k.file);
}

/**
 * The migration history of `root`: the configured folder (relative to root, or absolute) when given, else
 * every recognised folder. Throws when root or the configured folder cannot be read.
 */
export async function discoverMigrations(root: string, configured?: string): Promise<DiscoveredMigrations> {
  root = path.resolve(root);
  if (!(await isDirectory(root))) throw new Error(`cannot read folder ${root}`);
  if (configured !== undefined) {
    const folder = path.resolve(root, configured);
    if (!(await isDirectory(folder))) throw new Error(`cannot read migration folder ${folder}`);
    const files = await folderFiles(folder, 'all', () => true);
    return { files: orderFiles([{ folder, files }]), folders: [folder] };
  }
  const found: { folder: string; files: string[] }[] = [];
  for (const known of KNOWN_FOLDERS) {
    const folder = path.join(root, known.dir);
    if (!(await isDirectory(folder))) continue;
    const files = known.flywayOnly
      ? await folderFiles(folder, 'none', (name) => FLYWAY_NAME.test(name))
      : await folderFiles(folder, 'prisma', () => true);
    if (files.length > 0) found.push({ folder, files });
  }
  return { files: orderFiles(found), folders: found.map((f) => f.folder) };
}

/** Every `.sql` file under a folder, at any depth (dot-folders and node_modules skipped), sorted by path. */
export async function sqlFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await entries(dir)) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sqlFilesUnder(full)));
    else if (e.isFile() && /\.sql$/i.test(e.name)) out.push(full);
  }
  return out.sort();
}
