import type { Rule } from './types';
import { baseTypeName } from '../catalog/typeNames';
import { columnDefinitions } from './facts/columnDefinitions';
import { nameSpan } from '../context';

/** Opt-in type preference: prefer timestamptz to timestamp without time zone */
export const preferTimestamptz: Rule = {
  id: 'prefer-timestamptz',
  defaultSeverity: 'off',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'prefer timestamptz to timestamp without time zone',
  start: () => (s, report) => {
    for (const c of columnDefinitions(s)) {
      const type = baseTypeName(c.typeName);
      if (!(type === 'timestamp')) continue;
      report({ span: nameSpan({ statement: s.statement }, c.typeName.location, 1), message: `column "${c.name}" is timestamp without time zone: the values carry no time zone, so they are read in whatever zone each client assumes`, hint: 'use timestamptz (timestamp with time zone)' });
    }
  },
};
