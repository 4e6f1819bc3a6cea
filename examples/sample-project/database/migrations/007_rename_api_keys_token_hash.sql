-- We hash with argon2id now; the column name should not suggest otherwise.
ALTER TABLE api_keys RENAME COLUMN token_hash TO secret_hash;

COMMENT ON COLUMN api_keys.secret_hash IS 'argon2id hash of the secret part of the key';
COMMENT ON COLUMN api_keys.prefix IS 'Public part of the key, shown in the dashboard';
