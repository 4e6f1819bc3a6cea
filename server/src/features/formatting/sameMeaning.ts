import { parseStatements } from '../../analysis/parser/pgParser';
import { findLiterals } from '../../analysis/parser/literals';

/**
 * Whether two texts mean the same to PostgreSQL: the real parser gives both the same trees, locations
 * aside, and both hold the same comments in the same order. A text that does not parse means nothing
 * comparable: the answer is no.
 */
export function sameMeaning(before: string, after: string): { same: true } | { same: false; why: string } {
  let a: string;
  let b: string;
  try {
    a = treeOf(before);
  } catch {
    return { same: false, why: 'the original does not parse' };
  }
  try {
    b = treeOf(after);
  } catch (e) {
    return { same: false, why: `the formatted text does not parse (${(e as Error).message})` };
  }
  if (a !== b) return { same: false, why: 'the formatted text parses to a different tree' };
  const ca = comments(before);
  const cb = comments(after);
  if (ca.length !== cb.length) return { same: false, why: `the formatted text has ${cb.length} comments instead of ${ca.length}` };
  if (ca.some((c, i) => c !== cb[i])) return { same: false, why: 'a comment changed' };
  return { same: true };
}

/** The parse tree as JSON without the parser's locations and statement offsets. */
export function treeOf(text: string): string {
  return JSON.stringify(parseStatements(text), (key, value) => (key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value));
}

/** The comments of a text, each trimmed (a formatter may move a comment and re-indent it). */
export function comments(text: string): string[] {
  return findLiterals(text).literals.filter((l) => l.comment).map((l) => text.slice(l.start, l.end).trim());
}
