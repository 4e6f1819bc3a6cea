import { applyEdits, codeActions, type Fix, type TextEdit } from '../features/fixes';
import { isRuleId } from '../analysis';
import { LineIndex } from '../project/textPositions';
import type { Workspace } from '../project/workspace';

/** A fix `--fix` applied: where its problem was (1-based, in the text it was applied to) and what it did. */
export interface AppliedFix {
  line: number;
  column: number;
  code: string;
  title: string;
}

/** A fix `--fix` did not apply because it is not preferred: a person decides. */
export interface LeftFix extends AppliedFix {
  because: string;
}

/** A fix changes the text the next ones were computed on: a few rounds reach what a fix uncovered. */
const MAX_ROUNDS = 10;

/**
 * `schemasense check --fix`: applies the preferred fix of every problem that has one, checks again, and
 * repeats while fixes apply. Fixes whose edits overlap wait for the next round.
 */
export function applyPreferredFixes(workspace: Workspace, file: string, text: string): { text: string; applied: AppliedFix[]; left: LeftFix[] } {
  const applied: AppliedFix[] = [];
  for (let round = 0; ; round++) {
    const problems = workspace.check(file, text);
    const fixes = codeActions(text, workspace.catalogFor(file), problems, { start: 0, end: text.length }, file);
    const chosen = round < MAX_ROUNDS ? nonOverlapping(fixes.filter((f) => f.isPreferred)) : [];
    if (chosen.length === 0) return { text, applied, left: leftFixes(text, fixes) };
    for (const fix of chosen) applied.push(described(new LineIndex(text), fix));
    text = applyEdits(text, chosen.flatMap((f) => f.edits));
  }
}

function described(lines: LineIndex, fix: Fix): AppliedFix {
  const at = lines.positionAt(fix.problem.span.start);
  return { line: at.line + 1, column: at.character + 1, code: fix.problem.code, title: fix.title };
}

/**
 * The fixes of the problems no preferred fix answers: offered in the editor, left for a person. The safety
 * rules' fixes are not listed: each changes how the migration runs, and their findings are printed anyway.
 */
function leftFixes(text: string, fixes: Fix[]): LeftFix[] {
  const lines = new LineIndex(text);
  const answered = new Set(fixes.filter((f) => f.isPreferred).map((f) => f.problem));
  return fixes.filter((f) => !answered.has(f.problem) && !isRuleId(f.problem.code)).map((f) => ({ ...described(lines, f), because: f.leftBecause ?? 'not preferred' }));
}

function nonOverlapping(fixes: Fix[]): Fix[] {
  const taken: TextEdit[] = [];
  const overlaps = (e: TextEdit) => taken.some((t) => (e.start < t.end && t.start < e.end) || (e.start === t.start && e.end === t.end));
  return fixes.filter((fix) => {
    if (fix.edits.some(overlaps)) return false;
    taken.push(...fix.edits);
    return true;
  });
}
