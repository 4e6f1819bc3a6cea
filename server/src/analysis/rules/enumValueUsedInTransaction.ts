import type { Rule } from './types';
import type { PgNode } from '../parser/pgParser';
import type { Span } from '../types';

/**
 * ALTER TYPE … ADD VALUE, then the new value used later in the same transaction: PostgreSQL refuses the use
 * with 55P04 (unsafe use of new value) until the ADD VALUE has committed. Seen as the value's literal in a
 * later statement of a file that runs in one transaction.
 */
export const enumValueUsedInTransaction: Rule = {
  id: 'enum-value-used-in-transaction',
  stateful: true,
  defaultSeverity: 'warning',
  summary: 'a value added to an enum is used in the same transaction: 55P04 unsafe use of new value',
  start: (file) => {
    const added = new Map<string, string>();
    return (s, report) => {
      if (!file.inTransaction) return;
      if (s.kind === 'AlterEnumStmt' && s.node.newVal !== undefined && !s.node.oldVal) {
        const names: string[] = (s.node.typeName ?? []).map((n: PgNode) => n.String?.sval);
        added.set(s.node.newVal, names.join('.'));
        return;
      }
      if (!added.size || s.kind === 'AlterEnumStmt') return;
      for (const t of s.statement.tokens) {
        const value = literalValue(t.text);
        const type = value !== undefined ? added.get(value) : undefined;
        if (type === undefined) continue;
        const span: Span = { start: t.start, end: t.end };
        report({
          span,
          message: `'${value}' was added to ${type} earlier in this transaction: using it before COMMIT fails with 55P04 (unsafe use of new value)`,
          hint: 'add the enum value in a migration of its own, before the one that uses it',
        });
        return;
      }
    };
  },
};

function literalValue(token: string): string | undefined {
  const m = /^'((?:[^']|'')*)'$/.exec(token);
  return m ? m[1].replace(/''/g, "'") : undefined;
}
