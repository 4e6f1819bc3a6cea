import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";

ruleCases('rename-column', [
  { name: 'RENAME COLUMN of an existing table', history: [T], file: 'alter table t rename column a to a2;', findings: 1 },
  { name: 'a table of this file: silent', file: T + ' alter table t rename column a to a2;', findings: 0 },
]);
