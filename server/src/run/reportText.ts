import { describeChange } from './catalogDiff';
import type { FileReport, Question, RunFailure, RunReport } from './runner';

/** The words of a run's outcome, shared by the editor's notifications and log and by the CLI. */

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** One sentence: what happened. */
export function headline(report: RunReport): string {
  const ran = report.files.filter((f) => f.outcome === 'applied' || f.outcome === 'rehearsed');
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
      return `${failure!.name} failed: ${failure!.code ?? ''} ${failure!.message}. Applied: ${failure!.aftermath}.`.replace(/ {2,}/g, ' ');
    case 'done':
      if (ran.length === 0) {
        const skipped = report.files.filter((f) => f.outcome === 'skipped').length;
        return `Nothing to run on ${report.target}: ${skipped ? `every migration is applied (${plural(skipped, 'file')})` : 'no migration files'}.`;
      }
      return report.dryRun
        ? `Dry run of ${names(ran)} succeeded in ${report.millis} ms on ${report.target}; everything was rolled back.`
        : `Applied ${names(ran)} in ${report.millis} ms on ${report.target}.`;
  }
}

/** The schema changes of the files that ran, one line each (a dry run's would-be changes too). */
export function changeLines(report: RunReport): string[] {
  const ran = report.files.filter((f) => f.outcome === 'applied' || f.outcome === 'rehearsed');
  return ran.flatMap((f) => f.changes.map((c) => (ran.length > 1 ? `${f.name}: ` : '') + describeChange(c)));
}

/** Everything worth a log: headline, files, changes, notes, warnings, the error's detail and hint. */
export function reportLines(report: RunReport): string[] {
  const lines = [headline(report)];
  const skipped = report.files.filter((f) => f.outcome === 'skipped');
  if (skipped.length) lines.push(`  already applied, skipped: ${skipped.length > 3 ? plural(skipped.length, 'file') : skipped.map((f) => f.name).join(', ')}`);
  for (const f of report.files) {
    if (f.outcome === 'skipped') continue;
    lines.push(`  ${f.name}: ${f.outcome} (${plural(f.statements, 'statement')}, ${f.millis} ms)`);
    for (const n of f.notes) lines.push(`    ${n}`);
  }
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
