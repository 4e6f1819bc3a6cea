import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('drop-column', [
  { name: 'DROP COLUMN of an existing table: data loss, ACCESS EXCLUSIVE, no rewrite', history: [T], rows: R, file: 'alter table t drop column e;', findings: 1 },
  { name: 'a column added in this file: silent', file: T + ' alter table t drop column e;', findings: 0 },
  { name: 'IF EXISTS of a column that is not there: silent', history: [T], file: 'alter table t drop column if exists nothing;', findings: 0 },
]);
