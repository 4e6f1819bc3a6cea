CREATE TABLE api_keys (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    api_client_id  bigint      NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
    prefix         text        NOT NULL UNIQUE,
    token_hash     text        NOT NULL,
    scopes         text[]      NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    revoked_at     timestamptz
);

CREATE INDEX api_keys_api_client_id_idx ON api_keys (api_client_id);
