import type { Drift } from '../../analysis/drift';

/**
 * The quick fix of a drift warning: the migration `prisma migrate dev` would write (analysis/drift's
 * SQL), as a new migration folder `<migrations>/<YYYYMMDDHHMMSS>_<name>/migration.sql`, named as Prisma
 * names its folders (UTC time, then a name from what it changes). Pure: the time comes in.
 */
export interface NewMigration {
  title: string;
  /** The new file's path. */
  file: string;
  text: string;
}

export function prismaMigrationFix(report: { drifts: readonly Drift[]; sql: string; migrationsFolder: string }, now: Date, join: (...parts: string[]) => string): NewMigration | undefined {
  if (!report.drifts.length) return undefined;
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${migrationName(report.drifts)}`;
  const file = join(report.migrationsFolder, folder, 'migration.sql');
  return { title: `Write the migration prisma migrate dev would write (${folder}/migration.sql)`, file, text: report.sql };
}

/** `add_profiles_website`, `drop_audit`, … for one change; `schema_drift` for several. */
function migrationName(drifts: readonly Drift[]): string {
  if (drifts.length > 1) return 'schema_drift';
  const d = drifts[0];
  const table = 'table' in d ? d.table : '';
  const word = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
  switch (d.kind) {
    case 'column missing':
      return word(`add_${table}_${d.declared.name}`);
    case 'column extra':
      return word(`drop_${table}_${d.migrated.name}`);
    case 'column renamed':
      return word(`rename_${table}_${d.migrated.name}`);
    case 'table missing':
      return word(`create_${table}`);
    case 'table extra':
      return word(`drop_${table}`);
    default:
      return word(`${d.kind}_${table || d.schema}`);
  }
}
