-- Show remaining credits and the number of API keys on the "Customers" page.
CREATE OR REPLACE VIEW customer_stats AS
SELECT
    c.id AS customer_id,
    c.email,
    c.plan,
    COUNT(DISTINCT ac.id) AS api_client_count,
    COALESCE(inv.paid_cents, 0) AS paid_cents,
    c.credit_cents,
    COUNT(DISTINCT ak.id) AS api_key_count
FROM customers c
LEFT JOIN api_clients ac ON ac.customer_id = c.id
LEFT JOIN api_keys ak ON c.id = ak.customer_id
LEFT JOIN (
    SELECT customer_id, SUM(amount_cents) AS paid_cents
    FROM invoices
    WHERE status = 'paid'
    GROUP BY customer_id
) inv ON inv.customer_id = c.id
GROUP BY c.id, inv.paid_cents;
