/** Record variables: the fields of `SELECT ... INTO r`, `FOR r IN query`, `%ROWTYPE`. */
import { describeBodyCases } from './bodyCases';

const items = `CREATE TABLE line_items (id bigint PRIMARY KEY, invoice_id bigint, amount numeric, qty int);
INSERT INTO line_items VALUES (1, 1, 10, 2), (2, 1, 5, 1);`;

describeBodyCases('PL/pgSQL bodies: record fields', [
  {
    name: 'FOR r IN query: a field the query does not produce',
    sql: `${items}
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN SELECT id, qty FROM line_items LOOP
    n := n + r.qtty;
  END LOOP;
  RETURN n;
END $$;`,
    run: 'SELECT f()',
    expect: '42703',
  },
  {
    name: 'FOR r IN query: the fields it produces',
    sql: `${items}
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN SELECT id, qty AS q FROM line_items LOOP
    n := n + r.q + r.id;
  END LOOP;
  RETURN n;
END $$;`,
    run: 'SELECT f()',
    expect: 'ok',
  },
  {
    name: 'SELECT * INTO r: a column the table lacks',
    sql: `${items}
CREATE FUNCTION f() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  SELECT * INTO r FROM line_items WHERE id = 1;
  RETURN r.price;
END $$;`,
    run: 'SELECT f()',
    expect: '42703',
  },
  {
    name: 'SELECT * INTO r: a column the table has',
    sql: `${items}
CREATE FUNCTION f() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  SELECT * INTO r FROM line_items WHERE id = 1;
  RETURN r.amount;
END $$;`,
    run: 'SELECT f()',
    expect: 'ok',
  },
  {
    name: '%ROWTYPE: a field the table lacks',
    sql: `${items}
CREATE FUNCTION f() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t line_items%ROWTYPE;
BEGIN
  SELECT * INTO t FROM line_items WHERE id = 1;
  RETURN t.price;
END $$;`,
    run: 'SELECT f()',
    expect: '42703',
    codeOnly: true,
  },
  {
    name: '%ROWTYPE: fields of the table',
    sql: `${items}
CREATE FUNCTION f() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t line_items%ROWTYPE;
BEGIN
  SELECT * INTO t FROM line_items WHERE id = 1;
  RETURN t.amount * t.qty;
END $$;`,
    run: 'SELECT f()',
    expect: 'ok',
  },
  {
    name: 'UPDATE ... RETURNING * INTO r: a returned column',
    sql: `${items}
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  UPDATE line_items SET qty = qty + 1 WHERE id = 1 RETURNING id, qty INTO r;
  RETURN r.qty;
END $$;`,
    run: 'SELECT f()',
    expect: 'ok',
  },
  {
    name: 'FOR r IN EXECUTE: fields not known, not checked',
    sql: `${items}
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN EXECUTE 'SELECT qty FROM line_items' LOOP n := n + r.qty; END LOOP;
  RETURN n;
END $$;`,
    run: 'SELECT f()',
    expect: 'ok',
  },
]);
