import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text); create index t_b on t (b);";
const R = "insert into t values (1, 1, 'x', 1.5, now(), 'y');";
const silent = (name: string, file: string) => ({ name: name + ': silent, no rewrite', history: [T], rows: R, file, findings: 0, pg: { table: 'public.t', rewrite: false } });

ruleCases('alter-column-type-rewrite', [
  { name: 'int → bigint: rewrite', history: [T], rows: R, file: 'alter table t alter column a type bigint;', findings: 1 },
  { name: 'varchar(20) → varchar(10): rewrite (and may fail)', history: [T], rows: R, file: 'alter table t alter column b type varchar(10);', findings: 1 },
  { name: 'text → integer with USING: rewrite', history: [T], rows: R, file: "alter table t alter column e type integer using length(e);", findings: 1 },
  { name: 'numeric(10,2) → numeric(12,4): rewrite', history: [T], rows: R, file: 'alter table t alter column c type numeric(12,4);', findings: 1 },
  { name: 'timestamp(3) → timestamp(0): rewrite', history: [T], rows: R, file: 'alter table t alter column d type timestamp(0);', findings: 1 },
  silent('varchar(20) → varchar(50)', 'alter table t alter column b type varchar(50);'),
  silent('varchar(20) → text', 'alter table t alter column b type text;'),
  silent('varchar(20) → varchar', 'alter table t alter column b type varchar;'),
  silent('text → varchar', 'alter table t alter column e type varchar;'),
  silent('numeric(10,2) → numeric(14,2)', 'alter table t alter column c type numeric(14,2);'),
  silent('numeric(10,2) → numeric', 'alter table t alter column c type numeric;'),
  silent('timestamp(3) → timestamp(6)', 'alter table t alter column d type timestamp(6);'),
  { name: 'widening judged from the type the column has now (an earlier file widened it)', history: [T, 'alter table t alter column b type varchar(100);'], rows: R, file: 'alter table t alter column b type varchar(60);', findings: 1 },
  { name: 'on a table created in this file: silent', file: T + ' alter table t alter column a type bigint;', findings: 0 },
]);
