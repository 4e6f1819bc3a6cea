import type { Span } from '../../analysis';
import type { TextEdit } from './types';

/**
 * The text of `range` (the whole text by default) with the edits inside it applied. Edits must not
 * overlap; an edit outside the range is an error of the caller.
 */
export function applyEdits(text: string, edits: readonly TextEdit[], range: Span = { start: 0, end: text.length }): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = range.start;
  for (const e of sorted) {
    if (e.start < at || e.end > range.end) throw new Error(`overlapping or misplaced edit at ${e.start}-${e.end}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at, range.end);
}
