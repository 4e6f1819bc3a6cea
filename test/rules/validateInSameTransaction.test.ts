import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('validate-in-same-transaction', [
  { name: 'NOT VALID then VALIDATE in one file: the ADD lock is held through the scan', history: [T], rows: R, file: 'alter table t add constraint a_pos check (a > 0) not valid; alter table t validate constraint a_pos;', findings: 1, pg: { table: 'public.t' } },
  { name: 'VALIDATE in a later file: silent', history: [T, 'alter table t add constraint a_pos check (a > 0) not valid;'], rows: R, file: 'alter table t validate constraint a_pos;', findings: 0 },
  { name: 'a file without a transaction: silent', history: [T], file: 'alter table t add constraint a_pos check (a > 0) not valid; alter table t validate constraint a_pos;', findings: 0, options: { inTransaction: false }, noPg: true },
]);
