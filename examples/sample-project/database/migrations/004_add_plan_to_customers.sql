ALTER TABLE customers
    ADD COLUMN plan text NOT NULL DEFAULT 'free',
    ADD CONSTRAINT customers_plan_check CHECK (plan IN ('free', 'pro', 'enterprise'));
