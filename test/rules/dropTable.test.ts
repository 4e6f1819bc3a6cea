import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";

ruleCases('drop-table', [
  { name: 'DROP TABLE of a table of an earlier migration', history: [T], file: 'drop table t;', findings: 1 },
  { name: 'a table created in this file: silent', file: T + ' drop table t;', findings: 0 },
  { name: 'a table a pending migration created: silent', history: [T], file: 'drop table t;', findings: 0, options: { pending: () => true } },
]);
