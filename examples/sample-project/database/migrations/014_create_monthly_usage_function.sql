-- Units used per customer in a month; the billing job calls it on the 1st.
CREATE FUNCTION monthly_usage(p_month date)
RETURNS TABLE (customer_id bigint, units bigint)
LANGUAGE sql STABLE AS $$
    SELECT ac.customer_id, SUM(u.units)::bigint
    FROM usage_events u
    JOIN api_keys k ON k.id = u.api_key_id
    JOIN api_clients ac ON ac.id = k.api_client_id
    WHERE u.occurred_at >= date_trunc('month', p_month)
      AND u.occurred_at < date_trunc('month', p_month) + interval '1 month'
    GROUP BY ac.customer_id
$$;
