-- One row per metered API call (aggregated per minute by the ingester).
CREATE TABLE usage_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    api_key_id   bigint      NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    endpoint     text        NOT NULL,
    units        integer     NOT NULL DEFAULT 1 CHECK (units > 0),
    occurred_at  timestamptz NOT NULL DEFAULT now()
);
