import type { Problem } from '../../../analysis';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { alterCommands, subcommandEnd } from './statementParts';

/**
 * constraint-without-not-valid: add the constraint NOT VALID (new rows are checked, the lock is brief); its
 * VALIDATE CONSTRAINT belongs in a later migration, so the fix leaves a comment saying so.
 */
export function notValidFixes(problem: Problem, facts: StatementFacts): Fix[] {
  if (problem.code !== 'constraint-without-not-valid') return [];
  const statement = facts.statement;
  const starts = alterCommands(statement)
    .map((cmd) => cmd.def?.Constraint)
    .filter((con) => con?.location !== undefined && (con.contype === 'CONSTR_FOREIGN' || con.contype === 'CONSTR_CHECK'))
    .map((con) => ({ con, start: statement.at(con.location) }))
    .filter((c) => c.start <= problem.span.start);
  const target = starts[starts.length - 1];
  if (!target || target.con.skip_validation) return [];
  const end = subcommandEnd(statement, target.start);
  const kw = facts.style.kw;
  const edits = [{ start: end, end, newText: ` ${kw('NOT VALID')}` }];
  if (target.con.conname) {
    const table = statement.node?.AlterTableStmt?.relation;
    const name = [table?.schemaname, table?.relname].filter(Boolean).map((n) => facts.style.ident(n)).join('.');
    const after = statement.span.end + (facts.text[statement.span.end] === ';' ? 1 : 0);
    edits.push({ start: after, end: after, newText: `\n-- ${kw('ALTER TABLE')} ${name} ${kw('VALIDATE CONSTRAINT')} ${facts.style.ident(target.con.conname)}; -- in a later migration` });
  }
  return [{ title: 'Add NOT VALID (and VALIDATE CONSTRAINT in a later migration)', kind: 'quickfix', problem, edits }];
}
