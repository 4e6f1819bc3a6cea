-- The dashboard connects with app.customer_id set; customers only ever see their own keys.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;

CREATE POLICY api_keys_owner ON api_keys
    USING (
        api_client_id IN (
            SELECT ac.id
            FROM api_clients ac
            WHERE ac.customer_id = current_setting('app.customer_id', true)::bigint
        )
    );
