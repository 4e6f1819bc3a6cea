-- Trigger function with a PL/pgSQL body.
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    IF TG_OP = 'INSERT' THEN
        RAISE NOTICE 'created %', NEW.id;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER customers_set_updated_at
    BEFORE UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- SQL function with a tagged body, positional parameters and a nested dollar string.
CREATE FUNCTION public.monthly_usage(p_month date, integer)
RETURNS TABLE (customer_id bigint, units bigint)
LANGUAGE sql STABLE AS $body$
    SELECT ac.customer_id, SUM(u.units)::bigint
    FROM usage_events u
    JOIN api_clients ac ON ac.id = u.api_client_id
    WHERE u.occurred_at >= date_trunc('month', $1)
      AND u.units > $2
      AND u.note <> $q$it's $$ not the end$q$
    GROUP BY ac.customer_id
$body$;
