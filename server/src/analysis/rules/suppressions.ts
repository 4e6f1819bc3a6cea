import type { ParsedStatement } from '../parser/parseDocument';
import type { Span } from '../types';

/**
 * Suppression comments:
 *   -- schemasense-ignore rule-id[, rule-id…]: reason    the statement the comment is in, else the next one
 *   -- schemasense-ignore-file rule-id[, rule-id…]: reason   the whole file
 * Without ids, every rule. A comment must start its line (so `--` inside a string is no suppression).
 */
export interface Suppression {
  /** The comment's span, where an unused suppression is reported. */
  span: Span;
  /** Rule ids; empty means every rule. */
  rules: readonly string[];
  /** The statement it applies to (index), or 'file'. */
  target: number | 'file';
  /** Set by the engine when it suppressed something. */
  used: boolean;
}

const COMMENT = /^[ \t]*--[ \t]*schemasense-ignore(-file)?(?![\w-])([^\n]*)/gm;

export function findSuppressions(text: string, statements: readonly ParsedStatement[]): Suppression[] {
  const found: Suppression[] = [];
  // Most files have none: one plain search instead of a line-anchored scan of the whole text.
  if (!text.includes('schemasense-ignore')) return found;
  for (const m of text.matchAll(COMMENT)) {
    const start = m.index! + m[0].indexOf('--');
    const end = m.index! + m[0].length;
    const list = m[2].split(':')[0];
    const rules = list.split(/[\s,]+/).filter(Boolean);
    let target: number | 'file' = 'file';
    if (!m[1]) {
      const i = statements.findIndex((s) => s.span.end > start);
      if (i < 0) continue;
      target = i;
    }
    found.push({ span: { start, end: end > start ? end : start + 2 }, rules, target, used: false });
  }
  return found;
}

/** Whether a finding of `rule` in statement `index` is suppressed; marks the suppression used. */
export function suppressed(suppressions: readonly Suppression[], rule: string, index: number): boolean {
  let hit = false;
  for (const s of suppressions) {
    if ((s.target === 'file' || s.target === index) && (s.rules.length === 0 || s.rules.includes(rule))) {
      s.used = true;
      hit = true;
    }
  }
  return hit;
}
