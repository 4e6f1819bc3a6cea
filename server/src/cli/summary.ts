import { NOT_CHECKED_REASONS, notCheckedReason, type NotCheckedReason } from '../analysis/diagnostics/notChecked';
import type { Finding } from './format';

/**
 * What `schemasense check` covered: statements and files checked, and the statements it could not check in
 * full, by reason (one not-checked note per statement, diagnostics/notChecked.ts).
 */
export interface CheckSummary {
  files: number;
  statements: number;
  notCheckable: number;
  /** Only the reasons that occurred, in NOT_CHECKED_REASONS order. */
  notCheckableBy: Partial<Record<NotCheckedReason, number>>;
}

export function checkSummary(files: number, statements: number, findings: readonly Finding[]): CheckSummary {
  const counts = new Map<NotCheckedReason, number>();
  for (const f of findings) {
    const reason = notCheckedReason(f);
    if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const notCheckableBy: Partial<Record<NotCheckedReason, number>> = {};
  for (const r of NOT_CHECKED_REASONS) if (counts.has(r)) notCheckableBy[r] = counts.get(r);
  return { files, statements, notCheckable: [...counts.values()].reduce((a, b) => a + b, 0), notCheckableBy };
}

/** 1,204: digits grouped by three (toLocaleString would load ICU's locale data: 20-60 ms of a CLI run). */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const count = (n: number, one: string, many: string) => `${grouped(n)} ${n === 1 ? one : many}`;

/** `1,204 statements checked in 96 files; 3 not checkable: dynamic SQL` (several reasons: `5 not checkable: 3 dynamic SQL, 2 unknown schema`). */
export function summaryLine(s: CheckSummary): string {
  const checked = `${count(s.statements, 'statement', 'statements')} checked in ${count(s.files, 'file', 'files')}`;
  if (s.notCheckable === 0) return checked;
  const reasons = Object.entries(s.notCheckableBy);
  const why = reasons.length === 1 ? reasons[0][0] : reasons.map(([r, n]) => `${grouped(n)} ${r}`).join(', ');
  return `${checked}; ${grouped(s.notCheckable)} not checkable: ${why}`;
}
