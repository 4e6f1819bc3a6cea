import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('index-blocks-writes', [
  { name: 'CREATE INDEX on a table of an earlier migration: SHARE lock', history: [T], rows: R, file: 'create index t_a on t (a);', findings: 1 },
  { name: 'CREATE UNIQUE INDEX too', history: [T], rows: R, file: 'create unique index t_a on t (a);', findings: 1 },
  { name: 'on a table created in the same file: silent', file: T + ' create index t_a on t (a);', findings: 0 },
  { name: 'CONCURRENTLY: silent', history: [T], rows: R, file: 'create index concurrently t_a on t (a);', findings: 0, noPg: true },
  { name: 'on a table a pending migration creates: silent', history: [T], file: 'create index t_a on t (a);', findings: 0, options: { pending: () => true }, noPg: true },
  { name: 'dropped and created again in this file: new', history: [T], rows: R, file: 'drop table t; ' + T + ' create index t_a on t (a);', findings: 0 },
]);
