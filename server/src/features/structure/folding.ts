import type { DocumentAnalysis, Span } from '../../analysis';
import { findLiterals } from '../../analysis/parser/literals';

export type FoldKind = 'statement' | 'comment' | 'body' | 'list';

/** A foldable region: from the line of `start` to the line of `end`, the last character it hides. */
export interface Fold extends Span {
  kind: FoldKind;
}

/**
 * Folding ranges of a SQL document: each statement, each run of comment lines (and multi-line block
 * comments), each dollar-quoted body, and each parenthesised list (a column list, a subquery) that spans
 * lines. The LSP layer keeps those that span more than one line.
 */
export function foldingRanges(analysis: DocumentAnalysis): Fold[] {
  const text = analysis.parsed.text;
  const folds: Fold[] = [];
  for (const s of analysis.parsed.statements) {
    folds.push({ start: s.span.start, end: Math.max(s.span.start, s.span.end - 1), kind: 'statement' });
    const open: number[] = [];
    for (const t of s.tokens) {
      if (t.text === '(') open.push(t.start);
      else if (t.text === ')' && open.length) {
        const start = open.pop()!;
        // The closing parenthesis stays visible on its own line: hide up to the line before it.
        const lineStart = text.lastIndexOf('\n', t.start - 1);
        const ownLine = lineStart >= start && text.slice(lineStart + 1, t.start).trim() === '';
        folds.push({ start, end: ownLine ? lineStart : t.end, kind: 'list' });
      }
    }
  }
  let run: Fold | undefined;
  for (const literal of findLiterals(text).literals) {
    if (!literal.comment) {
      // A dollar-quoted body: its closing tag stays visible.
      if (text[literal.start] === '$') {
        const tag = /^\$[^$]*\$/.exec(text.slice(literal.start, literal.start + 64))?.[0] ?? '$$';
        const closing = literal.end - tag.length;
        folds.push({ start: literal.start, end: Math.max(literal.start, text.lastIndexOf('\n', closing)), kind: 'body' });
      }
      continue;
    }
    if (text.startsWith('/*', literal.start)) {
      folds.push({ start: literal.start, end: literal.end - 1, kind: 'comment' });
      continue;
    }
    // `--` comments on consecutive lines, each alone on its line, fold together.
    const lineStart = text.lastIndexOf('\n', literal.start - 1) + 1;
    const alone = text.slice(lineStart, literal.start).trim() === '';
    if (alone && run && /^[ \t]*\r?\n[ \t]*$/.test(text.slice(run.end, literal.start))) run.end = literal.end;
    else {
      if (run) folds.push(run);
      run = alone ? { start: literal.start, end: literal.end, kind: 'comment' } : undefined;
    }
  }
  if (run) folds.push(run);
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}
