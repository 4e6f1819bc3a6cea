import { describeChange } from './catalogDiff';
import { shortName, type FileReport, type Question, type RunFailure, type RunReport } from './runner';

/** The words of a run's outcome, shared by the editor's notifications and log and by the CLI. */

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const ranOf = (report: RunReport) => report.files.filter((f) => f.outcome === 'applied' || f.outcome === 'rehearsed');
/** The earlier files the embedded database lacked, applied before what was asked. */
const firstOf = (report: RunReport) => ranOf(report).filter((f) => f.first);
/** `001–014` (`001` for one file). */
const range = (files: readonly FileReport[]) =>
  files.length === 1 ? shortName(files[0].name) : `${shortName(files[0].name)}–${shortName(files[files.length - 1].name)}`;
/** `; 001–014 were applied first (the embedded database lacked them)`, or nothing. */
function appliedFirst(report: RunReport): string {
  const first = firstOf(report);
  if (first.length === 0) return '';
  return `; ${range(first)} ${first.length === 1 ? 'was' : 'were'} applied first (the embedded database lacked ${first.length === 1 ? 'it' : 'them'})`;
}

/** One sentence: what happened. The earlier files the embedded database lacked are named as such. */
export function headline(report: RunReport): string {
  const ran = ranOf(report).filter((f) => !f.first);
  const names = (files: FileReport[]) =>
    files.length === 1 ? files[0].name : `${plural(files.length, 'migration file')} (${files[0].name} … ${files[files.length - 1].name})`;
  const failure = report.failure;
  switch (report.status) {
    case 'confirm':
      return `Waiting for confirmation to run on ${report.target}.`;
    case 'cancelled':
      return `Cancelled${failure ? ` in ${failure.name}` : ''}; applied: ${failure?.aftermath ?? 'nothing'}.`;
    case 'connection lost':
      return failure ? `${failure.name}: ${failure.message}. Applied: ${failure.aftermath}.` : `Connection lost: ${report.warnings.at(-1) ?? ''}`;
    case 'failed':
      return `${failure!.name} failed: ${failure!.code ?? ''} ${oneLine(failure!.message)}. Applied: ${failure!.aftermath}${appliedFirst(report)}.`.replace(/ {2,}/g, ' ');
    case 'done':
      if (ran.length === 0) {
        const skipped = report.files.filter((f) => f.outcome === 'skipped').length;
        return `Nothing to run on ${report.target}: ${skipped ? `every migration is applied (${plural(skipped, 'file')})` : 'no migration files'}.`;
      }
      return report.dryRun
        ? `Dry run of ${names(ran)} succeeded in ${report.millis} ms on ${report.target}; everything was rolled back.`
        : `Applied ${names(ran)} in ${report.millis} ms on ${report.target}${appliedFirst(report)}.`;
  }
}

/** Shown in a notification: changes of the files asked for, at most this many. */
const SHOWN_CHANGES = 3;

/**
 * The outcome on one line for the editor's notification: what ran and how it ended, the target in a few
 * words (never the cache folder's path), the schema changes of the files asked for (not those of the earlier
 * files applied first, which are named as such), no detail or hint (the log has them; Postgres's hint would
 * sit next to the diagnostic's own).
 */
export function notificationLine(report: RunReport): string {
  const ran = ranOf(report).filter((f) => !f.first);
  const failure = report.failure;
  const on = report.targetName;
  const names = ran.length === 1 ? ran[0].name : ran.length ? `${ran.length} migration files (${range(ran)})` : '';
  switch (report.status) {
    case 'confirm':
      return `Waiting for confirmation to run on ${on}.`;
    case 'failed': {
      // The file's name once: "rolled back" when its transaction took everything back.
      const f = failure!;
      const rolledBack = f.aftermath === `nothing of ${f.name}: its transaction was rolled back`;
      const after = rolledBack ? 'rolled back' : `applied: ${f.aftermath.split(f.name).join('it')}`;
      return `${f.name} failed: ${f.code ?? ''} ${oneLine(f.message)} (on ${on}); ${after}${appliedFirst(report)}.`.replace(/ {2,}/g, ' ');
    }
    case 'cancelled':
    case 'connection lost':
      return oneLine(headline({ ...report, target: on }));
    case 'done': {
      if (ran.length === 0) return oneLine(headline({ ...report, target: on }));
      const changes = changeLines(report);
      const shown = changes.slice(-SHOWN_CHANGES).map((c) => c.replace(/^\S+\.sql: /, ''));
      const more = changes.length - shown.length;
      const what = shown.length ? `: ${shown.join('; ')}${more > 0 ? ` (and ${more} more in the log)` : ''}` : '';
      const verb = report.dryRun ? `Dry run of ${names} on ${on} succeeded (rolled back)` : `Applied ${names} to ${on} in ${report.millis} ms`;
      return `${verb}${what}${appliedFirst(report)}.`;
    }
  }
}

/** A message as one line: Postgres's and ours may hold newlines (a DETAIL, a CONTEXT). */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The schema changes of the files that ran as asked, one line each (a dry run's would-be changes too); with
 * `first`, those of the earlier files the embedded database lacked and got first.
 */
export function changeLines(report: RunReport, first = false): string[] {
  const ran = ranOf(report).filter((f) => !!f.first === first);
  return ran.flatMap((f) => f.changes.map((c) => (ran.length > 1 ? `${f.name}: ` : '') + describeChange(c)));
}

/** Everything worth a log: headline, files, changes, notes, warnings, the error's detail and hint. */
export function reportLines(report: RunReport): string[] {
  const lines = [headline(report)];
  const skipped = report.files.filter((f) => f.outcome === 'skipped');
  if (skipped.length) lines.push(`  already applied, skipped: ${skipped.length > 3 ? plural(skipped.length, 'file') : skipped.map((f) => f.name).join(', ')}`);
  for (const f of report.files) {
    if (f.outcome === 'skipped') continue;
    lines.push(`  ${f.name}: ${f.outcome}${f.first ? ' first (the embedded database lacked it)' : ''} (${plural(f.statements, 'statement')}, ${f.millis} ms)`);
    for (const n of f.notes) lines.push(`    ${n}`);
  }
  const first = firstOf(report);
  const earlier = changeLines(report, true);
  if (earlier.length) lines.push(`Schema changes of ${range(first)}, applied first:`, ...earlier.map((c) => `  ${c}`));
  const changes = changeLines(report);
  if (changes.length) lines.push(report.dryRun ? 'Schema changes (rolled back):' : 'Schema changes:', ...changes.map((c) => `  ${c}`));
  for (const w of report.warnings) lines.push(`Warning: ${w}`);
  if (report.failure) lines.push(...failureDetails(report.failure).map((l) => `  ${l}`));
  return lines;
}

/** Detail, hint and context of an error, one `label: text` line each. */
export function failureDetails(failure: RunFailure): string[] {
  return [
    ...(failure.detail ? [`detail: ${failure.detail}`] : []),
    ...(failure.hint ? [`hint: ${failure.hint}`] : []),
    ...(failure.where ? [`context: ${failure.where.replace(/\n/g, ' / ')}`] : []),
  ];
}

/** The question in words, for a modal dialog or the CLI's refusal. */
export function questionText(q: Question): string {
  switch (q.kind) {
    case 'remote-host':
      return `Run on host ${q.host}${q.port ? `:${q.port}` : ''}, database ${q.database}, as user ${q.user || '(default)'}? This is not a local database.`;
    case 'rerun':
      return `Already applied: ${q.files.map((f) => `${f.name} (${f.applied})`).join('; ')}. Run again?`;
    case 'no-transaction':
      return (
        `Cannot run in one transaction: ${q.files.map((f) => `${f.name}: ${f.reasons.join('; ')}`).join(' / ')}. ` +
        'Run statement by statement? If a statement fails, the statements before it stay applied.'
      );
  }
}
