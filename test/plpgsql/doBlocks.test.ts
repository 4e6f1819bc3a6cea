/** DO blocks run their body now: queries outside any guard are checked; guarded ones and DDL are not. */
import { describeBodyCases } from './bodyCases';

const items = `CREATE TABLE line_items (id bigint PRIMARY KEY, invoice_id bigint, amount numeric, qty int);
INSERT INTO line_items VALUES (1, 1, 10, 2);`;

describeBodyCases('PL/pgSQL bodies: DO blocks', [
  {
    name: 'an unguarded UPDATE of a misspelled column',
    sql: items,
    run: `DO $$ BEGIN UPDATE line_items SET qty = qty + 1 WHERE amont > 0; END $$;`,
    expect: '42703',
    runIsChecked: true,
  },
  {
    name: 'a backfill that uses a variable and the real columns',
    sql: items,
    run: `DO $$
DECLARE n int;
BEGIN
  UPDATE line_items SET qty = coalesce(qty, 0) WHERE amount IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  RAISE NOTICE 'updated %', n;
END $$;`,
    expect: 'ok',
    runIsChecked: true,
  },
  {
    name: 'a query under IF EXISTS of a column that may not be there',
    sql: items,
    run: `DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'line_items' AND column_name = 'price') THEN
    UPDATE line_items SET price = 0;
  END IF;
END $$;`,
    expect: 'ok',
    runIsChecked: true,
  },
  {
    name: 'DDL and then a query of what it made',
    sql: items,
    run: `DO $$ BEGIN
  ALTER TABLE line_items ADD COLUMN price numeric;
  UPDATE line_items SET price = amount * qty;
END $$;`,
    expect: 'ok',
    runIsChecked: true,
  },
]);
