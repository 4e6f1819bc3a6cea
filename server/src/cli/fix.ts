import { applyEdits, codeActions, type Fix, type TextEdit } from '../features/fixes';
import { LineIndex } from '../project/textPositions';
import type { Workspace } from '../project/workspace';

/** A fix `--fix` applied: where its problem was (1-based, in the text it was applied to) and what it did. */
export interface AppliedFix {
  line: number;
  column: number;
  code: string;
  title: string;
}

/** A fix changes the text the next ones were computed on: a few rounds reach what a fix uncovered. */
const MAX_ROUNDS = 10;

/**
 * `schemasense check --fix`: applies the preferred fix of every problem that has one, checks again, and
 * repeats while fixes apply. Fixes whose edits overlap wait for the next round.
 */
export function applyPreferredFixes(workspace: Workspace, file: string, text: string): { text: string; applied: AppliedFix[] } {
  const applied: AppliedFix[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const problems = workspace.check(file, text);
    const preferred = codeActions(text, workspace.catalogFor(file), problems, { start: 0, end: text.length }, file).filter((f) => f.isPreferred);
    const chosen = nonOverlapping(preferred);
    if (chosen.length === 0) break;
    const lines = new LineIndex(text);
    for (const fix of chosen) {
      const at = lines.positionAt(fix.problem.span.start);
      applied.push({ line: at.line + 1, column: at.character + 1, code: fix.problem.code, title: fix.title });
    }
    text = applyEdits(text, chosen.flatMap((f) => f.edits));
  }
  return { text, applied };
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
