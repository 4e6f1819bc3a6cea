import type { Rule } from './types';
import { baseTypeName } from '../catalog/typeNames';
import { columnDefinitions } from './facts/columnDefinitions';
import { nameSpan } from '../context';

/** Opt-in type preference: prefer bigint to integer and smallint for keys and counters (an int4 key runs out at 2^31) */
export const preferBigint: Rule = {
  id: 'prefer-bigint',
  defaultSeverity: 'off',
  kinds: ['CreateStmt', 'AlterTableStmt'],
  summary: 'prefer bigint to integer and smallint for keys and counters (an int4 key runs out at 2^31)',
  start: () => (s, report) => {
    for (const c of columnDefinitions(s)) {
      const type = baseTypeName(c.typeName);
      if (!(['int4', 'int2', 'serial', 'serial4', 'smallserial', 'serial2'].includes(type))) continue;
      report({ span: nameSpan({ statement: s.statement }, c.typeName.location, 1), message: `column "${c.name}" is ${type === "int2" || type === "smallserial" || type === "serial2" ? "smallint" : "integer"}: it runs out at ${type === "int2" || type === "smallserial" || type === "serial2" ? "32,767" : "2,147,483,647"}`, hint: 'use bigint (or bigserial / bigint GENERATED ... AS IDENTITY)' });
    }
  },
};
