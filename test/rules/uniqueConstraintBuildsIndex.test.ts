import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";

ruleCases('unique-constraint-builds-index', [
  { name: 'ADD UNIQUE: index built under ACCESS EXCLUSIVE', history: [T], rows: R, file: 'alter table t add constraint t_a_key unique (a);', findings: 1 },
  { name: 'ADD PRIMARY KEY', history: ['create table u (id int not null);'], rows: 'insert into u values (1);', file: 'alter table u add primary key (id);', findings: 1 },
  { name: 'EXCLUDE', history: [T], rows: R, file: 'alter table t add constraint t_a_excl exclude using btree (a with =);', findings: 1 },
  { name: 'USING INDEX of an index built beforehand: silent, no SHARE lock', history: [T, 'create unique index t_a_idx on t (a);'], rows: R, file: 'alter table t add constraint t_a_key unique using index t_a_idx;', findings: 0, pg: { table: 'public.t', noLock: ['ShareLock'] } },
  { name: 'on a new table: silent', file: T + ' alter table t add constraint t_a_key unique (a);', findings: 0 },
]);
