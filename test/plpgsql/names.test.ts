/** Unknown relations and columns inside PL/pgSQL bodies: 42P01 / 42703 when the function runs. */
import { describeBodyCases } from './bodyCases';

const items = `CREATE TABLE line_items (id bigint PRIMARY KEY, invoice_id bigint, amount numeric, qty int);
INSERT INTO line_items VALUES (1, 1, 10, 2), (2, 1, 5, 1);`;

describeBodyCases('PL/pgSQL bodies: names against the schema', [
  {
    name: 'a misspelled column of an aliased table',
    sql: `${items}
CREATE FUNCTION invoice_total(p_invoice bigint) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE s numeric;
BEGIN
  SELECT sum(li.amont) INTO s FROM line_items li WHERE li.invoice_id = p_invoice;
  RETURN s;
END $$;`,
    run: 'SELECT invoice_total(1)',
    expect: '42703',
  },
  {
    name: 'the same body spelled right',
    sql: `${items}
CREATE FUNCTION invoice_total(p_invoice bigint) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE s numeric;
BEGIN
  SELECT sum(li.amount) INTO s FROM line_items li WHERE li.invoice_id = p_invoice;
  RETURN s;
END $$;`,
    run: 'SELECT invoice_total(1)',
    expect: 'ok',
  },
  {
    name: 'an unknown table in an UPDATE',
    sql: `${items}
CREATE FUNCTION touch() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE line_item SET qty = qty + 1;
END $$;`,
    run: 'SELECT touch()',
    expect: '42P01',
  },
  {
    name: 'an unqualified unknown column in a WHERE with a parameter by position',
    sql: `${items}
CREATE FUNCTION count_of(bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM line_items WHERE invoiceid = $1);
END $$;`,
    run: 'SELECT count_of(1)',
    expect: '42703',
  },
  {
    name: 'parameters by name and by position, FOUND, a loop variable',
    sql: `${items}
CREATE FUNCTION qty_sum(p_invoice bigint) RETURNS int LANGUAGE plpgsql AS $$
DECLARE total int := 0; i int;
BEGIN
  PERFORM 1 FROM line_items WHERE invoice_id = p_invoice;
  IF NOT FOUND THEN RETURN 0; END IF;
  FOR i IN SELECT qty FROM line_items WHERE invoice_id = $1 LOOP
    total := total + i;
  END LOOP;
  RETURN total;
END $$;`,
    run: 'SELECT qty_sum(1)',
    expect: 'ok',
  },
  {
    name: 'RETURN QUERY with qualified names in a RETURNS TABLE function',
    sql: `${items}
CREATE FUNCTION lines(p_invoice bigint) RETURNS TABLE (id bigint, amount numeric) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT li.id, li.amount FROM line_items li WHERE li.invoice_id = p_invoice;
END $$;`,
    run: 'SELECT * FROM lines(1)',
    expect: 'ok',
  },
  {
    name: 'EXECUTE format(...) is not checked',
    sql: `${items}
CREATE FUNCTION dyn(t text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
  RETURN n;
END $$;`,
    run: "SELECT dyn('line_items')",
    expect: 'ok',
  },
  {
    name: 'an exception block with SQLSTATE and SQLERRM',
    sql: `${items}
CREATE FUNCTION safe_div(a numeric, b numeric) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  RETURN a / b;
EXCEPTION WHEN division_by_zero THEN
  RAISE NOTICE '% %', SQLSTATE, SQLERRM;
  RETURN NULL;
END $$;`,
    run: 'SELECT safe_div(1, 0)',
    expect: 'ok',
  },
  {
    name: 'a table the body creates itself',
    sql: `${items}
CREATE FUNCTION scratch() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE scratch_rows (a int);
  INSERT INTO scratch_rows (a) VALUES (1);
  RETURN (SELECT count(*) FROM scratch_rows);
END $$;`,
    run: 'SELECT scratch()',
    expect: 'ok',
  },
  {
    name: 'an unknown column in an IF condition subquery',
    sql: `${items}
CREATE FUNCTION has_big() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM line_items WHERE quantity > 10) THEN RETURN true; END IF;
  RETURN false;
END $$;`,
    run: 'SELECT has_big()',
    expect: '42703',
  },
  {
    name: 'an unknown column in an INSERT column list',
    sql: `${items}
CREATE PROCEDURE add_line(p_id bigint) LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO line_items (id, invoice_id, amout) VALUES (p_id, 1, 0);
END $$;`,
    run: 'CALL add_line(9)',
    expect: '42703',
  },
  {
    name: 'a procedure inserting valid rows, variables shadowing nothing',
    sql: `${items}
CREATE PROCEDURE add_line(p_id bigint) LANGUAGE plpgsql AS $$
DECLARE v_amount numeric := 3;
BEGIN
  INSERT INTO line_items (id, invoice_id, amount) VALUES (p_id, 1, v_amount);
END $$;`,
    run: 'CALL add_line(9)',
    expect: 'ok',
  },
  {
    name: "SET search_path = '' and an unqualified table",
    sql: `${items}
CREATE FUNCTION n_lines() RETURNS bigint LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  RETURN (SELECT count(*) FROM line_items);
END $$;`,
    run: 'SELECT n_lines()',
    expect: '42P01',
  },
  {
    name: "SET search_path = '' with a qualified table",
    sql: `${items}
CREATE FUNCTION n_lines() RETURNS bigint LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  RETURN (SELECT count(*) FROM public.line_items);
END $$;`,
    run: 'SELECT n_lines()',
    expect: 'ok',
  },
]);
