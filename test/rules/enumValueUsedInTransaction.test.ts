import { ruleCases } from './support';

const E = "create type mood as enum ('sad', 'ok'); create table m (x mood);";

ruleCases('enum-value-used-in-transaction', [
  { name: 'ADD VALUE then its use in the same transaction: 55P04', history: [E], file: "alter type mood add value 'happy'; insert into m values ('happy');", findings: 1, fails: '55P04' },
  { name: 'ADD VALUE alone: silent', history: [E], file: "alter type mood add value 'happy';", findings: 0 },
  { name: 'used in a later file: silent', history: [E, "alter type mood add value 'happy';"], file: "insert into m values ('happy');", findings: 0 },
]);
