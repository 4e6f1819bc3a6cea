CREATE TABLE invoices (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id   bigint      NOT NULL REFERENCES customers (id),
    period_start  date        NOT NULL,
    period_end    date        NOT NULL,
    amount_cents  integer     NOT NULL CHECK (amount_cents >= 0),
    status        text        NOT NULL DEFAULT 'draft',
    issued_at     timestamptz,
    CHECK (period_end > period_start),
    UNIQUE (customer_id, period_start)
);

CREATE INDEX invoices_open_idx ON invoices (customer_id) WHERE status IN ('draft', 'open');
