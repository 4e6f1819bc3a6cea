import type { ParsedStatement } from '../../../analysis';
import type { PgNode } from '../../../analysis/parser/pgParser';

/** Token positions the safety fixes edit at. */

/** The first token equal (case-insensitively) to `word` at or after `from` (a document offset). */
export function tokenAt(statement: ParsedStatement, word: string, from = 0): { start: number; end: number } | undefined {
  return statement.tokens.find((t) => t.start >= from && t.text.toLowerCase() === word);
}

/** Where an ALTER TABLE subcommand that starts at `from` ends: before the next top-level comma, or the semicolon. */
export function subcommandEnd(statement: ParsedStatement, from: number): number {
  let depth = 0;
  let end = from;
  for (const t of statement.tokens) {
    if (t.start < from) continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if ((t.text === ',' && depth === 0) || t.text === ';') return end;
    end = t.end;
  }
  return end;
}

/** The ALTER TABLE subcommands of a statement, each with where it starts (the last located node before it). */
export function alterCommands(statement: ParsedStatement): PgNode[] {
  const n = statement.node?.AlterTableStmt;
  return (n?.cmds ?? []).map((c: PgNode) => c.AlterTableCmd).filter(Boolean);
}
