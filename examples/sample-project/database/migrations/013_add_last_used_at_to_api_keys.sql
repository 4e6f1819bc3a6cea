ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;

CREATE INDEX api_keys_active_idx ON api_keys (last_used_at DESC) WHERE revoked_at IS NULL;
