/**
 * Which schema a body runs on: the one after the migrations. A name is fine if the history has it when the
 * function is created or later; a name it never has is reported; a later DROP/RENAME COLUMN that breaks a
 * body is reported at that ALTER. Confirmed on PostgreSQL, then through the workspace over migration files.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/src/project/workspace';
import { describeBodyCases } from './bodyCases';

const items = `CREATE TABLE line_items (id bigint PRIMARY KEY, invoice_id bigint, amount numeric, qty int);
INSERT INTO line_items VALUES (1, 1, 10, 2), (2, 1, 5, 1);`;
const total = `CREATE FUNCTION invoice_total(p_invoice bigint) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT sum(li.amount) FROM line_items li WHERE li.invoice_id = p_invoice);
END $$;`;

describeBodyCases('PL/pgSQL bodies: the schema later in the history', [
  {
    name: 'a table created after the function',
    sql: `CREATE FUNCTION n_events() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM events WHERE kind = 'x');
END $$;
CREATE TABLE events (id int, kind text);`,
    run: 'SELECT n_events()',
    expect: 'ok',
  },
  {
    name: 'a column added after the function',
    sql: `${items}
CREATE FUNCTION priced() RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT sum(price) FROM line_items);
END $$;
ALTER TABLE line_items ADD COLUMN price numeric;`,
    run: 'SELECT priced()',
    expect: 'ok',
  },
  {
    name: 'a table the history never has',
    sql: `${items}
CREATE FUNCTION n_events() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM events);
END $$;
CREATE TABLE event (id int);`,
    run: 'SELECT n_events()',
    expect: '42P01',
  },
  {
    name: 'a later DROP COLUMN of a used column',
    sql: `${items}
${total}
ALTER TABLE line_items DROP COLUMN amount;`,
    run: 'SELECT invoice_total(1)',
    expect: '42703',
    codeOnly: true,
  },
  {
    name: 'a later RENAME COLUMN of a used column',
    sql: `${items}
${total}
ALTER TABLE line_items RENAME COLUMN amount TO net_amount;`,
    run: 'SELECT invoice_total(1)',
    expect: '42703',
    codeOnly: true,
  },
  {
    name: 'a later DROP COLUMN of a column the body does not use',
    sql: `${items}
${total}
ALTER TABLE line_items DROP COLUMN qty;`,
    run: 'SELECT invoice_total(1)',
    expect: 'ok',
  },
  {
    name: 'a column dropped and added back (a type change by hand)',
    sql: `${items}
${total}
ALTER TABLE line_items DROP COLUMN amount;
ALTER TABLE line_items ADD COLUMN amount numeric(12,2);`,
    run: 'SELECT invoice_total(1)',
    expect: 'ok',
  },
  {
    name: 'a column dropped after the function that used it was dropped',
    sql: `${items}
${total}
DROP FUNCTION invoice_total(bigint);
ALTER TABLE line_items DROP COLUMN amount;`,
    run: 'SELECT count(*) FROM line_items',
    expect: 'ok',
  },
  {
    name: 'a later DROP TABLE of a table the body counts',
    sql: `${items}
CREATE FUNCTION n_lines() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM line_items);
END $$;
DROP TABLE line_items;`,
    run: 'SELECT n_lines()',
    expect: '42P01',
    codeOnly: true,
  },
  {
    name: 'a table dropped and created again',
    sql: `${items}
CREATE FUNCTION n_lines() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM line_items);
END $$;
DROP TABLE line_items;
CREATE TABLE line_items (id bigint);`,
    run: 'SELECT n_lines()',
    expect: 'ok',
  },
  {
    name: 'a later RENAME of a table the body uses',
    sql: `${items}
${total}
ALTER TABLE line_items RENAME TO invoice_lines;`,
    run: 'SELECT invoice_total(1)',
    expect: '42P01',
    codeOnly: true,
  },
  {
    name: 'a function renamed, then the table it used dropped',
    sql: `${items}
${total}
ALTER FUNCTION invoice_total(bigint) RENAME TO old_invoice_total;
DROP FUNCTION old_invoice_total(bigint);
DROP TABLE line_items;`,
    run: 'SELECT 1',
    expect: 'ok',
  },
  {
    name: "a later DROP COLUMN of a trigger's NEW field",
    sql: `CREATE TABLE notes (id int, body text, updated_at timestamptz);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO notes VALUES (1, 'a', now());
ALTER TABLE notes DROP COLUMN updated_at;`,
    run: "UPDATE notes SET body = 'b'",
    expect: '42703',
    codeOnly: true,
  },
  {
    name: 'the trigger dropped before the column',
    sql: `CREATE TABLE notes (id int, body text, updated_at timestamptz);
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO notes VALUES (1, 'a', now());
DROP TRIGGER notes_touch ON notes;
ALTER TABLE notes DROP COLUMN updated_at;`,
    run: "UPDATE notes SET body = 'b'",
    expect: 'ok',
  },
  {
    name: 'a function replaced after the rename',
    sql: `${items}
${total}
ALTER TABLE line_items RENAME COLUMN amount TO net_amount;
CREATE OR REPLACE FUNCTION invoice_total(p_invoice bigint) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT sum(li.net_amount) FROM line_items li WHERE li.invoice_id = p_invoice);
END $$;`,
    run: 'SELECT invoice_total(1)',
    expect: 'ok',
  },
]);

describe('PL/pgSQL bodies: the workspace confirms against the end of the history', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'schemasense-plpgsql-'));
    const dir = path.join(root, 'migrations');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '001_fn.sql'), `CREATE FUNCTION n_events() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  RETURN (SELECT count(*) FROM events) + (SELECT count(*) FROM audit_log);
END $$;\n`);
    fs.writeFileSync(path.join(dir, '002_events.sql'), 'CREATE TABLE events (id int);\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports only the table no later migration creates, and only until one does', async () => {
    const ws = await Workspace.open({ root });
    const first = path.join(root, 'migrations', '001_fn.sql');
    const text = fs.readFileSync(first, 'utf8');
    const shown = () => ws.check(first, text).map((p) => `${p.severity} ${p.code} ${p.message}`);
    assert.deepStrictEqual(shown(), ['warning 42P01 relation "audit_log" does not exist']);
    const second = path.join(root, 'migrations', '002_events.sql');
    ws.setOverlay(second, 'CREATE TABLE events (id int);\nCREATE TABLE audit_log (id int);\n');
    ws.check(second, 'CREATE TABLE events (id int);\nCREATE TABLE audit_log (id int);\n');
    assert.deepStrictEqual(shown(), []);
  });
});
