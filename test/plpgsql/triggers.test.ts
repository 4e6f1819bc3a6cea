/** NEW and OLD of a trigger function against each table a CREATE TRIGGER attaches it to. */
import { describeBodyCases } from './bodyCases';

const touch = `CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;`;

describeBodyCases('PL/pgSQL bodies: trigger functions', [
  {
    name: 'NEW.updated_at on a table without updated_at',
    sql: `CREATE TABLE notes (id int, body text);
${touch}
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO notes VALUES (1, 'a');`,
    run: "UPDATE notes SET body = 'b'",
    expect: '42703',
  },
  {
    name: 'a trigger function shared by tables that all have the field',
    sql: `CREATE TABLE notes (id int, body text, updated_at timestamptz);
CREATE TABLE tags (id int, label text, updated_at timestamptz);
${touch}
CREATE TRIGGER notes_touch BEFORE INSERT OR UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER tags_touch BEFORE INSERT OR UPDATE ON tags FOR EACH ROW EXECUTE FUNCTION set_updated_at();`,
    run: "INSERT INTO notes VALUES (1, 'a'); INSERT INTO tags VALUES (1, 'x'); UPDATE tags SET label = 'y'",
    expect: 'ok',
  },
  {
    name: 'the field read in a query of the body (OLD.id in a DELETE trigger)',
    sql: `CREATE TABLE notes (note_id int, body text);
CREATE TABLE note_log (id int);
CREATE FUNCTION log_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO note_log (id) VALUES (OLD.id);
  RETURN OLD;
END $$;
CREATE TRIGGER notes_log AFTER DELETE ON notes FOR EACH ROW EXECUTE FUNCTION log_delete();
INSERT INTO notes VALUES (1, 'a');`,
    run: 'DELETE FROM notes',
    expect: '42703',
  },
  {
    name: 'a column added to the table after the trigger',
    sql: `CREATE TABLE notes (id int, body text);
${touch}
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION set_updated_at();
ALTER TABLE notes ADD COLUMN updated_at timestamptz;
INSERT INTO notes VALUES (1, 'a');`,
    run: "UPDATE notes SET body = 'b'",
    expect: 'ok',
  },
  {
    name: 'fields used only under a TG_OP test',
    sql: `CREATE TABLE notes (id int, body text);
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE NOTICE '%', OLD.body;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER notes_audit BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION audit();`,
    run: "INSERT INTO notes VALUES (1, 'a')",
    expect: 'ok',
  },
  {
    name: 'the whole row copied with NEW.* into an audit table',
    sql: `CREATE TABLE notes (id int, body text);
CREATE TABLE notes_audit (id int, body text);
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notes_audit SELECT NEW.*;
  RETURN NEW;
END $$;
CREATE TRIGGER notes_audit_row AFTER INSERT ON notes FOR EACH ROW EXECUTE FUNCTION audit_row();`,
    run: "INSERT INTO notes VALUES (1, 'a')",
    expect: 'ok',
  },
  {
    name: 'NEW fields on INSERT, with TG_* variables',
    sql: `CREATE TABLE notes (id int, body text, created_by text);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_by := TG_TABLE_NAME || ':' || TG_OP;
  NEW.body := coalesce(NEW.body, '');
  RETURN NEW;
END $$;
CREATE TRIGGER notes_stamp BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION stamp();`,
    run: 'INSERT INTO notes (id) VALUES (1)',
    expect: 'ok',
  },
]);
