import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";
const CHECK = 'alter table t add constraint a_not_null check (a is not null) not valid;';

ruleCases('set-not-null-scan', [
  { name: 'SET NOT NULL on an existing table: ACCESS EXCLUSIVE and a scan', history: [T], rows: R, file: 'alter table t alter column a set not null;', findings: 1 },
  { name: 'a NOT VALID check not yet validated does not help', history: [T, CHECK], rows: R, file: 'alter table t alter column a set not null;', findings: 1 },
  { name: 'a CHECK (a IS NOT NULL) validated in an earlier file: silent', history: [T, CHECK, 'alter table t validate constraint a_not_null;'], rows: R, file: 'alter table t alter column a set not null;', findings: 0 },
  { name: 'a check validated then dropped: flagged again', history: [T, CHECK, 'alter table t validate constraint a_not_null;', 'alter table t drop constraint a_not_null;'], rows: R, file: 'alter table t alter column a set not null;', findings: 1 },
  { name: 'a column already NOT NULL: silent', history: [T], rows: R, file: 'alter table t alter column id set not null;', findings: 0 },
  { name: 'on a new table: silent', file: T + ' alter table t alter column a set not null;', findings: 0 },
]);
