CREATE INDEX usage_events_api_key_time_idx ON usage_events (api_key_id, occurred_at DESC);
CREATE INDEX usage_events_occurred_at_idx ON usage_events USING brin (occurred_at);
