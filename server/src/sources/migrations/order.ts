/**
 * The order in which migration tools apply their files, from file names alone (pure: no I/O).
 *
 * A file's key is read from its path relative to its migration folder, one key per path segment, so that
 * Prisma's `<timestamp>_<name>/migration.sql` orders by folder and a folder of version folders
 * (`v1.9/…`, `v1.10/…`) orders by version, then by file. Keys of one segment compare as:
 *  1. versioned names, by version: a leading number, or dotted / underscored numbers (`001_x`, `15_x`,
 *     `20230530034630_init`, `2014_10_12_000000_x`, `V1.2__x`, `V1_2__x`, `v1.10`), compared part by part
 *     as numbers; equal versions by the rest of the name;
 *  2. names without a version, by name;
 *  3. Flyway repeatable migrations (`R__x.sql`), by description: Flyway runs them after the versioned ones.
 * Prisma Migrate (`<folder>/migration.sql`) and diesel (`<folder>/up.sql`) sort their folders by name as
 * strings, so their folder segments compare as text (`202310122339_b` before `20241231_a`).
 * diesel's `<folder>/down.sql` is excluded like golang-migrate's `*.down.sql`.
 * Files their tool never applies going forward are excluded: golang-migrate's `*.down.sql` and Flyway's undo
 * migrations (`U1__x.sql`). A `*.up.sql` name is read without its `.up`.
 */

export type MigrationGroup = 'versioned' | 'unversioned' | 'repeatable';

export interface MigrationKey {
  /** One key per segment of the path relative to the migration folder. */
  segments: readonly SegmentKey[];
  /** The relative path itself: the last tie-breaker. */
  name: string;
}

export interface SegmentKey {
  group: MigrationGroup;
  /** Version parts as digit strings without leading zeros (`V1.02__x` → `['1', '2']`); empty when unversioned. */
  version: readonly string[];
  /** What follows the version (or the description of a repeatable migration, or the whole name). */
  rest: string;
  /** The whole segment, when its tool orders by name as a string (Prisma's and diesel's folders). */
  lexical?: string;
}

const GROUP_RANK: Record<MigrationGroup, number> = { versioned: 0, unversioned: 1, repeatable: 2 };

/** golang-migrate's down migrations and Flyway's undo migrations: never part of the forward history. */
export function isExcludedMigrationName(basename: string): boolean {
  return /\.down\.sql$/i.test(basename) || /^U\d+(?:[._]\d+)*__/.test(basename);
}

/** True for a `.sql` file that a migration tool applies going forward. */
export function isMigrationFileName(basename: string): boolean {
  return /\.sql$/i.test(basename) && !isExcludedMigrationName(basename);
}

function withoutSqlExtension(name: string): string {
  return name.replace(/(?:\.up)?\.sql$/i, '');
}

function digits(part: string): string {
  return part.replace(/^0+(?=\d)/, '');
}

/** The key of one path segment (a file name or a folder name). */
export function segmentKey(segment: string): SegmentKey {
  const name = withoutSqlExtension(segment);
  const repeatable = /^R__(.*)$/.exec(name);
  if (repeatable) return { group: 'repeatable', version: [], rest: repeatable[1] };
  const flyway = /^[Vv](\d+(?:[._]\d+)*)__(.*)$/.exec(name);
  if (flyway) return { group: 'versioned', version: flyway[1].split(/[._]/).map(digits), rest: flyway[2] };
  const numbered = /^[Vv]?(\d+(?:[._-]\d+)*)(.*)$/.exec(name);
  if (numbered) return { group: 'versioned', version: numbered[1].split(/[._-]/).map(digits), rest: numbered[2] };
  return { group: 'unversioned', version: [], rest: name };
}

/** The key of a path relative to its migration folder (`/` or `\` separated); undefined when excluded. */
export function migrationKey(relativePath: string): MigrationKey | undefined {
  const segments = relativePath.split(/[\\/]/).filter((s) => s !== '' && s !== '.');
  const base = segments[segments.length - 1];
  if (base === undefined || !isMigrationFileName(base)) return undefined;
  const inFolder = segments.length > 1;
  if (inFolder && base === 'down.sql') return undefined;
  // Prisma (`<folder>/migration.sql`) and diesel (`<folder>/up.sql`): the folder name is the key, as a string.
  if (inFolder && (base === 'migration.sql' || base === 'up.sql')) {
    const keyed = segments.slice(0, -1).map(segmentKey);
    keyed[keyed.length - 1] = { ...keyed[keyed.length - 1], lexical: segments[segments.length - 2] };
    return { segments: keyed, name: segments.join('/') };
  }
  return { segments: segments.map(segmentKey), name: segments.join('/') };
}

function compareDigits(a: string, b: string): number {
  return a.length - b.length || compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareVersions(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareDigits(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function compareSegmentKeys(a: SegmentKey, b: SegmentKey): number {
  if (a.lexical !== undefined && b.lexical !== undefined) return compareText(a.lexical, b.lexical);
  return GROUP_RANK[a.group] - GROUP_RANK[b.group] || compareVersions(a.version, b.version) || compareText(a.rest, b.rest);
}

export function compareMigrationKeys(a: MigrationKey, b: MigrationKey): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const c = compareSegmentKeys(a.segments[i], b.segments[i]);
    if (c !== 0) return c;
  }
  return a.segments.length - b.segments.length || compareText(a.name, b.name);
}

function relativeTo(root: string | undefined, path: string): string {
  if (root === undefined) {
    // Without a folder, a file is keyed by its name (Prisma's by its folder's).
    const segments = path.split(/[\\/]/);
    const inFolder = ['migration.sql', 'up.sql', 'down.sql'].includes(segments[segments.length - 1]);
    return segments.slice(inFolder ? -2 : -1).join('/');
  }
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = norm(root);
  const p = norm(path);
  return p.startsWith(r + '/') ? p.slice(r.length + 1) : p;
}

/**
 * The migration files among `paths`, in the order their tool applies them. `root` is their migration folder
 * (keys then come from the path below it); without it, from the file name (Prisma's: its folder name).
 */
export function orderMigrations(paths: readonly string[], root?: string): string[] {
  const keyed: { path: string; key: MigrationKey }[] = [];
  for (const path of paths) {
    const key = migrationKey(relativeTo(root, path));
    if (key) keyed.push({ path, key });
  }
  keyed.sort((a, b) => compareMigrationKeys(a.key, b.key) || compareText(a.path, b.path));
  return keyed.map((k) => k.path);
}
