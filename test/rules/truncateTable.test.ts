import { ruleCases } from './support';

const T = "create table t (id bigint primary key, a int, b varchar(20), c numeric(10,2), d timestamp(3), e text);";

ruleCases('truncate-table', [
  { name: 'TRUNCATE of an existing table', history: [T], file: 'truncate t;', findings: 1 },
  { name: 'a table created in this file: silent', file: T + ' truncate t;', findings: 0 },
]);
