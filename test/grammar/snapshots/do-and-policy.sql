ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;

CREATE POLICY api_keys_owner ON api_keys
    AS PERMISSIVE FOR SELECT TO authenticated
    USING (
        api_client_id IN (
            SELECT ac.id FROM api_clients ac
            WHERE ac.customer_id = current_setting('app.customer_id', true)::bigint
        )
    )
    WITH CHECK (revoked_at IS NULL);

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('ANALYZE %I', r.tablename);
    END LOOP;
END
$$;

DO LANGUAGE plpgsql $migrate$
BEGIN
    PERFORM pg_advisory_xact_lock(42);
END
$migrate$;
