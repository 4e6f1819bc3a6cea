/** A name that is both a PL/pgSQL variable and a column: 42702 (plpgsql.variable_conflict = error). */
import { describeBodyCases } from './bodyCases';

const items = `CREATE TABLE line_items (id bigint PRIMARY KEY, invoice_id bigint, amount numeric, qty int);
INSERT INTO line_items VALUES (1, 1, 10, 2), (2, 1, 5, 1);`;

describeBodyCases('PL/pgSQL bodies: variable or column', [
  {
    name: 'a RETURNS TABLE column used unqualified in RETURN QUERY',
    sql: `${items}
CREATE FUNCTION lines() RETURNS TABLE (id bigint, amount numeric) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT id, li.amount FROM line_items li;
END $$;`,
    run: 'SELECT * FROM lines()',
    expect: '42702',
  },
  {
    name: 'an OUT parameter named like a column',
    sql: `${items}
CREATE FUNCTION total(OUT amount numeric) LANGUAGE plpgsql AS $$
BEGIN
  SELECT sum(amount) INTO amount FROM line_items;
END $$;`,
    run: 'SELECT total()',
    expect: '42702',
  },
  {
    name: 'a DECLAREd variable with a column name',
    sql: `${items}
CREATE FUNCTION f() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE qty int := 1;
BEGIN
  RETURN (SELECT count(*) FROM line_items WHERE qty > 0);
END $$;`,
    run: 'SELECT f()',
    expect: '42702',
  },
  {
    name: 'the same names qualified',
    sql: `${items}
CREATE FUNCTION lines() RETURNS TABLE (id bigint, amount numeric) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT li.id, li.amount FROM line_items li WHERE li.qty > 0;
END $$;`,
    run: 'SELECT * FROM lines()',
    expect: 'ok',
  },
  {
    name: '#variable_conflict use_column',
    sql: `${items}
CREATE FUNCTION f() RETURNS bigint LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE qty int := 1;
BEGIN
  RETURN (SELECT count(*) FROM line_items WHERE qty > 0);
END $$;`,
    run: 'SELECT f()',
    expect: 'ok',
  },
  {
    name: 'a parameter named like a column, used only where no column is in scope',
    sql: `${items}
CREATE FUNCTION f(amount numeric) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO line_items (id, invoice_id, amount) VALUES (7, 1, amount);
  RETURN amount * 2;
END $$;`,
    run: 'SELECT f(3)',
    expect: 'ok',
  },
]);
