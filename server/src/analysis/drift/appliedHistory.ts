import { sha256Hex } from '../sha256';
import type { Problem } from '../types';

/**
 * The Prisma migration folders held against a database's `_prisma_migrations`, as Prisma's schema engine
 * diagnoses them before `migrate dev` (and `migrate status`): a folder edited after it was applied (its
 * checksum differs from the recorded one), a migration that failed (started, neither finished nor rolled
 * back: `migrate deploy` refuses, P3009), one the database applied whose folder is gone, and folders not
 * applied yet. Pure: the rows come from sources/database/prismaMigrations.ts, the texts from the workspace.
 */

/** One row of `_prisma_migrations`, in the order the table gives them (by `started_at`). */
export interface PrismaMigrationRow {
  name: string;
  checksum: string;
  /** ISO times; undefined where the column is NULL. */
  startedAt?: string;
  finishedAt?: string;
  rolledBackAt?: string;
}

/** One migration folder: its name (the folder's), the file, and its text as it is now. */
export interface PrismaMigrationFolder {
  name: string;
  file: string;
  text: string;
}

export type HistoryFinding =
  /** The folder's script no longer has the checksum recorded when it was applied. */
  | { kind: 'edited'; name: string; file: string; recorded: string; now: string }
  /** The database records the migration as started, never finished nor rolled back. */
  | { kind: 'failed'; name: string; file?: string; startedAt?: string }
  /** The database applied it; no folder of that name exists. `file`: the folder it would sort before (else the last one). */
  | { kind: 'missing'; name: string; file?: string }
  /** No row of that name (that is not rolled back): `migrate deploy` will apply it. */
  | { kind: 'unapplied'; name: string; file: string };

/** Prisma's checksum of a migration script: SHA-256 of its UTF-8 bytes, 64 lowercase hex digits. */
export function prismaChecksum(script: string): string {
  return sha256Hex(script);
}

/**
 * Whether a script matches a recorded checksum as Prisma decides it: the script as it is, with CRLF turned
 * into LF, or with LF turned into CRLF (git may change line endings); an old engine wrote checksums
 * without zero-padding each byte, recognised by a length other than 64.
 */
export function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')];
  return variants.some((s) => {
    const hex = prismaChecksum(s);
    if (recorded && recorded.length !== 64) return unpadded(hex) === recorded;
    return hex === recorded;
  });
}

/** The old engine's spelling: each byte in hex without its leading zero. */
function unpadded(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 2) out += hex[i] === '0' ? hex[i + 1] : hex.slice(i, i + 2);
  return out;
}

/**
 * The findings, in Prisma's order: for each folder in order, edited (the first row of its name, as the
 * engine takes it) or unapplied; then each row failed, and each row with no folder. A row marked rolled back
 * (`prisma migrate resolve --rolled-back`) does not count: the engine leaves it out, and `migrate deploy`
 * applies its folder again.
 */
export function compareHistory(folders: readonly PrismaMigrationFolder[], allRows: readonly PrismaMigrationRow[]): HistoryFinding[] {
  const rows = allRows.filter((r) => r.rolledBackAt === undefined);
  const findings: HistoryFinding[] = [];
  const byName = new Map(folders.map((f) => [f.name, f]));
  const firstRow = new Map<string, PrismaMigrationRow>();
  for (const row of rows) if (!firstRow.has(row.name)) firstRow.set(row.name, row);
  for (const folder of folders) {
    const row = firstRow.get(folder.name);
    if (!row) findings.push({ kind: 'unapplied', name: folder.name, file: folder.file });
    else if (!checksumMatches(folder.text, row.checksum)) findings.push({ kind: 'edited', name: folder.name, file: folder.file, recorded: row.checksum, now: prismaChecksum(folder.text) });
  }
  for (const row of rows) if (row.finishedAt === undefined) findings.push({ kind: 'failed', name: row.name, file: byName.get(row.name)?.file, startedAt: row.startedAt });
  const sorted = [...folders].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [name] of firstRow) {
    if (byName.has(name)) continue;
    const next = sorted.find((f) => f.name > name) ?? sorted[sorted.length - 1];
    findings.push({ kind: 'missing', name, file: next?.file });
  }
  return findings;
}

/** The code of the history diagnostics (not a SQLSTATE: the folder and the database's record disagree). */
export const HISTORY_CODE = 'prisma-history';

export interface HistoryProblem {
  file: string;
  problem: Problem;
  finding: HistoryFinding;
}

const short = (checksum: string) => `${checksum.slice(0, 12)}…`;

/**
 * The findings as warnings on the migration files, at the start of the file (`firstLine(file)`: the span
 * of its first line): edited, failed, and missing (on the folder it would sort before, else the last one).
 * `database` names the database without its password (`host:port/db`). Unapplied folders are no problem.
 */
export function historyProblems(findings: readonly HistoryFinding[], database: string, firstLine: (file: string) => { start: number; end: number }): HistoryProblem[] {
  const out: HistoryProblem[] = [];
  const where = `\`_prisma_migrations\` of ${database}`;
  for (const finding of findings) {
    if (!finding.file || finding.kind === 'unapplied') continue;
    let message: string;
    switch (finding.kind) {
      case 'edited':
        message = `migration \`${finding.name}\` was modified after it was applied: its checksum is ${short(finding.now)}, ${where} recorded ${short(finding.recorded)}; the next \`prisma migrate dev\` will ask to reset the database (\`migrate deploy\` does not run it again)`;
        break;
      case 'failed':
        message = `${where} records migration \`${finding.name}\` as failed (started${finding.startedAt ? ` ${finding.startedAt}` : ''}, neither finished nor rolled back): \`prisma migrate deploy\` refuses to run (P3009) until \`prisma migrate resolve\` marks it applied or rolled back`;
        break;
      case 'missing':
        message = `${database} applied migration \`${finding.name}\`, which has no folder here: the next \`prisma migrate dev\` will ask to reset the database (the migrations applied to the database are missing from the local migrations directory)`;
        break;
    }
    out.push({ file: finding.file, finding, problem: { span: firstLine(finding.file), code: HISTORY_CODE, message, severity: 'warning' } });
  }
  return out;
}
