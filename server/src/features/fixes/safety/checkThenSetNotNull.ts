import type { Problem } from '../../../analysis';
import type { StatementFacts } from '../statementFacts';
import type { Fix } from '../types';
import { alterCommands } from './statementParts';

/**
 * set-not-null-scan: the statement becomes a CHECK (col IS NOT NULL) NOT VALID (a brief lock), with the
 * steps of the later migrations as comments: VALIDATE CONSTRAINT (a weaker lock), then SET NOT NULL, which
 * skips its scan because the validated check proves it, and DROP CONSTRAINT. Only for an ALTER TABLE of one
 * subcommand (the others stay the author's to place).
 */
export function checkThenSetNotNullFixes(problem: Problem, facts: StatementFacts): Fix[] {
  if (problem.code !== 'set-not-null-scan') return [];
  const statement = facts.statement;
  const cmds = alterCommands(statement);
  if (cmds.length !== 1 || cmds[0].subtype !== 'AT_SetNotNull') return [];
  const rv = statement.node?.AlterTableStmt?.relation;
  const { kw, ident } = facts.style;
  const table = [rv?.schemaname, rv?.relname].filter(Boolean).map((n) => ident(n)).join('.');
  const column = ident(cmds[0].name);
  const check = ident(`${rv?.relname}_${cmds[0].name}_not_null`.slice(0, 63));
  const alter = `${kw('ALTER TABLE')} ${table}`;
  const text = [
    `${alter} ${kw('ADD CONSTRAINT')} ${check} ${kw('CHECK')} (${column} ${kw('IS NOT NULL')}) ${kw('NOT VALID')}`,
    `-- in a later migration: ${alter} ${kw('VALIDATE CONSTRAINT')} ${check};`,
    `-- then: ${alter} ${kw('ALTER COLUMN')} ${column} ${kw('SET NOT NULL')}; ${alter} ${kw('DROP CONSTRAINT')} ${check};`,
  ];
  // The first line keeps the statement's semicolon; the comments follow it.
  const end = statement.span.end;
  const semicolon = facts.text[end] === ';' ? 1 : 0;
  return [
    {
      title: `Add CHECK (${column} IS NOT NULL) NOT VALID instead (validate, then SET NOT NULL, in later migrations)`,
      kind: 'quickfix',
      problem,
      edits: [{ start: statement.span.start, end: end + semicolon, newText: `${text[0]};\n${text[1]}\n${text[2]}` }],
    },
  ];
}
