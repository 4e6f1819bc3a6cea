-- Backs the "Customers" page of the admin dashboard.
CREATE VIEW customer_stats AS
SELECT
    c.id AS customer_id,
    c.email,
    c.plan,
    COUNT(DISTINCT ac.id) AS api_client_count,
    COALESCE(inv.paid_cents, 0) AS paid_cents
FROM customers c
LEFT JOIN api_clients ac ON ac.customer_id = c.id
LEFT JOIN (
    SELECT customer_id, SUM(amount_cents) AS paid_cents
    FROM invoices
    WHERE status = 'paid'
    GROUP BY customer_id
) inv ON inv.customer_id = c.id
GROUP BY c.id, inv.paid_cents;
