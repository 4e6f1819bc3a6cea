import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text); create index t_a on t (a);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('drop-index-blocks-table', [
  { name: 'DROP INDEX of an index on an existing table: ACCESS EXCLUSIVE on the table', history: [T], rows: R, file: 'drop index t_a;', findings: 1 },
  { name: 'qualified name', history: [T], rows: R, file: 'drop index if exists public.t_a;', findings: 1, noPg: true },
  { name: 'CONCURRENTLY: silent', history: [T], file: 'drop index concurrently t_a;', findings: 0, noPg: true },
  { name: 'an index made in this file: silent', history: [T], file: 'create table u (x int); create index u_x on u (x); drop index u_x;', findings: 0 },
  { name: 'an index we never saw: silent', history: [T], file: 'drop index if exists nowhere;', findings: 0 },
]);
