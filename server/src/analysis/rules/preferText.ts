import type { Rule } from './types';
import { baseTypeName } from '../catalog/typeNames';
import { columnDefinitions } from './facts/columnDefinitions';
import { nameSpan } from '../context';

/** Opt-in type preference: prefer text (with a CHECK on length if needed) to varchar(n): changing n later can rewrite the table */
export const preferText: Rule = {
  id: 'prefer-text',
  defaultSeverity: 'off',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'prefer text (with a CHECK on length if needed) to varchar(n): changing n later can rewrite the table',
  start: () => (s, report) => {
    for (const c of columnDefinitions(s)) {
      const type = baseTypeName(c.typeName);
      if (!((type === 'varchar' || type === 'bpchar') && (c.typeName.typmods?.length ?? 0) > 0)) continue;
      report({ span: nameSpan({ statement: s.statement }, c.typeName.location, 1), message: `column "${c.name}" has a length limit: raising it is cheap, but lowering it or changing to char(n) rewrites the table`, hint: 'use text, with CHECK (char_length(col) <= n) if the limit matters' });
    }
  },
};
