-- Prepaid credits, in cents. Usage is charged against them before anything is invoiced.
ALTER TABLE customers ADD COLUMN credit_cents integer NOT NULL DEFAULT 0;
ALTER TABLE customers ADD CONSTRAINT customers_credit_nonnegative CHECK (credit_cents >= 0);
