import type { Rule } from './types';
import { wordSpan } from './facts/spans';

/**
 * CREATE/DROP INDEX CONCURRENTLY in a file the runner wraps in one transaction (or sends as one
 * multi-statement query, an implicit transaction): PostgreSQL refuses it with 25001. A warning, since which
 * runner applies the file is not known for sure; a file with this one statement, or one marked to run without
 * a transaction, is fine.
 */
export const concurrentlyInTransaction: Rule = {
  id: 'concurrently-in-transaction',
  stateful: true,
  defaultSeverity: 'warning',
  kinds: ['IndexStmt', 'DropStmt'],
  summary: 'CONCURRENTLY in a migration that runs in a transaction fails with 25001',
  start: (file) => (s, report) => {
    const concurrent = (s.kind === 'IndexStmt' || (s.kind === 'DropStmt' && s.node.removeType === 'OBJECT_INDEX')) && s.node.concurrent;
    if (!concurrent || !file.inTransaction || file.statementCount <= 1) return;
    report({
      span: wordSpan(s.statement, 'concurrently'),
      message: `${s.kind === 'IndexStmt' ? 'CREATE' : 'DROP'} INDEX CONCURRENTLY cannot run inside a transaction block (25001): a runner that wraps this file in a transaction, or sends it as one query, fails here`,
      hint: 'put it in a migration of its own, or mark the file to run without a transaction (dbmate: `-- migrate:up transaction:false`, goose: `-- +goose NO TRANSACTION`)',
    });
  },
};
