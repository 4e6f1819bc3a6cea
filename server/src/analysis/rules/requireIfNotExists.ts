import type { Rule } from './types';
import { leadingWords } from './facts/spans';

/** Opt-in: CREATE TABLE / INDEX without IF NOT EXISTS (for teams whose migrations must be re-runnable). */
export const requireIfNotExists: Rule = {
  id: 'require-if-not-exists',
  defaultSeverity: 'off',
  kinds: ['CreateStmt', 'IndexStmt'],
  summary: 'CREATE TABLE / CREATE INDEX without IF NOT EXISTS (opt-in, for re-runnable migrations)',
  start: () => (s, report) => {
    if ((s.kind !== 'CreateStmt' && s.kind !== 'IndexStmt') || s.node.if_not_exists) return;
    if (s.kind === 'IndexStmt' && !s.node.idxname) return;
    report({
      span: leadingWords(s.statement, 2),
      message: `${s.kind === 'CreateStmt' ? 'CREATE TABLE' : 'CREATE INDEX'} without IF NOT EXISTS fails when the migration runs a second time`,
      hint: 'add IF NOT EXISTS',
    });
  },
};
