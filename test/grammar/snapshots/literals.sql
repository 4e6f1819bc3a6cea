/* Block comments /* nest */ in PostgreSQL. */
SELECT E'line\nnext \'quoted\' \x41',
       'it''s a backslash: \',
       U&'d\0061t\+000061',
       B'1010', X'1F',
       "Quoted ""Name""",
       $$plain dollar string$$,
       $1, $12,
       3.14, .5, 1e-3, 0x1F, 1_000_000,
       NULL, TRUE, current_user,
       payload->>'name', tags @> ARRAY['a'],
       created_at::timestamp with time zone,
       price::numeric(10, 2), ids::bigint[], x::character varying(20), kind::public.key_kind;

CREATE UNIQUE INDEX IF NOT EXISTS api_keys_prefix_idx ON api_keys (prefix);
CREATE INDEX ON usage_events (occurred_at);
CREATE TABLE invoices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id),
    status       text   NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'paid')),
    name         text
);
INSERT INTO invoices (customer_id, status) VALUES ($1, 'paid')
ON CONFLICT DO NOTHING
RETURNING id;
