-- SYNTAX TEST "source.sql.postgresql" "PostgreSQL features the built-in SQL grammar gets wrong"

-- A function body after AS $$ is code: PL/pgSQL keywords and SQL inside, not a string.
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
--                                                       ^^ keyword.other.DDL.sql
--                                                          ^^ punctuation.definition.dollar-quote.begin.sql
--                                               ^^^^^^^ support.other.language.sql
BEGIN
-- <----- meta.embedded.block.plpgsql keyword.control.plpgsql
    NEW.updated_at := now();
--  ^^^ variable.language.plpgsql
--                 ^^ keyword.operator.assignment.plpgsql
--                    ^^^ support.function.sql
--                    ^^^ - string
    RETURN NEW;
END;
$$;
-- <-- punctuation.definition.dollar-quote.end.sql

-- Only the matching tag ends a tagged body; $$ inside it does not.
CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $fn$ SELECT '$$' || $q$x$q$ $fn$;
--                                               ^^^^ punctuation.definition.dollar-quote.begin.sql
--                                                    ^^^^^^ keyword.other.DML.sql
--                                                    ^^^^^^ meta.embedded.block.plpgsql
--                                                           ^^^^ string.quoted.single.sql
--                                                                   ^^^^^^^ string.quoted.dollar.sql
--                                                                           ^^^^ punctuation.definition.dollar-quote.end.sql

-- DO blocks, with and without LANGUAGE.
DO $$ BEGIN PERFORM 1; END $$;
-- <-- keyword.other.DDL.sql
-- ^^ punctuation.definition.dollar-quote.begin.sql
--          ^^^^^^^ keyword.control.plpgsql
DO LANGUAGE plpgsql $x$ BEGIN NULL; END $x$;
-- ^^^^^^^^ keyword.other.DDL.sql
--          ^^^^^^^ support.other.language.sql
--                      ^^^^^ keyword.control.plpgsql

-- A dollar string that is not a body stays a string; $ inside an identifier starts nothing.
SELECT $$it's text$$, foo$bar;
--     ^^^^^^^^^^^^^ string.quoted.dollar.sql
--                    ^^^^^^^ - string

-- E'' strings have backslash escapes; standard strings do not.
SELECT E'a\'b\n\x41', 'c:\', 'it''s';
--     ^ storage.type.string.sql
--        ^^ constant.character.escape.sql
--           ^^ constant.character.escape.sql
--             ^^^^ constant.character.escape.sql
--                    ^^^^^ string.quoted.single.sql
--                        ^ punctuation.definition.string.end.sql
--                              ^^ constant.character.escape.quote.sql

-- :: casts name the type, also multi-word, qualified and array types.
SELECT x::bigint, y::timestamp with time zone, z::public.kind[], w::numeric(10,2);
--      ^^ keyword.operator.cast.sql
--        ^^^^^^ storage.type.sql
--                   ^^^^^^^^^^^^^^^^^^^^^^^^ storage.type.sql
--                                                ^^^^^^^^^^^^^ storage.type.sql
--                                                                  ^^^^^^^^^^^^ storage.type.sql

-- Positional parameters.
SELECT * FROM t WHERE id = $1 AND n > $23;
--                         ^^ variable.parameter.positional.sql
--                                    ^^^ variable.parameter.positional.sql

-- CREATE POLICY names the policy; its clauses are keywords.
CREATE POLICY "owner can read" ON api_keys AS RESTRICTIVE FOR SELECT TO app USING (true) WITH CHECK (false);
-- <------ keyword.other.DDL.sql
--     ^^^^^^ keyword.other.DDL.sql
--            ^^^^^^^^^^^^^^^^ entity.name.policy.sql
--                             ^^ keyword.other.DDL.sql
--                                            ^^^^^^^^^^^ keyword.other.DDL.sql
--                                                            ^^^^^^ keyword.other.DML.sql
--                                                                          ^^^^^ keyword.other.DML.sql
--                                                                                       ^^^^ keyword.other.DML.sql
--                                                                                            ^^^^^ keyword.other.DDL.sql

-- Created objects are named; an unnamed index names nothing.
CREATE OR REPLACE VIEW app.customer_stats AS SELECT 1;
--                     ^^^^^^^^^^^^^^^^^^ entity.name.type.sql
CREATE INDEX ON usage_events (occurred_at);
--           ^^ keyword.other.DML.sql
--              ^^^^^^^^^^^^ - entity.name

-- Column names that are also type names elsewhere stay plain.
CREATE TABLE t (name text, "Mixed" int);
--              ^^^^ - storage.type.sql
--                   ^^^^ storage.type.sql
--                         ^^^^^^^ variable.other.quoted.sql

-- Block comments nest.
/* outer /* inner */ still comment */ SELECT 1;
--                   ^^^^^^^^^^^^^^^^ comment.block.sql
--                                    ^^^^^^ keyword.other.DML.sql
