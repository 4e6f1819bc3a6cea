/**
 * The next migration of a history, named and laid out as its tool names them: after the last file, in its
 * folder, with the next number (same width) or the current UTC time where the history uses timestamps, and
 * the tool's sections (dbmate's `-- migrate:up`, goose's `-- +goose Up`) or its down file (golang-migrate /
 * sqlx `.down.sql`, diesel `down.sql`). Pure: the paths, the last file's text and the time come in.
 */
import * as path from 'path';

export interface NewMigrationFile {
  file: string;
  text: string;
}

export interface MigrationSql {
  /** A short snake_case name for the file (`rename_api_keys_secret_hash`). */
  name: string;
  up: string;
  /** What undoes it, for the tools that keep a down migration. */
  down: string;
}

/**
 * The files of the migration that follows `history` (its files in the order they run; the last one decides the
 * folder and the naming), or undefined for an empty history.
 */
export function nextMigration(history: readonly string[], lastText: string, sql: MigrationSql, now: Date): NewMigrationFile[] | undefined {
  const last = history[history.length - 1];
  if (!last) return undefined;
  const base = path.basename(last);
  const dir = path.dirname(last);
  const up = sql.up.endsWith('\n') ? sql.up : sql.up + '\n';
  const down = sql.down.endsWith('\n') ? sql.down : sql.down + '\n';
  // Prisma: `<migrations>/<YYYYMMDDHHMMSS>_<name>/migration.sql`; diesel: `<migrations>/<YYYY-MM-DD-HHMMSS>_<name>/up.sql` + down.sql.
  if (base === 'migration.sql' || base === 'up.sql') {
    const migrations = path.dirname(dir);
    const previous = path.basename(dir);
    const diesel = base === 'up.sql';
    const stamp = diesel ? dieselStamp(now) : utcStamp(now, 14);
    const prefix = later(stamp, previous.split('_')[0]);
    const folder = path.join(migrations, `${prefix}_${sql.name}`);
    return diesel
      ? [{ file: path.join(folder, 'up.sql'), text: up }, { file: path.join(folder, 'down.sql'), text: down }]
      : [{ file: path.join(folder, 'migration.sql'), text: up }];
  }
  // Flyway: V<version>__<name>.sql, the version's last part counted on.
  const flyway = /^([Vv])(\d+(?:[._]\d+)*)__/.exec(base);
  if (flyway) {
    const parts = flyway[2].split(/([._])/);
    parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + 1);
    return [{ file: path.join(dir, `${flyway[1]}${parts.join('')}__${sql.name}.sql`), text: up }];
  }
  const numbered = /^(\d+)([_-]?)/.exec(base);
  const separator = numbered?.[2] || '_';
  const prefix = numbered ? nextNumber(numbered[1], now) : utcStamp(now, 14);
  // golang-migrate / sqlx: `<n>_<name>.up.sql` and `<n>_<name>.down.sql`.
  if (/\.up\.sql$/i.test(base)) {
    return [
      { file: path.join(dir, `${prefix}${separator}${sql.name}.up.sql`), text: up },
      { file: path.join(dir, `${prefix}${separator}${sql.name}.down.sql`), text: down },
    ];
  }
  const file = path.join(dir, `${prefix}${separator}${sql.name}${path.extname(base) || '.sql'}`);
  if (/^[ \t]*--[ \t]*migrate:up\b/im.test(lastText)) return [{ file, text: `-- migrate:up\n${up}\n-- migrate:down\n${down}` }];
  if (/^[ \t]*--[ \t]*\+goose[ \t]+up\b/im.test(lastText)) return [{ file, text: `-- +goose Up\n${up}\n-- +goose Down\n${down}` }];
  return [{ file, text: up }];
}

/**
 * The number after `last`: a timestamp (12 digits or more, as Supabase, dbmate, goose and Rails write them)
 * becomes the current UTC time of the same width (if that sorts after it); any other number counts on, padded
 * to its width (`015` → `016`).
 */
function nextNumber(last: string, now: Date): string {
  if (last.length >= 12 && /^(19|20)\d\d(0[1-9]|1[0-2])/.test(last)) return later(utcStamp(now, last.length), last);
  return String(BigInt(last) + 1n).padStart(last.length, '0');
}

/** `stamp`, or one more than `previous` when the clock does not sort after it (a file named in the future). */
function later(stamp: string, previous: string): string {
  if (stamp > previous || !/^\d+$/.test(previous.replace(/-/g, ''))) return stamp;
  if (/-/.test(stamp)) return previous.replace(/\d+$/, (d) => String(Number(d) + 1).padStart(d.length, '0'));
  return String(BigInt(previous) + 1n).padStart(previous.length, '0');
}

/** YYYYMMDDHHMMSS (UTC), cut or padded with zeros to `width`. */
function utcStamp(now: Date, width: number): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14).padEnd(width, '0').slice(0, width);
}

/** diesel's folder time: YYYY-MM-DD-HHMMSS. */
function dieselStamp(now: Date): string {
  const s = utcStamp(now, 14);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}-${s.slice(8)}`;
}
