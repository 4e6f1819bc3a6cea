import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('add-column-not-null-without-default', [
  { name: 'NOT NULL without default on an existing table with rows: fails with 23502', history: [T], rows: R, file: 'alter table t add column z int not null;', findings: 1, fails: '23502' },
  { name: 'with a constant default: silent, no rewrite', history: [T], rows: R, file: 'alter table t add column z int not null default 0;', findings: 0, pg: { table: 'public.t', rewrite: false } },
  { name: 'nullable: silent', history: [T], rows: R, file: 'alter table t add column z int;', findings: 0 },
  { name: 'identity fills the rows: silent', history: [T], rows: R, file: 'alter table t add column z bigint generated always as identity;', findings: 0 },
  { name: 'on a table created in this file: silent', file: T + ' alter table t add column z int not null;', findings: 0 },
]);
