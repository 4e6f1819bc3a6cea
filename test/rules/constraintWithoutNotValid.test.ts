import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text); create table p (id int primary key); insert into p values (1);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('constraint-without-not-valid', [
  { name: 'CHECK without NOT VALID: ACCESS EXCLUSIVE while every row is checked', history: [T], rows: R, file: 'alter table t add constraint a_pos check (a > 0);', findings: 1 },
  { name: 'FOREIGN KEY without NOT VALID: SHARE ROW EXCLUSIVE on both tables', history: [T], rows: R, file: 'alter table t add constraint t_a_fk foreign key (a) references p (id);', findings: 1 },
  { name: 'CHECK ... NOT VALID: silent', history: [T], rows: R, file: 'alter table t add constraint a_pos check (a > 0) not valid;', findings: 0 },
  { name: 'FOREIGN KEY ... NOT VALID: silent', history: [T], rows: R, file: 'alter table t add constraint t_a_fk foreign key (a) references p (id) not valid;', findings: 0 },
  { name: 'VALIDATE in a later file: silent, SHARE UPDATE EXCLUSIVE only', history: [T, 'alter table t add constraint a_pos check (a > 0) not valid;'], rows: R, file: 'alter table t validate constraint a_pos;', findings: 0, pg: { table: 'public.t', noLock: ['AccessExclusiveLock', 'ShareRowExclusiveLock'] } },
  { name: 'on a new table: silent', file: T + ' alter table t add constraint a_pos check (a > 0);', findings: 0 },
]);
